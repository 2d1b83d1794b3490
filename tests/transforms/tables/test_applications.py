"""transforms/tables/applications.py: facts of full rows are built field by field, equal to Fact(...)."""

from __future__ import annotations

import random
from dataclasses import fields

import pytest

from transforms.model import Fact
from transforms.parse import parse_bytes
from transforms.synthetic import random_report, render
from transforms.tables import applications


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_facts_of_full_rows_equal_facts_built_by_the_constructor(seed: int, monkeypatch) -> None:
    made: list[Fact] = []
    plain = applications._facts_of_full_rows

    def spy(*args):
        out = plain(*args)
        made.extend(out)
        return out

    monkeypatch.setattr(applications, "_facts_of_full_rows", spy)
    parse_bytes(*render(random_report(random.Random(seed)), "html"))
    assert made  # the full-rows path was taken
    for fact in made:
        # reading every field fails on a field the fast construction forgot to store
        rebuilt = Fact(**{f.name: getattr(fact, f.name) for f in fields(Fact)})
        assert rebuilt == fact and rebuilt.to_json() == fact.to_json()
        assert type(fact) is Fact
    assert len({id(f.notes) for f in made}) == len(made)  # each fact owns its notes list
