"""Diagnosis: when identities fail together, name the likely cause as one finding.

Method: generate small hypotheses about what went wrong (two cells swapped, a row shifted one column, one
cell misread, a total summing a different row set, an ambiguous digit run), re-evaluate only the identities
a hypothesis touches, and keep a hypothesis when it turns every failure it touches into a pass and breaks
nothing that held. Greedy: the hypothesis explaining most failures wins (ties: the simpler kind), its
failures are removed, repeat. Failures no hypothesis explains are left as they are (no guess).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from transforms.checks.context import Context, make
from transforms.checks.identities import TOL, cells_of, evaluate
from transforms.checks.rules import Identity, Key, cell_code, label, result_rows, rules, template_rows
from transforms.model import CheckResult

OK = ("pass", "assumed_zero")
PRIORITY = {"D_SWAP": 0, "D_SHIFT": 1, "D_TOTAL_ROWSET": 2, "D_CELL": 3}


@dataclass
class Hypothesis:
    code: str
    changes: dict[Key, Any]
    zh: str
    en: str
    cells: list[Key]
    fixed: list[Identity] = field(default_factory=list)
    adjacent: bool = True  # neighbouring cells: the more likely slip when several hypotheses tie


def _rows_of(ctx: Context) -> list[list[Key]]:
    """Cell rows in printed order: table 三 rows (7 columns), table 四 blocks (5 outcomes), table 二 rows."""
    rs = rules()
    out = [[("applications", r, c) for c in rs["columns"]] for r in template_rows(ctx.template)]
    out += [[("review_litigation", p, o) for o in rs["outcomes"]] for p in rs["proceedings"]]
    return [[k for k in row if k in ctx.index] for row in out]


def _fmt(v: Any) -> str:
    if v is None:
        return "blank"
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _zh(v: Any) -> str:
    return "空白" if v is None else _fmt(v)


def _swaps(ctx: Context, hot: set[Key]) -> Iterator[Hypothesis]:
    rows = _rows_of(ctx)
    for row in rows:
        for i, a in enumerate(row):
            for b in row[i + 1:]:
                if a not in hot and b not in hot:
                    continue
                va, vb = ctx.values[a], ctx.values[b]
                if va == vb:
                    continue
                adjacent = row.index(b) == i + 1
                shift = (va is None or vb is None) and adjacent
                code = "D_SHIFT" if shift else "D_SWAP"
                la, lb = label(a, "zh"), label(b, "zh")
                if shift:
                    moved = a if vb is None else b
                    zh = f"{label(moved, 'zh')}的数值（{_zh(ctx.values[moved])}）疑似错位一列，应属相邻的{lb if moved == a else la}。"
                    en = (f"The value of {label(moved, 'en')} ({_fmt(ctx.values[moved])}) looks shifted one column; "
                          f"it belongs in the neighbouring cell.")
                else:
                    zh = f"{la}（{_zh(va)}）与{lb.split('·')[-1]}（{_zh(vb)}）两格疑似填反（互换）。"
                    en = (f"{label(a, 'en')} ({_fmt(va)}) and {label(b, 'en').split(' / ')[-1]} ({_fmt(vb)}) "
                          f"look swapped.")
                yield Hypothesis(code, {a: vb, b: va}, zh, en, [a, b], adjacent=adjacent)
    # vertical neighbours in table 三 (a value put on the row above/below)
    cols = rules()["columns"]
    trows = template_rows(ctx.template)
    for c in cols:
        for r1, r2 in zip(trows, trows[1:], strict=False):
            a, b = ("applications", r1, c), ("applications", r2, c)
            if a not in ctx.index or b not in ctx.index or (a not in hot and b not in hot):
                continue
            va, vb = ctx.values[a], ctx.values[b]
            if va == vb:
                continue
            yield Hypothesis("D_SWAP", {a: vb, b: va},
                             f"{label(a, 'zh')}（{_zh(va)}）与下一行{label(b, 'zh')}（{_zh(vb)}）疑似上下颠倒。",
                             f"{label(a, 'en')} ({_fmt(va)}) and the row below, {label(b, 'en')} ({_fmt(vb)}), "
                             f"look swapped.", [a, b])


def _shifts(ctx: Context, hot: set[Key]) -> Iterator[Hypothesis]:
    """A whole run of a row moved one column: a blank skipped (values slid left) or a stray blank inserted."""
    for row in _rows_of(ctx):
        if len(row) < 3 or not hot.intersection(row):
            continue
        vals = [ctx.values[k] for k in row]
        n = len(vals)
        for k in range(n - 1):
            if vals[-1] is None and any(v is not None for v in vals[k:-1]):
                new = vals[:k] + [None] + vals[k:-1]  # values slid left over a skipped blank: move right
                yield _shift_h(ctx, row, new, k, "right")
            if vals[k] is None and any(v is not None for v in vals[k + 1:]):
                new = vals[:k] + vals[k + 1:] + [None]  # a stray blank pushed values right: move left
                yield _shift_h(ctx, row, new, k, "left")


def _shift_h(ctx: Context, row: list[Key], new: list[Any], k: int, way: str) -> Hypothesis:
    changes = {key: v for key, v in zip(row, new, strict=True) if ctx.values[key] != v}
    first = row[k]
    zh_way = "右" if way == "right" else "左"
    return Hypothesis("D_SHIFT", changes,
                      f"{label(first, 'zh').split('·')[0]}一行自{label(first, 'zh').split('·')[-1]}起的数值疑似错位一列，"
                      f"整体{zh_way}移一列后勾稽关系成立。",
                      f"The values of {label(first, 'en').split(' / ')[0]} from {label(first, 'en').split(' / ')[-1]} "
                      f"on look shifted one column; moving them {way} makes the identities hold.", list(changes))


def _cells(ctx: Context, failing: list[Identity], by_key: dict[Key, list[Identity]]) -> Iterator[Hypothesis]:
    """One misread cell: a value that makes every failing identity through the cell hold."""
    seen: set[Key] = set()
    for ident in failing:
        for k in ident.keys:
            if k in seen or k not in ctx.index:
                continue
            seen.add(k)
            out = evaluate(ident, ctx.values)
            if out.delta is None or ctx.values[k] is None:
                continue
            sign = 1 if k in ident.rhs else -1
            new = ctx.values[k] + sign * out.delta
            if new < 0:
                continue
            if float(new).is_integer():
                new = int(new)
            f = ctx.index[k]
            yield Hypothesis("D_CELL", {k: new},
                             f"{label(k, 'zh')}印为“{f.raw}”，按行列合计应为{_fmt(new)}：疑似抄录或识别错误。",
                             f"{label(k, 'en')} is printed '{f.raw}' but the row and column totals imply "
                             f"{_fmt(new)}: likely a typo or misread cell.", [k])


ROWSET_ALTERNATIVES: list[tuple[str, str, str, str]] = [
    # (code of the identity, alternative, zh, en) — `results-<group>` drops a group, `+groups` adds group rows
    ("T3_RESULTS", "results-3.1", "总计未计入（一）予以公开", "3.7 leaves out 3.1 disclosed"),
    ("T3_RESULTS", "results-3.2", "总计未计入（二）部分公开", "3.7 leaves out 3.2 partly disclosed"),
    ("T3_RESULTS", "results-3.3", "总计未计入（三）不予公开", "3.7 leaves out 3.3 withheld"),
    ("T3_RESULTS", "results-3.4", "总计未计入（四）无法提供", "3.7 leaves out 3.4 cannot provide"),
    ("T3_RESULTS", "results-3.5", "总计未计入（五）不予处理", "3.7 leaves out 3.5 not processed"),
    ("T3_RESULTS", "results-3.6", "总计未计入（六）其他处理", "3.7 leaves out 3.6 other handling"),
    ("T3_RESULTS", "results+groups", "总计把印出的分组行也重复计入", "3.7 also counts the printed group rows"),
    ("T3_RESULTS", "results+4", "总计把结转下年度的申请也计入", "3.7 also counts the applications carried forward (4)"),
    ("T3_RESULTS", "1", "总计等于本年新收申请数，而非办理结果之和", "3.7 equals the new applications (1), not the results"),
    ("T3_RESULTS", "1+2", "总计等于收到申请数（一+二），而非办理结果之和", "3.7 equals the applications received (1+2), not the results"),
    ("T3_BALANCE", "1=3.7+4", "勾稽关系未计上年结转（二）", "the balance leaves out the carried-over row 2"),
    ("T3_BALANCE", "1+2=3.7", "勾稽关系未计结转下年度（四）", "the balance leaves out the carried-forward row 4"),
    ("T4_TOTAL", "-pending", "总计未计入尚未审结", "the block total leaves out pending cases"),
]


def _alt_terms(ctx: Context, ident: Identity, alt: str) -> tuple[list[Key], list[Key]] | None:
    """The (lhs, rhs) keys of an identity instance under an alternative row set."""
    if ident.code == "T4_TOTAL":
        return list(ident.lhs), [k for k in ident.rhs if k[2] != "pending"]
    col = ident.lhs[0][2]
    res = result_rows(ctx.template)
    if ident.code == "T3_BALANCE":
        if alt == "1=3.7+4":
            return [("applications", "1", col)], [("applications", "3.7", col), ("applications", "4", col)]
        return [("applications", "1", col), ("applications", "2", col)], [("applications", "3.7", col)]
    lhs = [("applications", "3.7", col)]
    if alt.startswith("results-"):
        g = alt.split("-", 1)[1]
        rows = [r for r in res if not (r == g or r.startswith(g + "."))]
        if len(rows) == len(res):
            return None
    elif alt == "results+groups":
        groups = [k[1] for k in ctx.index if k[0] == "applications" and ctx.index[k].row_kind == "group_printed"]
        if not groups:
            return None
        rows = res + sorted(set(groups))
    elif alt == "results+4":
        rows = res + ["4"]
    else:
        rows = alt.split("+")
    return lhs, [("applications", r, col) for r in rows]


def _rowsets(ctx: Context, failing: list[Identity]) -> Iterator[Hypothesis]:
    by_code: dict[str, list[Identity]] = defaultdict(list)
    for i in failing:
        by_code[i.code].append(i)
    for code, alt, zh, en in ROWSET_ALTERNATIVES:
        insts = by_code.get(code)
        if not insts or len(insts) < 2:
            continue  # one failing sum matched by dropping a row is a coincidence, not a pattern
        good = True
        for ident in insts:
            terms = _alt_terms(ctx, ident, alt)
            if terms is None:
                good = False
                break
            lhs, rhs = terms
            alt_ident = Identity(code, ident.scope, tuple(lhs), tuple(rhs), "", "")
            if evaluate(alt_ident, ctx.values).status != "pass":
                good = False
                break
        if good:
            scopes = ", ".join(i.scope for i in insts)
            keys = [i.lhs[0] for i in insts]
            h = Hypothesis("D_TOTAL_ROWSET", {}, f"{zh}：按此口径{code}在{len(insts)}处（{scopes}）全部成立。",
                           f"{en}: with that row set {code} holds in all {len(insts)} failing place(s) ({scopes}).",
                           keys)
            h.fixed = list(insts)
            yield h


def _ambiguous_cells(ctx: Context) -> list[Key]:
    """Cells of an ambiguous digit-run split: fact notes, or rows named in a `*ambiguous*` parse error."""
    amb = [k for k, f in ctx.noted if "ambiguous" in "\n".join(f.notes)]  # = any note has it
    for e in ctx.report.errors:
        if "ambiguous" not in e.code:
            continue
        m = re.search(r"\[([^\]]*)\]", e.message)
        rows = re.findall(r"'([0-9.]+)'", m[1]) if m else []
        table = "applications" if "三" in e.message or rows else None
        for k in ctx.index:
            if k[0] == table and k[1] in rows and k not in amb and ctx.index[k].row_kind != "derived":
                amb.append(k)
    return amb


def _digit_split(ctx: Context, failing: list[Identity]) -> list[CheckResult]:
    """A run of glued digits the parser could split several ways (report-format.md §8 text mess).

    When identities through those cells fail, the split is the likely cause (warn). When every identity
    holds, several splits fit equally: the numbers are uncertain, reported at info.
    """
    errs = [e for e in ctx.report.errors if "ambiguous" in e.code]
    amb = _ambiguous_cells(ctx)
    if not amb and not errs:
        return []
    touched = [k for k in amb if any(k in i.keys for i in failing)]
    keys = touched or amb
    rows = sorted({cell_code(k).rsplit("/", 1)[0] for k in keys})
    what = ", ".join(rows) or "; ".join(e.message for e in errs[:2])
    raw = "; ".join(e.message for e in errs[:3])
    if touched or (errs and failing and not amb):
        return [make("D_DIGIT_SPLIT", "fail", "digit run",
                     f"连写的数字串切分有歧义（{what}），所选切分与勾稽关系不一致，请核对原文。",
                     f"An ambiguous run of glued digits ({what}) was split in a way the identities do not "
                     f"confirm; check the source.", detail=raw, cells=cells_of(keys, ctx.index))]
    return [make("D_DIGIT_SPLIT", "fail", "digit run",
                 f"连写的数字串（{what}）有多种切分都满足勾稽关系，已取第一种，数值存在不确定性。",
                 f"Several splits of the glued digits ({what}) satisfy every identity; the first was used, "
                 f"so these numbers are uncertain.", detail=raw, cells=cells_of(keys, ctx.index), sev="info")]


def diagnose(ctx: Context) -> tuple[list[CheckResult], dict[tuple[str, str], str]]:
    """Findings (D_*) and a map (check code, scope) -> the finding code that explains that failure."""
    failing = [] if ctx.holds else [i for i, o in ctx.outcomes if o.status == "fail"]
    findings = _digit_split(ctx, failing)
    explained: dict[tuple[str, str], str] = {}
    if findings and findings[0].severity != "info":
        for i in failing:
            if any(c["code"] in {cell_code(k) for k in i.keys} for c in findings[0].cells):
                explained[(i.code, i.scope)] = "D_DIGIT_SPLIT"
    if not failing:
        return findings, explained
    by_key: dict[Key, list[Identity]] = defaultdict(list)
    for i, _ in ctx.outcomes:
        for k in i.keys:
            by_key[k].append(i)
    status = {i: o.status for i, o in ctx.outcomes}
    remaining = [i for i in failing if (i.code, i.scope) not in explained]
    for _round in range(4):
        if not remaining:
            break
        hot = {k for i in remaining for k in i.keys}
        rem = set(remaining)
        best: list[Hypothesis] = []
        best_score: tuple[int, int, int] | None = None
        cands = list(_swaps(ctx, hot)) + list(_shifts(ctx, hot)) + list(_cells(ctx, remaining, by_key))
        for h in cands:
            touched = list(dict.fromkeys(i for k in h.changes for i in by_key.get(k, [])))  # ordered: output is deterministic
            vals = dict(ctx.values)
            vals.update(h.changes)
            new = {i: evaluate(i, vals).status for i in touched}
            if any(status[i] in OK and new[i] not in OK for i in touched):
                continue  # breaks something that held
            if any(i in rem and new[i] == "fail" for i in touched):
                continue  # leaves a failure it touches unexplained
            fixed = [i for i in touched if i in rem and new[i] in OK]
            if not fixed:
                continue
            h.fixed = fixed
            score = (len(fixed), -PRIORITY[h.code], int(h.adjacent))
            if best_score is None or score > best_score:
                best, best_score = [h], score
            elif score == best_score:
                best.append(h)
        for h in _rowsets(ctx, remaining):
            score = (len(h.fixed), -PRIORITY[h.code], 1)
            if best_score is None or score > best_score:
                best, best_score = [h], score
        if not best:
            break
        h = best[0]
        alts = [b for b in best[1:] if b.code == h.code]
        if h.code == "D_CELL" and alts:
            break  # several single cells would each explain it: no unique culprit, do not guess
        detail = "explains " + ", ".join(f"{i.code} {i.scope}" for i in h.fixed)
        if h.changes:
            detail += "; correction " + ", ".join(f"{cell_code(k)}={_fmt(v)}" for k, v in h.changes.items())
        if alts:
            detail += "; equally plausible: " + " | ".join(
                ", ".join(f"{cell_code(k)}={_fmt(v)}" for k, v in b.changes.items()) for b in alts[:3])
        n = len(h.fixed)
        findings.append(make(h.code, "fail", ", ".join(sorted({cell_code(k) for k in h.cells})),
                             h.zh + f"（可解释{n}处勾稽失败）", h.en + f" (explains {n} failed check(s)).",
                             detail=detail, cells=cells_of(h.cells, ctx.index)))
        for i in h.fixed:
            explained[(i.code, i.scope)] = h.code
        remaining = [i for i in remaining if i not in set(h.fixed)]
    return findings, explained


__all__ = ["diagnose", "TOL"]
