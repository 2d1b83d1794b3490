"""Per-report state shared by the check families: facts by key, template, evaluated identities."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from transforms.checks.identities import Outcome, evaluate
from transforms.checks.rules import (
    Identity,
    Key,
    compile_identities,
    fact_index,
    printed_groups,
    severity,
    template_of,
    values_of,
)
from transforms.model import CheckResult, Fact, ParsedReport


@dataclass
class Context:
    report: ParsedReport
    template: str
    index: dict[Key, Fact]
    values: dict[Key, Any]
    identities: list[Identity]
    outcomes: list[tuple[Identity, Outcome]] = field(default_factory=list)

    @classmethod
    def build(cls, report: ParsedReport) -> Context:
        index = fact_index(report.facts)
        template = template_of(report)
        idents = compile_identities(template, printed_groups(report.facts))
        values = values_of(index)
        ctx = cls(report, template, index, values, idents)
        ctx.outcomes = [(i, evaluate(i, values)) for i in idents]
        return ctx

    def has_table(self, table: str) -> bool:
        return any(k[0] == table for k in self.index)

    def fact(self, *key: str) -> Fact | None:
        return self.index.get(tuple(key))

    def value(self, *key: str) -> Any:
        f = self.index.get(tuple(key))
        return None if f is None else f.value


def make(code: str, status: str, scope: str, zh: str, en: str, *, lhs: float | None = None,
         rhs: float | None = None, delta: float | None = None, detail: str = "",
         cells: list[dict] | None = None, sev: str | None = None) -> CheckResult:
    """A CheckResult with the code's severity from rules.yaml unless `sev` overrides it."""
    return CheckResult(code=code, status=status, severity=sev or severity(code),  # type: ignore[arg-type]
                       scope=scope, lhs=lhs, rhs=rhs, delta=delta, detail=detail, message_zh=zh,
                       message_en=en, cells=cells or [])
