"""The C-speed identity paths (Plan.sums, outcomes_of_sums, passed_results) agree with the per-instance
reference (evaluate_terms, result_of) on valid and on broken tables."""

import random

from transforms.checks.context import Context
from transforms.checks.identities import evaluate_terms, outcomes_of_sums, passed_results, result_of
from transforms.model import ParsedReport
from transforms.synthetic import random_report

from .helpers import report_of


def _report(seed: int) -> ParsedReport:
    return report_of(random_report(random.Random(seed)))


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
