"""Evaluate sum identities with the blank-cell conventions of report-format.md §7.

Status rules (tolerance 0 for counts, 1e-6 for amounts):
- every operand stated: `pass` when Σlhs = Σrhs, else `fail`;
- blanks (None) or missing cells on one side only, the other side fully stated:
  - the stated cells of the blank side already equal the other side -> `assumed_zero` (the identity holds
    exactly when the blanks are 0; this includes §7's "stated total 0, the rest 0/blank");
  - they already exceed it -> `fail` (cells are counts >= 0, so no value of the blanks can repair it);
  - otherwise `na`: the blanks would have to hold the difference (V_BLANK reports that);
- blanks on both sides -> `na`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from operator import call, itemgetter
from typing import NamedTuple, Protocol

from transforms.checks.rules import Identity, Key, cell_code, compiled_identities, key_slots, label, severity
from transforms.model import CheckResult, Fact

TOL = 1e-6
MISSING = object()


class _HasValues(Protocol):
    """What `evaluate_plan` reads cell values from (a Context)."""

    @property
    def values(self) -> Mapping[Key, object]: ...


class Outcome(NamedTuple):
    """An evaluated identity. A named tuple (not a dataclass) because ~40 are made per report and
    `tuple.__new__` is several times cheaper than a generated __init__ (see evaluate_plan)."""

    status: str
    lhs: float | None
    rhs: float | None
    delta: float | None
    blanks: tuple[Key, ...]
    missing: tuple[Key, ...]
    implied: float | None = None  # what the blank side would have to hold, when blanks are on one side


def _side(keys: tuple[Key, ...], values: Mapping[Key, object]) -> tuple[float, list[Key], list[Key], bool]:
    """Σ of the stated cells (in key order, as floats), the blank and the missing keys, and whether every
    stated cell is >= 0. The lists are only allocated when a side is open: most sides are fully stated."""
    total = 0.0
    blanks: list[Key] = _NONE
    missing: list[Key] = _NONE
    nonneg = True
    get = values.get
    for k in keys:
        v = get(k, MISSING)
        if v is None:
            if blanks is _NONE:
                blanks = []
            blanks.append(k)
        elif v is MISSING:
            if missing is _NONE:
                missing = []
            missing.append(k)
        else:
            x = float(v)  # type: ignore[arg-type]
            total += x
            if not x >= 0:  # not `x < 0`: a NaN also clears nonneg
                nonneg = False
    return total, blanks, missing, nonneg


_NONE: list[Key] = []  # shared empty list of a fully stated side; never appended to


def evaluate(ident: Identity, values: Mapping[Key, object]) -> Outcome:
    return evaluate_terms(ident.lhs, ident.rhs, values)


def evaluate_terms(lhs: tuple[Key, ...], rhs: tuple[Key, ...], values: Mapping[Key, object]) -> Outcome:
    """`evaluate` on the two key tuples of an identity."""
    lsum, lblank, lmiss, lnonneg = _side(lhs, values)
    rsum, rblank, rmiss, rnonneg = _side(rhs, values)
    lopen, ropen = bool(lblank or lmiss), bool(rblank or rmiss)
    if not lopen and not ropen:
        delta = lsum - rsum
        return Outcome("pass" if abs(delta) <= TOL else "fail", lsum, rsum, delta, (), ())
    blanks, missing = tuple(lblank + rblank), tuple(lmiss + rmiss)
    if lopen and ropen:
        return Outcome("na", lsum, rsum, None, blanks, missing)
    known, other, nonneg = (lsum, rsum, lnonneg) if lopen else (rsum, lsum, rnonneg)
    if abs(known - other) <= TOL:
        return Outcome("assumed_zero", lsum, rsum, 0.0, blanks, missing, implied=0.0)
    if known > other + TOL and nonneg:
        return Outcome("fail", lsum, rsum, lsum - rsum, blanks, missing, implied=other - known)
    return Outcome("na", lsum, rsum, None, blanks, missing, implied=other - known)


def cells_of(keys: tuple[Key, ...] | list[Key], index: Mapping[Key, Fact]) -> list[dict]:
    """Cells for a UI to highlight: provenance ref, code and the raw text as printed."""
    out = []
    for k in keys:
        f = index.get(k)
        out.append({"ref": f.cell_ref if f else "", "code": cell_code(k), "raw": f.raw if f else None})
    return out


def _fmt(x: float | None) -> str:
    if x is None:
        return "?"
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


@dataclass(frozen=True, slots=True)
class Compiled:
    """An identity instance with every part of its CheckResult that does not depend on the report's values
    (severity, the labelled heads of both sentences, the detail formula, the cell codes), built once per
    template instead of once per report."""

    ident: Identity
    zh_head: str
    en_head: str
    zh_na: str
    en_na: str
    severity: str
    detail: str
    cells: tuple[tuple[Key, str], ...]  # every key of the identity with its cell code
    code: str  # = ident.code
    scope: str  # = ident.scope
    codes: dict[Key, str]  # = dict(cells): the codes of blank and missing cells, without a call per cell


def compile_one(ident: Identity) -> Compiled:
    """The value-independent parts of `to_result` for one identity."""
    lhs_l = " + ".join(cell_code(k) for k in ident.lhs)
    rhs_l = " + ".join(cell_code(k) for k in ident.rhs) if len(ident.rhs) <= 4 else (
        f"Σ{cell_code(ident.rhs[0])}…{cell_code(ident.rhs[-1])} ({len(ident.rhs)} cells)")
    where_zh = ident.scope
    if ident.scope.startswith("column ") or ident.scope.startswith("group "):
        col = ident.lhs[0][2]
        where_zh = label(("applications", "", col), "zh").split("·")[-1] + "列"
    elif ident.scope.startswith("row "):
        where_zh = label(("applications", ident.lhs[0][1], ""), "zh").split("·")[0] + "行"
    elif ident.scope.startswith("block "):
        where_zh = label(ident.lhs[0], "zh").split("·")[0]
    zh_head, en_head = f"{where_zh}：{ident.zh}", f"{ident.scope}: {ident.en}"
    cells = tuple((k, cell_code(k)) for k in ident.keys)
    return Compiled(ident, zh_head, en_head, f"{zh_head}；因空白或缺失的格子无法核对。",
                    f"{en_head}; cannot be assessed because of blank or missing cells.", severity(ident.code),
                    f"{lhs_l} = {rhs_l}", cells, ident.code, ident.scope, dict(cells))


@dataclass(frozen=True, slots=True)
class Plan:
    """Every identity instance of a template (with its printed group rows), compiled for evaluation.

    A report's cell values sit in a list by `rules.key_table` slot, plus a trailing 0 (Context.build fills
    it while indexing the facts); `getters[i]` picks instance i's lhs and rhs values from that list as
    tuples (operator.itemgetter, padded with the 0 slot so a side of one or no cells is a tuple too).
    `getters` is empty when some cell has no slot (an identity over a cell outside the key table).
    """

    items: tuple[Compiled, ...]
    getters: tuple[tuple[Callable[[list], tuple], Callable[[list], tuple]], ...]
    positions: dict[str, tuple[int, ...]] = field(default_factory=dict)  # check code -> its items' places
    _places: dict[tuple[str, ...], tuple[int, ...]] = field(default_factory=dict)  # memo of `places`
    lhs_getters: tuple[Callable[[list], tuple], ...] = ()  # the first of each pair of `getters`
    rhs_getters: tuple[Callable[[list], tuple], ...] = ()  # the second

    def sums(self, vec: list) -> tuple[list[int], list[int]] | None:
        """Σlhs and Σrhs of every instance, summed at C speed (no Python step per instance), or None when
        some instance has a blank or missing cell (a None in `vec`: `sum` raises TypeError) or there are no
        getters. Exact ints under `evaluate_plan`'s precondition on `vec`."""
        if not self.getters:
            return None
        try:
            return (list(map(sum, map(call, self.lhs_getters, repeat(vec)))),
                    list(map(sum, map(call, self.rhs_getters, repeat(vec)))))
        except TypeError:
            return None

    def of_codes(self, codes: tuple[str, ...]) -> list[int]:
        """Places in `items` of the instances of those check codes, in plan order."""
        places = [i for c in codes for i in self.positions.get(c, ())]
        places.sort()
        return places

    def places(self, codes: tuple[str, ...]) -> tuple[int, ...]:
        """`of_codes`, remembered per code tuple: the plan is shared by every report of its template and
        the checks ask for the same two code tuples each time."""
        got = self._places.get(codes)
        if got is None:
            got = self._places[codes] = tuple(self.of_codes(codes))
        return got


@lru_cache(maxsize=64)
def compiled_plan(template: str, printed: tuple[str, ...]) -> Plan:
    """The `Plan` of a template with those printed group rows (see rules.compiled_identities)."""
    items = tuple(compile_one(i) for i in compiled_identities(template, printed))
    slot = key_slots()
    zero = len(slot)
    positions: dict[str, list[int]] = {}
    for i, c in enumerate(items):
        positions.setdefault(c.ident.code, []).append(i)
    places = {code: tuple(p) for code, p in positions.items()}
    if not all(k in slot for c in items for k in c.ident.keys):
        return Plan(items, (), places)
    getters = tuple((itemgetter(*(slot[k] for k in c.ident.lhs), zero),
                     itemgetter(*(slot[k] for k in c.ident.rhs), zero)) for c in items)
    return Plan(items, getters, places, {}, tuple(g for g, _ in getters), tuple(g for _, g in getters))


def evaluate_plan(plan: Plan, source: _HasValues, vec: list | None) -> list[tuple[Identity, Outcome]]:
    """`evaluate` of every instance of a plan, in plan order, over `source.values` (only read, and so only
    built by a lazy Context, when an instance cannot be evaluated from `vec`).

    `vec` (None: not usable) holds the values by slot and the caller checked every stated cell of tables
    三/四 is an int in [0, 10^7). Then a fully stated side sums exactly as ints with `sum` (C speed) and
    float() of that equals `_side`'s float sum (every partial sum is an integer far below 2^53); a blank or
    missing cell (None in `vec`) makes `sum` raise TypeError and that instance takes the general path.
    """
    if vec is None or not plan.getters:
        values = source.values
        return [(c.ident, evaluate_terms(c.ident.lhs, c.ident.rhs, values)) for c in plan.items]
    out: list[tuple[Identity, Outcome]] = []
    append = out.append
    new = tuple.__new__  # = Outcome(...) without the Python-level __new__ of a named tuple
    for c, (lget, rget) in zip(plan.items, plan.getters, strict=True):
        ident = c.ident
        try:
            lsum = float(sum(lget(vec)))
            rsum = float(sum(rget(vec)))
        except TypeError:  # a None: blank or missing cell
            append((ident, evaluate_terms(ident.lhs, ident.rhs, source.values)))
            continue
        delta = lsum - rsum
        append((ident, new(Outcome, ("pass" if abs(delta) <= TOL else "fail", lsum, rsum, delta, (), (), None))))
    return out


def outcomes_of_sums(plan: Plan, lsums: list[int], rsums: list[int]) -> list[tuple[Identity, Outcome]]:
    """`evaluate_plan` from `Plan.sums` (every side fully stated): pass or fail on the exact sums."""
    new = tuple.__new__  # = Outcome(...) without the Python-level __new__ of a named tuple
    out: list[tuple[Identity, Outcome]] = []
    for c, ls, rs in zip(plan.items, lsums, rsums, strict=True):
        lsum, rsum = float(ls), float(rs)
        delta = lsum - rsum
        out.append((c.ident, new(Outcome, ("pass" if abs(delta) <= TOL else "fail", lsum, rsum, delta, (), (), None))))
    return out


def passed_results(plan: Plan, places: tuple[int, ...], sums: list[int]) -> list[CheckResult]:
    """`result_of` for the instances at `places` when every instance holds with these exact int sums (each
    side's): the common case, so each result is formatted straight from its sum, with no Outcome.
    str(sum) = `_fmt(float(sum))` for an int this small (exact in a float)."""
    items = plan.items
    out: list[CheckResult] = []
    append = out.append
    for i in places:
        c, n = items[i], sums[i]
        x, s = float(n), str(n)
        append(CheckResult(c.code, "pass", c.severity, c.scope, x, x, 0.0,  # type: ignore[arg-type]
                           c.detail, f"{c.zh_head}，{s} = {s}，成立。", f"{c.en_head}; {s} = {s} holds.", []))
    return out


def to_result(ident: Identity, out: Outcome, index: Mapping[Key, Fact]) -> CheckResult:
    """Turn an evaluated identity into a CheckResult with sentences in both languages."""
    return result_of(compile_one(ident), out, index)


def result_of(c: Compiled, out: Outcome, index: Mapping[Key, Fact]) -> CheckResult:
    """`to_result` from the precompiled parts: only the numbers and blank/missing cells are formatted here."""
    ident, status = c.ident, out.status
    if status == "pass":  # most instances: no blanks, missing cells or highlighted cells to format
        lhs, rhs = out.lhs, out.rhs
        ls = str(int(lhs)) if lhs.is_integer() else f"{lhs:g}"  # type: ignore[union-attr]  # = _fmt(float)
        rs = str(int(rhs)) if rhs.is_integer() else f"{rhs:g}"  # type: ignore[union-attr]
        return CheckResult(ident.code, status, c.severity, ident.scope, lhs, rhs, out.delta,  # type: ignore[arg-type]
                           c.detail, f"{c.zh_head}，{ls} = {rs}，成立。", f"{c.en_head}; {ls} = {rs} holds.", [])
    if status == "na":
        zh, en = c.zh_na, c.en_na
    else:
        lhs, rhs = out.lhs, out.rhs
        ls = str(int(lhs)) if lhs.is_integer() else f"{lhs:g}"  # type: ignore[union-attr]  # = _fmt(float)
        rs = str(int(rhs)) if rhs.is_integer() else f"{rhs:g}"  # type: ignore[union-attr]
        if status == "fail" and not (out.blanks or out.missing):
            ds = _fmt(out.delta)
            zh = f"{c.zh_head}，但 {ls} ≠ {rs}（差 {ds}）。"
            en = f"{c.en_head}, but {ls} ≠ {rs} (difference {ds})."
        elif status == "fail":
            zh = f"{c.zh_head}；即使空白格按0计，已填数 {ls} 与 {rs} 也无法相等。"
            en = (f"{c.en_head}; the stated cells alone ({ls} vs {rs}) "
                  f"already break it, whatever the blank cells hold.")
        else:  # assumed_zero
            zh = f"{c.zh_head}；有空白格，按0计时成立（{ls} = {rs}）。"
            en = f"{c.en_head}; holds when the blank cells are read as 0 ({ls} = {rs})."
    detail = c.detail
    if out.blanks:  # keys of this identity (evaluate_terms reads no other): their codes are in c.codes
        detail += "; blank: " + ", ".join(map(c.codes.__getitem__, out.blanks))
    if out.missing:
        detail += "; missing: " + ", ".join(map(c.codes.__getitem__, out.missing))
    cells: list[dict] = []
    get = index.get
    for k, code in c.cells:
        f = get(k)
        cells.append({"ref": f.cell_ref if f else "", "code": code, "raw": f.raw if f else None})
    return CheckResult(ident.code, status, c.severity, ident.scope, out.lhs, out.rhs,  # type: ignore[arg-type]
                       out.delta, detail, zh, en, cells)
