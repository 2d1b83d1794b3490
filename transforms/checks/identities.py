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

from collections.abc import Mapping
from dataclasses import dataclass

from transforms.checks.rules import Identity, Key, cell_code, label, severity
from transforms.model import CheckResult, Fact

TOL = 1e-6
MISSING = object()


@dataclass(slots=True)
class Outcome:
    status: str
    lhs: float | None
    rhs: float | None
    delta: float | None
    blanks: tuple[Key, ...]
    missing: tuple[Key, ...]
    implied: float | None = None  # what the blank side would have to hold, when blanks are on one side


def _side(keys: tuple[Key, ...], values: Mapping[Key, object]) -> tuple[float, list[Key], list[Key], bool]:
    total = 0.0
    blanks: list[Key] = []
    missing: list[Key] = []
    nonneg = True
    for k in keys:
        v = values.get(k, MISSING)
        if v is MISSING:
            missing.append(k)
        elif v is None:
            blanks.append(k)
        else:
            total += float(v)  # type: ignore[arg-type]
            nonneg = nonneg and float(v) >= 0  # type: ignore[arg-type]
    return total, blanks, missing, nonneg


def evaluate(ident: Identity, values: Mapping[Key, object]) -> Outcome:
    lsum, lblank, lmiss, lnonneg = _side(ident.lhs, values)
    rsum, rblank, rmiss, rnonneg = _side(ident.rhs, values)
    lopen, ropen = bool(lblank or lmiss), bool(rblank or rmiss)
    blanks, missing = tuple(lblank + rblank), tuple(lmiss + rmiss)
    if not lopen and not ropen:
        delta = lsum - rsum
        return Outcome("pass" if abs(delta) <= TOL else "fail", lsum, rsum, delta, blanks, missing)
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


def to_result(ident: Identity, out: Outcome, index: Mapping[Key, Fact]) -> CheckResult:
    """Turn an evaluated identity into a CheckResult with sentences in both languages."""
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
    if out.status == "pass":
        zh = f"{where_zh}：{ident.zh}，{_fmt(out.lhs)} = {_fmt(out.rhs)}，成立。"
        en = f"{ident.scope}: {ident.en}; {_fmt(out.lhs)} = {_fmt(out.rhs)} holds."
    elif out.status == "fail" and not (out.blanks or out.missing):
        zh = f"{where_zh}：{ident.zh}，但 {_fmt(out.lhs)} ≠ {_fmt(out.rhs)}（差 {_fmt(out.delta)}）。"
        en = f"{ident.scope}: {ident.en}, but {_fmt(out.lhs)} ≠ {_fmt(out.rhs)} (difference {_fmt(out.delta)})."
    elif out.status == "fail":
        zh = (f"{where_zh}：{ident.zh}；即使空白格按0计，已填数 {_fmt(out.lhs)} 与 {_fmt(out.rhs)} "
              f"也无法相等。")
        en = (f"{ident.scope}: {ident.en}; the stated cells alone ({_fmt(out.lhs)} vs {_fmt(out.rhs)}) "
              f"already break it, whatever the blank cells hold.")
    elif out.status == "assumed_zero":
        zh = f"{where_zh}：{ident.zh}；有空白格，按0计时成立（{_fmt(out.lhs)} = {_fmt(out.rhs)}）。"
        en = f"{ident.scope}: {ident.en}; holds when the blank cells are read as 0 ({_fmt(out.lhs)} = {_fmt(out.rhs)})."
    else:
        zh = f"{where_zh}：{ident.zh}；因空白或缺失的格子无法核对。"
        en = f"{ident.scope}: {ident.en}; cannot be assessed because of blank or missing cells."
    detail = f"{lhs_l} = {rhs_l}"
    if out.blanks:
        detail += "; blank: " + ", ".join(cell_code(k) for k in out.blanks)
    if out.missing:
        detail += "; missing: " + ", ".join(cell_code(k) for k in out.missing)
    involved = list(ident.keys) if out.status != "pass" else []
    return CheckResult(code=ident.code, status=out.status, severity=severity(ident.code),  # type: ignore[arg-type]
                       scope=ident.scope, lhs=out.lhs, rhs=out.rhs, delta=out.delta, detail=detail,
                       message_zh=zh, message_en=en, cells=cells_of(involved, index))
