"""Small lookups over check results, shared by the check tests."""

from __future__ import annotations

from transforms.model import CheckResult, Fact, ParsedReport
from transforms.synthetic import SyntheticReport, expected_cells


def by(results: list[CheckResult], code: str, scope: str | None = None) -> list[CheckResult]:
    return [r for r in results if r.code == code and (scope is None or r.scope == scope)]


def one(results: list[CheckResult], code: str, scope: str | None = None) -> CheckResult:
    hits = by(results, code, scope)
    assert len(hits) == 1, f"{code} {scope}: {[(h.scope, h.status) for h in hits]}"
    return hits[0]


def fails(results: list[CheckResult], severities: tuple[str, ...] = ("warn", "error")) -> list[CheckResult]:
    return [r for r in results if r.status == "fail" and r.severity in severities]


def set_cell(report: ParsedReport, key: tuple[str, ...], value) -> None:
    """Change one fact in place (value and raw), as a misprint or a misread would."""
    for f in report.facts:
        if f.key == key:
            f.value = value
            f.raw = "" if value is None else str(value)
            return
    raise KeyError(key)


def report_of(syn: SyntheticReport) -> ParsedReport:
    """The ParsedReport whose facts are exactly a synthetic report's cells, as a perfect parse would give."""
    facts = []
    for key, v in expected_cells(syn).items():
        if key[0] == "active":
            facts.append(Fact("active", v, str(v), item=key[1], content=key[2], metric=key[3]))
        elif key[0] == "applications":
            facts.append(Fact("applications", v, str(v), row=key[1], column=key[2]))
        else:
            facts.append(Fact("review_litigation", v, str(v), proceeding=key[1], outcome=key[2]))
    return ParsedReport(source="synthetic", agency=syn.agency, year=syn.year, template=syn.template, facts=facts)
