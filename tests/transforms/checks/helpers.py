"""Small lookups over check results, shared by the check tests."""

from __future__ import annotations

from transforms.model import CheckResult, ParsedReport


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
