"""Prose-vs-table checks N_APPL, N_ZERO, N_PARTS, N_FEE (report-format.md §7).

The narrative facts come from `report.narrative` (filled by the parser) or, when empty, are extracted here
from the sections. A check compares the first statement of a key (document order) with the table.
"""

from __future__ import annotations

from functools import lru_cache

from transforms.checks.context import Context, make
from transforms.checks.identities import TOL, cells_of
from transforms.checks.rules import template_rows
from transforms.model import CheckResult, NarrativeFact
from transforms.narrative import extract_narrative

APP = "applications"

# narrative key -> (alternatives of table rows whose `total` it may equal, zh, en)
APPL_RULES: list[tuple[str, list[list[str]], str, str]] = [
    ("applications_received", [["1"], ["1", "2"]], "正文所述收到申请数", "applications received per the text"),
    ("applications_completed", [["3.7"]], "正文所述办结数", "applications completed per the text"),
    ("applications_carried_forward", [["4"]], "正文所述结转下年度数", "applications carried forward per the text"),
    ("applications_carried_over", [["2"]], "正文所述上年结转数", "applications carried over per the text"),
    ("results_disclosed", [["3.1"]], "正文所述予以公开数", "disclosed per the text"),
    ("results_partly_disclosed", [["3.2"]], "正文所述部分公开数", "partly disclosed per the text"),
    ("results_disclosed_or_partly", [["3.1", "3.2"]], "正文所述予以公开及部分公开数",
     "disclosed or partly disclosed per the text"),
    ("results_withheld", [["3.3*"]], "正文所述不予公开数", "withheld per the text"),
    ("results_unavailable", [["3.4*"]], "正文所述无法提供数", "cannot provide per the text"),
    ("results_not_processed", [["3.5*"]], "正文所述不予处理数", "not processed per the text"),
    ("results_other", [["3.6*"]], "正文所述其他处理数", "other handling per the text"),
]

# (parts keys, whole key): stated parts must add up to the stated whole
PARTS_RULES: list[tuple[list[str], str, str]] = [
    (["proactive_by_category"], "info_published_proactively", "主动公开信息分类之和应等于主动公开总数"),
    (["info_published_proactively", "info_published_on_request"], "info_produced_total",
     "主动公开与依申请公开之和应等于制作信息总数"),
    (["applications_by_post", "applications_forwarded", "applications_by_channel_other"], "applications_received",
     "各渠道申请数之和应等于收到申请总数"),
]


def narrative_of(ctx: Context) -> list[NarrativeFact]:
    return ctx.report.narrative or extract_narrative(ctx.report)


def _span(n: NarrativeFact) -> dict:
    return {"ref": f"section {n.section_no} char {n.char_offset}", "code": f"narrative/{n.key}", "raw": n.text_span}


def _rows(ctx: Context, rows: list[str]) -> list[str]:
    """Expand `3.3*` to the template's leaf rows of that group (3.6* is 3.6 in 2019, 3.6.1–3.6.3 in 2021)."""
    return list(_expand_rows(ctx.template, tuple(rows)))


@lru_cache(maxsize=256)
def _expand_rows(template: str, rows: tuple[str, ...]) -> tuple[str, ...]:
    """`_rows`, once per template and rule (the same few row lists are expanded for every report)."""
    out: list[str] = []
    for r in rows:
        if r.endswith("*"):
            g = r[:-1]
            out += [t for t in template_rows(template) if t == g or t.startswith(g + ".")]
        else:
            out.append(r)
    return tuple(out)


def _total(ctx: Context, rows: list[str]) -> float | None:
    rows = _rows(ctx, rows)
    if not rows:
        return None
    vals = [ctx.value(APP, r, "total") for r in rows]
    if any(v is None for v in vals):
        return None
    return float(sum(vals))


def appl(ctx: Context, narr: dict[str, NarrativeFact]) -> list[CheckResult]:
    out = []
    for key, alts, zh, en in APPL_RULES:
        n = narr.get(key)
        if n is None or not isinstance(n.value, int | float):
            continue
        cands = [(rows, _total(ctx, rows)) for rows in alts]
        known = [(rows, t) for rows, t in cands if t is not None]
        if not known:
            out.append(make("N_APPL", "na", key, f"{zh}{n.value}，表三对应总计空白或缺失，无法核对。",
                            f"{en}: {n.value}; the table's total is blank or missing.", lhs=float(n.value)))
            continue
        match = next(((rows, t) for rows, t in known if abs(t - float(n.value)) <= TOL), None)
        if match:
            rows = "+".join(r.rstrip("*") for r in match[0])
            out.append(make("N_APPL", "pass", key, f"{zh}{n.value}与表三第{rows}项总计一致。",
                            f"{en} ({n.value}) equals table 三 row {rows} total.", lhs=float(n.value),
                            rhs=match[1], delta=0.0))
        else:
            cells = [_span(n)] + cells_of([(APP, r, "total") for r in _rows(ctx, alts[0])], ctx.index)
            rows, t = known[0]
            alt = "; ".join(f"{'+'.join(x.rstrip('*') for x in r)}={v:g}" for r, v in known)
            out.append(make("N_APPL", "fail", key,
                            f"{zh}为{n.value}（“{n.text_span}”），表三第{'+'.join(r.rstrip('*') for r in rows)}项总计却为{t:g}。",
                            f"{en} is {n.value} ('{n.text_span}') but table 三 says {alt}.",
                            lhs=float(n.value), rhs=t, delta=float(n.value) - t, detail=alt, cells=cells))
    return out


def zero(ctx: Context, narr: dict[str, NarrativeFact]) -> list[CheckResult]:
    """Statements of nothing: no applications => 1.total=0; no review/litigation => all block totals 0;
    all completed => 4.total=0."""
    out = []
    rules = [
        ("statement_no_applications", [(APP, "1", "total")], "正文称未收到申请", "the text says no applications"),
        ("statement_no_review_litigation",
         [("review_litigation", p, "total") for p in ("review", "litigation_direct", "litigation_after_review")],
         "正文称无行政复议、行政诉讼", "the text says no review or litigation"),
        ("statement_all_completed", [(APP, "4", "total")], "正文称申请已全部办结", "the text says all were completed"),
    ]
    for key, keys, zh, en in rules:
        n = narr.get(key)
        if n is None:
            continue
        vals = [ctx.value(*k) for k in keys]
        if all(v is None for v in vals):
            out.append(make("N_ZERO", "na", key, f"{zh}，但表格对应格空白或缺失。", f"{en}; table cells blank/missing."))
            continue
        nonzero = [(k, v) for k, v in zip(keys, vals, strict=True) if v not in (None, 0)]
        s = float(sum(v for v in vals if v is not None))
        if nonzero:
            what = ", ".join(f"{'/'.join(k[1:])}={v}" for k, v in nonzero)
            out.append(make("N_ZERO", "fail", key, f"{zh}（“{n.text_span}”），表格却为{what}。",
                            f"{en} ('{n.text_span}') but the table has {what}.", lhs=0.0, rhs=s, delta=-s,
                            cells=[_span(n)] + cells_of([k for k, _ in nonzero], ctx.index)))
        else:
            out.append(make("N_ZERO", "pass", key, f"{zh}，与表格一致。", f"{en}, as the table shows.", lhs=0.0, rhs=s,
                            delta=0.0))
    return out


def parts(ctx: Context, narr: dict[str, NarrativeFact]) -> list[CheckResult]:
    out = []
    for part_keys, whole_key, zh in PARTS_RULES:
        whole = narr.get(whole_key)
        found = [narr.get(k) for k in part_keys]
        found = [f for f in found if f is not None]
        if whole is None or not found or not isinstance(whole.value, int | float):
            continue
        if len(part_keys) > 1 and len(found) < 2:
            continue  # one part alone says nothing about the whole
        vals: list[float] = []
        for f in found:
            vals.extend(f.value if isinstance(f.value, list) else [f.value])  # type: ignore[list-item]
        s = float(sum(vals))
        ok = abs(s - float(whole.value)) <= TOL
        terms = "+".join(f"{v:g}" for v in vals)
        out.append(make("N_PARTS", "pass" if ok else "fail", whole_key,
                        f"{zh}：{terms} = {s:g}，{'等于' if ok else '不等于'}{whole.value}。",
                        f"Stated parts of {whole_key}: {terms} = {s:g} {'=' if ok else '≠'} {whole.value}.",
                        lhs=s, rhs=float(whole.value), delta=s - float(whole.value),
                        cells=[] if ok else [_span(f) for f in found] + [_span(whole)]))
    return out


def fee(ctx: Context, narr: dict[str, NarrativeFact]) -> list[CheckResult]:
    """2021 template: applications ended for an unpaid fee notice (3.6.2 > 0) imply fees were charged, which
    section 六 should state (信息处理费); 20.8 fee_amount is a different fee and is not used."""
    if ctx.template != "2021":
        return []
    v = ctx.value(APP, "3.6.2", "total")
    if v is None:
        return [make("N_FEE", "na", "3.6.2", "表三（六）2项总计空白或缺失。", "Row 3.6.2 total blank or missing.")]
    if v == 0:
        return [make("N_FEE", "pass", "3.6.2", "无因逾期未缴费而终止的申请，无需说明信息处理费。",
                     "No application ended for an unpaid fee: nothing to state.", lhs=0.0)]
    sec6 = [s for s in ctx.report.sections if s.no == 6]
    stated = any("信息处理费" in s.text or "收费" in s.text for s in sec6) or narr.get("fee_charged") is not None
    if stated:
        return [make("N_FEE", "pass", "3.6.2", f"表三（六）2项为{v}，正文说明了信息处理费。",
                     f"Row 3.6.2 is {v} and the text reports the processing fee.", lhs=float(v))]
    if not sec6:
        return [make("N_FEE", "na", "3.6.2", "未找到第六部分，无法核对信息处理费说明。",
                     "Section 六 not found: fee statement not assessable.", lhs=float(v))]
    return [make("N_FEE", "fail", "3.6.2", f"表三（六）2项（逾期未缴费）为{v}，第六部分却未说明信息处理费收取情况。",
                 f"Row 3.6.2 (unpaid fee notices) is {v} but section 六 does not report the processing fee.",
                 lhs=float(v), cells=cells_of([(APP, "3.6.2", "total")], ctx.index))]


def _firsts(narr: list[NarrativeFact]) -> dict[str, NarrativeFact]:
    """key -> the first narrative fact of that key (document order): `first` of every key in one pass; the
    check families take this map instead of the list."""
    out: dict[str, NarrativeFact] = {}
    for n in narr:
        out.setdefault(n.key, n)
    return out


def narrative_checks(ctx: Context) -> list[CheckResult]:
    firsts = _firsts(narrative_of(ctx))
    return appl(ctx, firsts) + zero(ctx, firsts) + parts(ctx, firsts) + fee(ctx, firsts)
