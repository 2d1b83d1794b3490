"""Reconciliation checks of a parsed report (report-format.md §7): pure functions, rules as data.

`run_checks(report)` returns every per-report check followed by the diagnosis findings (D_*);
`run_cross_year(reports)` the checks across years of one agency. A failed check is a finding about the
report, never an exception.

Severity (rules.yaml `severity`), and why:
- `warn`: the arithmetic of the template breaks (T3_*, T4_TOTAL), a count is negative, a published figure
  exceeds its total (A_PUB_LE), prose contradicts the table (N_APPL, N_ZERO, N_PARTS), the wrong template for
  the year (V_TEMPLATE), carry-over or in-force stock that does not follow from last year (X_CARRY,
  X_INFORCE), a republished old report (V_DUP), and each diagnosis (D_*). These are findings an analyst must
  see before trusting the numbers, but the data still loads: warn, not error.
- `info`: shape repairs the parser made (V_SHAPE), section order (V_SECTIONS), blank cells (V_BLANK),
  timeliness within the government deadline (V_TIMELY), derived expectations that local practice bends
  (X_ITEMS19, N_FEE).
- `error` is left to the pipeline for failures of our own (a check that crashed becomes a ParseError with
  stage "check"); no finding about a report is an error.
Pass/na results carry the severity the check would have when failing.
"""

from __future__ import annotations

import json
from typing import Any

from transforms.checks.context import Context
from transforms.checks.cross_year import agency_key, cross_year, group_by_agency
from transforms.checks.diagnose import diagnose
from transforms.checks.identities import passed_results, result_of
from transforms.checks.narrative_checks import narrative_checks
from transforms.checks.rules import ruleset_version
from transforms.checks.validity import (
    blanks,
    nonneg,
    pub_le,
    sections_check,
    shape_check,
    template_check,
    timely_check,
)
from transforms.model import CheckResult, ParsedReport

IDENTITY_CODES = ("T3_BALANCE", "T3_RESULTS", "T3_GROUP", "T3_ROWSUM", "T4_TOTAL")


def _identity_results(ctx: Context) -> list[CheckResult]:
    """Results of the identity instances of each table present, in plan order (the plan knows where each
    code's instances are, so the instances are not scanned once per table)."""
    out: list[CheckResult] = []
    plan = ctx.plan
    assert plan is not None
    for table, codes in (("applications", ("T3_BALANCE", "T3_RESULTS", "T3_GROUP", "T3_ROWSUM")),
                         ("review_litigation", ("T4_TOTAL",))):
        if not ctx.has_table(table):
            continue
        places = plan.places(codes)
        if ctx.holds:  # every instance passes: formatted from the sums, no Outcome needed
            out += passed_results(plan, places, ctx.sums[0])  # type: ignore[index]
            continue
        items, outcomes, index = plan.items, ctx.outcomes, ctx.index
        out += [result_of(items[i], outcomes[i][1], index) for i in places]
    return out


def run_checks(report: ParsedReport) -> list[CheckResult]:
    """All per-report checks, then one D_* finding per diagnosed cause of failures."""
    ctx = Context.build(report)
    results = _identity_results(ctx)
    results += nonneg(ctx) + blanks(ctx) + pub_le(ctx)
    results += template_check(ctx) + sections_check(ctx) + shape_check(ctx) + timely_check(ctx)
    results += narrative_checks(ctx)
    findings, explained = diagnose(ctx)
    for r in results if explained else ():
        cause = explained.get((r.code, r.scope))
        if cause and r.status == "fail":
            r.detail = f"{r.detail}; explained_by={cause}"
    return results + findings


def run_cross_year(reports: list[ParsedReport]) -> list[CheckResult]:
    """X_CARRY, X_ITEMS19, X_INFORCE, A_PUB_LE (2021), V_DUP over reports grouped by agency."""
    return cross_year(reports)


def check_rows(results: list[CheckResult], report_id: str, run_at: str) -> list[dict[str, Any]]:
    """Rows of the `check_result` table (report-format.md §9); sentences and cells go into `detail` json.

    Cross-year results name their own report in `source`; the caller maps it to that report's id.
    """
    version = ruleset_version()
    return [{"report_id": report_id, "check_code": r.code, "scope": r.scope, "lhs": r.lhs, "rhs": r.rhs,
             "delta": r.delta, "status": r.status, "severity": r.severity,
             "detail": json.dumps({"detail": r.detail, "message_zh": r.message_zh, "message_en": r.message_en,
                                   "cells": r.cells, "source": r.source}, ensure_ascii=False),
             "ruleset_version": version, "run_at": run_at} for r in results]


def failed(results: list[CheckResult], severities: tuple[str, ...] = ("warn", "error")) -> list[CheckResult]:
    return [r for r in results if r.status == "fail" and r.severity in severities]


__all__ = ["run_checks", "run_cross_year", "check_rows", "failed", "ruleset_version", "agency_key", "group_by_agency"]
