"""docs/data-dictionary.md is generated from the pinned schemas and committed up to date."""

from __future__ import annotations

from pipeline.datadict import OUT, render
from pipeline.schemas import TABLES


def test_data_dictionary_is_up_to_date():
    assert OUT.read_text(encoding="utf-8") == render(), "run: python -m pipeline.datadict"


def test_every_column_is_documented():
    for name, schema in TABLES.items():
        for field in schema:
            assert (field.metadata or {}).get(b"doc"), f"{name}.{field.name} has no description"
