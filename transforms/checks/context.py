"""Per-report state shared by the check families: facts by key, template, evaluated identities.

`Context.build` walks the facts once and keeps what the check families would otherwise each find by
walking every fact again (which tables exist, blank, non-integer and implausible cells, facts with notes,
template evidence): checks run on every parsed report, so those repeated walks were most of their cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from transforms.checks.identities import Outcome, Plan, compiled_plan, evaluate_plan, outcomes_of_sums
from transforms.checks.rules import Identity, Key, key_slots, key_table, printed_of, severity, template_of
from transforms.model import CheckResult, Fact, ParsedReport

COUNT_TABLES = ("applications", "review_litigation")
IMPLAUSIBLE = 10_000_000  # no agency handles ten million applications or cases in a year: glued digits
_NO_ROW = object()  # no row yet (a fact's row may be None)
_NO_COLS: dict[str, tuple[Key, int]] = {}  # the columns of a row outside the key table: none


@dataclass
class Context:
    report: ParsedReport
    template: str
    index: dict[Key, Fact]
    _values: dict[Key, Any] | None  # see `values`
    identities: list[Identity]
    _outcomes: list[tuple[Identity, Outcome]] | None = None  # see `outcomes`
    plan: Plan | None = None  # the precompiled identities: `plan.items` is parallel to `outcomes`
    sums: tuple[list[int], list[int]] | None = None  # `Plan.sums` of `vec`, when every instance has them
    holds: bool = False  # `sums` are there and every instance holds (Σlhs = Σrhs): see `outcomes`
    tables: set[str] = field(default_factory=set)  # tables with at least one fact
    blank_keys: list[Key] = field(default_factory=list)  # blank cells of tables 三/四, in index order
    bad_keys: list[Key] = field(default_factory=list)  # negative or non-integer cells of 三/四, index order
    huge_keys: list[Key] = field(default_factory=list)  # cells of 三/四 >= IMPLAUSIBLE, index order
    noted: list[tuple[Key, Fact]] = field(default_factory=list)  # facts with notes, index order
    active_metrics: set[str] = field(default_factory=set)  # metrics of table 二
    stated_rows: set[str] = field(default_factory=set)  # non-derived rows of table 三
    plain: bool = True  # every stated cell of 三/四 is an int in [0, IMPLAUSIBLE): see evaluate_plan
    vec: list[Any] | None = None  # values by key_table slot (None: blank or missing) when `plain`, else None

    @classmethod
    def build(cls, report: ParsedReport) -> Context:
        """Index the facts and collect every per-cell finding in one loop, then sum the identities (their
        Outcomes are built on demand: `outcomes`)."""
        ctx = cls(report, "", {}, None, [])
        index = ctx.index
        blank, noted, metrics, rows = ctx.blank_keys, ctx.noted, ctx.active_metrics, ctx.stated_rows
        group_rows: set[str] = set()
        skipped = 0
        has_app = has_rl = irregular = False
        keys = key_table()
        app_keys, rl_keys = keys["applications"], keys["review_litigation"]
        cur_row: object = _NO_ROW  # the row of `cols` (facts come row by row: one row lookup per row)
        cols: dict[str, tuple[Key, int]] = {}
        last_row: object = _NO_ROW  # the last row added to `rows`
        n_slots = len(key_slots())
        vec: list[Any] = [None] * (n_slots + 1)  # values by key_table slot, then a 0 (see Plan)
        vec[n_slots] = 0
        k: Key
        for f in report.facts:  # = rules.fact_index + values_of + printed_groups + _scan, in one loop
            t = f.table
            kind = f.row_kind
            if t == "applications":  # ~6 of 7 facts: every test below is one this branch needs
                has_app = True
                row = f.row
                if row is not cur_row:
                    cur_row, cols = row, app_keys.get(row, _NO_COLS)  # type: ignore[arg-type]
                try:
                    k, slot = cols[f.column]  # type: ignore[index]  # the shared key and slot (rules.key_table)
                except KeyError:
                    k, slot = ("applications", row or "", f.column or ""), -1
                if kind == "derived":
                    if k in index:
                        skipped += 1
                        continue
                elif row is not last_row:  # a stated row: added once per run of its facts
                    last_row = row
                    rows.add(k[1])
                if kind == "group_printed" and row:
                    group_rows.add(row)
            elif t == "active":
                k = ("active", f.item or "", f.content or "", f.metric or "")
                if kind == "derived" and k in index:
                    skipped += 1
                    continue
                index[k] = f
                if f.notes:
                    noted.append((k, f))
                metrics.add(k[3])
                continue
            else:
                has_rl = True
                try:
                    k, slot = rl_keys[f.proceeding][f.outcome]  # type: ignore[index]
                except KeyError:
                    k, slot = ("review_litigation", f.proceeding or "", f.outcome or ""), -1
                if kind == "derived" and k in index:
                    skipped += 1
                    continue
            index[k] = f
            v = f.value
            if slot >= 0:
                vec[slot] = v
            if f.notes:
                noted.append((k, f))
            if v is None:
                blank.append(k)
            elif type(v) is not int or v < 0 or v >= IMPLAUSIBLE:
                irregular = True
        if has_app:
            ctx.tables.add("applications")
        if metrics:
            ctx.tables.add("active")
        if has_rl:
            ctx.tables.add("review_litigation")
        if len(index) + skipped != len(report.facts) or irregular:
            ctx._scan()  # a key was overwritten (its place is the first fact's) or a cell needs a closer look
        ctx.template = template_of(report)
        ctx.plan = compiled_plan(ctx.template, printed_of(ctx.template, group_rows))
        ctx.identities = [c.ident for c in ctx.plan.items]
        if ctx.plain:
            ctx.vec = vec
            sums = ctx.sums = ctx.plan.sums(vec)
            ctx.holds = sums is not None and sums[0] == sums[1]
        return ctx

    @property
    def outcomes(self) -> list[tuple[Identity, Outcome]]:
        """Every identity instance with its Outcome, in plan order, built on first use.

        Why lazy: when every instance holds (`holds`, most reports) the identity results are formatted
        straight from `sums` and nothing else asks, so ~40 Outcomes per report were built for nothing."""
        out = self._outcomes
        if out is None:
            plan = self.plan
            assert plan is not None
            sums = self.sums
            out = self._outcomes = (outcomes_of_sums(plan, *sums) if sums is not None
                                    else evaluate_plan(plan, self, self.vec))
        return out

    @property
    def values(self) -> dict[Key, Any]:
        """Cell values by key (= `rules.values_of(index)`), built on first use.

        Why lazy: on the common path every identity is evaluated from the slot list and the checks read the
        few cells they need through `index`, so a second ~200-entry dict per report was built for nothing;
        blank/missing cells, the diagnosis and the mutation benchmark still get it."""
        values = self._values
        if values is None:
            values = self._values = {k: f.value for k, f in self.index.items()}
        return values

    def _scan(self) -> None:
        """The per-cell findings of `build` by walking the final index: needed when a later fact overwrote
        an earlier one of the same key (index order is then not fact order), and the only place that sorts
        out negative, fractional and implausible cells."""
        blank, bad, huge, noted = self.blank_keys, self.bad_keys, self.huge_keys, self.noted
        metrics, rows = self.active_metrics, self.stated_rows
        for found in (blank, bad, huge, noted, metrics, rows):
            found.clear()
        for k, f in self.index.items():
            t = k[0]
            if f.notes:
                noted.append((k, f))
            if t == "active":
                metrics.add(k[3])
                continue
            if t == "applications" and f.row_kind != "derived":
                rows.add(k[1])
            v = f.value
            if v is None:
                blank.append(k)
            elif v.__class__ is not int or v < 0 or v >= IMPLAUSIBLE:
                self.plain = False
                x = float(v)
                if x < 0 or not x.is_integer():
                    bad.append(k)
                if abs(x) >= IMPLAUSIBLE:
                    huge.append(k)

    def has_table(self, table: str) -> bool:
        return table in self.tables

    def fact(self, *key: str) -> Fact | None:
        return self.index.get(tuple(key))

    def value(self, *key: str) -> Any:
        f = self.index.get(tuple(key))
        return None if f is None else f.value


def make(code: str, status: str, scope: str, zh: str, en: str, *, lhs: float | None = None,
         rhs: float | None = None, delta: float | None = None, detail: str = "",
         cells: list[dict] | None = None, sev: str | None = None) -> CheckResult:
    """A CheckResult with the code's severity from rules.yaml unless `sev` overrides it."""
    return CheckResult(code, status, sev or severity(code), scope, lhs, rhs,  # type: ignore[arg-type]
                       delta, detail, zh, en, cells or [])
