"""The C-speed identity paths (Plan.sums, outcomes_of_sums, passed_results) agree with the per-instance
reference (evaluate_terms, result_of) on valid and on broken tables."""

import random

from transforms.checks.context import Context
from transforms.checks.identities import evaluate_terms, outcomes_of_sums, passed_results, result_of
from transforms.model import Fact, ParsedReport
from transforms.synthetic import expected_cells, random_report


def _report(seed: int) -> ParsedReport:
    syn = random_report(random.Random(seed))
    facts = []
    for key, v in expected_cells(syn).items():
        if key[0] == "active":
            facts.append(Fact("active", v, str(v), item=key[1], content=key[2], metric=key[3]))
        elif key[0] == "applications":
            facts.append(Fact("applications", v, str(v), row=key[1], column=key[2]))
        else:
            facts.append(Fact("review_litigation", v, str(v), proceeding=key[1], outcome=key[2]))
    return ParsedReport(source="synthetic", year=syn.year, template=syn.template, facts=facts)


def _reference(ctx: Context) -> list:
    return [(c.ident, evaluate_terms(c.ident.lhs, c.ident.rhs, ctx.values)) for c in ctx.plan.items]


def test_valid_tables_hold_and_pass_results_match_result_of():
    for seed in range(20):
        ctx = Context.build(_report(seed))
        assert ctx.holds and ctx.sums is not None
        assert ctx.outcomes == _reference(ctx)
        places = tuple(range(len(ctx.plan.items)))
        expected = [result_of(c, o, ctx.index) for c, (_, o) in zip(ctx.plan.items, ctx.outcomes, strict=True)]
        assert passed_results(ctx.plan, places, ctx.sums[0]) == expected


def test_a_changed_cell_breaks_holds_and_sums_give_the_reference_outcomes():
    for seed in range(20):
        rep = _report(seed)
        cells = [f for f in rep.facts if f.table == "applications"]
        f = random.Random(seed).choice(cells)
        f.value += 1
        ctx = Context.build(rep)
        assert not ctx.holds and ctx.sums is not None
        assert outcomes_of_sums(ctx.plan, *ctx.sums) == ctx.outcomes == _reference(ctx)
        assert any(o.status == "fail" for _, o in ctx.outcomes)


def test_a_blank_cell_leaves_no_sums():
    rep = _report(1)
    next(f for f in rep.facts if f.table == "applications").value = None
    ctx = Context.build(rep)
    assert ctx.sums is None and not ctx.holds
    assert ctx.outcomes == _reference(ctx)
