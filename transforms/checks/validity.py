"""Per-report checks that are not sum identities: T3_NONNEG, V_BLANK, A_PUB_LE, V_TEMPLATE, V_SECTIONS,
V_SHAPE, V_TIMELY (report-format.md §7)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from operator import itemgetter

from transforms.checks.context import Context, make
from transforms.checks.identities import TOL, cells_of
from transforms.checks.rules import Key, cell_code, key_slots, rules, template_rows
from transforms.metadata import parse_iso_date
from transforms.model import CheckResult

TABLE_ZH = {"applications": "表三（申请情况）", "review_litigation": "表四（复议诉讼）"}


def nonneg(ctx: Context) -> list[CheckResult]:
    """Every cell of tables 三 and 四 is a count: an integer >= 0 (blank cells are skipped)."""
    out = []
    for table in ("applications", "review_litigation"):
        if not ctx.has_table(table):
            continue
        bad = [k for k in ctx.bad_keys if k[0] == table]
        if bad:
            codes = ", ".join(f"{cell_code(k)}={ctx.values[k]}" for k in bad)
            out.append(make("T3_NONNEG", "fail", table,
                            f"{TABLE_ZH[table]}有非整数或负数：{codes}；件数应为非负整数。",
                            f"{table}: counts must be whole numbers >= 0, found {codes}.",
                            detail=codes, cells=cells_of(bad, ctx.index)))
        else:
            out.append(make("T3_NONNEG", "pass", table, f"{TABLE_ZH[table]}各格均为非负整数。",
                            f"{table}: every stated cell is a whole number >= 0."))
    return out


def blanks(ctx: Context) -> list[CheckResult]:
    """V_BLANK: do blank cells hide numbers? An identity with blanks on one side implies their sum.

    Blank cells read as 0 are common and harmless (seed 003, realdata 012); a blank where the totals imply a
    non-zero number means the report left a number out (or the parser lost one).
    """
    blank_keys = ctx.blank_keys
    if not blank_keys:
        if ctx.has_table("applications") or ctx.has_table("review_litigation"):
            return [make("V_BLANK", "pass", "tables", "表三、表四没有空白格。", "Tables 三 and 四 have no blank cells.")]
        return []
    hiding = [(i, o) for i, o in ctx.outcomes if o.status == "na" and o.blanks and not o.missing
              and o.implied is not None and abs(o.implied) > TOL]
    if hiding:
        keys: list[Key] = []
        for _, o in hiding:
            keys.extend(k for k in o.blanks if k not in keys)
        where = "; ".join(f"{i.code} {i.scope}: blanks must hold {o.implied:g}" for i, o in hiding[:6])
        return [make("V_BLANK", "fail", "tables",
                     f"有{len(keys)}个空白格按勾稽关系应为非零数（{len(hiding)}处），报告漏填了数字或解析丢失了数字。",
                     f"{len(keys)} blank cell(s) must hold non-zero numbers by the identities "
                     f"({len(hiding)} instance(s)): the report or the parser lost numbers.",
                     detail=where, cells=cells_of(keys, ctx.index))]
    return [make("V_BLANK", "assumed_zero", "tables",
                 f"有{len(blank_keys)}个空白格，按0计与勾稽关系一致。",
                 f"{len(blank_keys)} blank cell(s), consistent with reading them as 0.",
                 detail=", ".join(cell_code(k) for k in blank_keys[:20]))]


def pub_le(ctx: Context) -> list[CheckResult]:
    """A_PUB_LE, 2019 template: 本年新公开数量 <= 对外公开总数量 per content of 20.1."""
    if not ctx.has_table("active"):
        return []
    if ctx.template == "2021":
        return [make("A_PUB_LE", "na", "20.1",
                     "2021版模板：废止件数须与上年现行有效件数比较，见跨年度检查。",
                     "2021 template: repealed is compared with last year's in_force; see the cross-year checks.")]
    if ctx.template != "2019":
        return []
    out = []
    for content in ("regulation", "normative_document"):
        pk, tk = ("active", "20.1", content, "published"), ("active", "20.1", content, "public_total")
        p, t = ctx.value(*pk), ctx.value(*tk)
        scope = f"20.1 {content}"
        if p is None or t is None:
            out.append(make("A_PUB_LE", "na", scope, f"20.1 {content}：本年新公开数量或对外公开总数量空白，无法核对。",
                            f"20.1 {content}: published or public_total blank/missing."))
            continue
        ok = float(p) <= float(t) + TOL
        out.append(make("A_PUB_LE", "pass" if ok else "fail", scope,
                        f"20.1 {content}：本年新公开数量 {p} {'≤' if ok else '>'} 对外公开总数量 {t}。",
                        f"20.1 {content}: published {p} {'<=' if ok else '>'} public_total {t}.",
                        lhs=float(p), rhs=float(t), delta=float(p) - float(t),
                        cells=[] if ok else cells_of([pk, tk], ctx.index)))
    return out


def expected_template(year: int | None) -> str | None:
    if year is None:
        return None
    return "pre2019" if year <= 2018 else "2019" if year <= 2020 else "2021"


@lru_cache(maxsize=1)
def _markers() -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    """rules.yaml `template_markers` as (template, marker metrics, marker rows), in file order."""
    return tuple((tpl, frozenset(m["metrics"]), frozenset(m["rows"])) for tpl, m in rules()["template_markers"].items())


def template_check(ctx: Context) -> list[CheckResult]:
    """V_TEMPLATE: the template the facts show (by marker metrics/rows) matches the year's template."""
    rep = ctx.report
    evidence: dict[str, set[str]] = {}
    for tpl, metrics, rows in _markers():
        ev = {f"metric {x}" for x in ctx.active_metrics & metrics}  # set intersections: C-level, few hits
        ev |= {f"row {r}" for r in ctx.stated_rows & rows}
        if ev:
            evidence[tpl] = ev
    exp = expected_template(rep.year)
    seen = sorted(evidence)
    detail = f"year {rep.year}, parser template {rep.template}, evidence " + \
        "; ".join(f"{t}: {', '.join(sorted(e)[:4])}" for t, e in evidence.items())
    if exp is None or (not seen and rep.template in ("unknown", "pre2019") and exp != "pre2019"):
        return [make("V_TEMPLATE", "na", "report", "年度或表格未知，无法核对模板版本。",
                     "Year or tables unknown: template not assessable.", detail=detail)]
    if len(seen) > 1:
        return [make("V_TEMPLATE", "fail", "report", f"表格混用了2019版与2021版模板的栏目（{detail}）。",
                     f"The tables mix 2019 and 2021 template markers ({detail}).", detail=detail)]
    got = seen[0] if seen else rep.template
    if exp == "pre2019":
        ok = got in ("pre2019", "unknown") or not seen
    else:
        ok = got == exp
    tzh = {"2019": "2019版（国办公开办函〔2019〕60号）", "2021": "2021版（国办公开办函〔2021〕30号）"}
    if ok:
        return [make("V_TEMPLATE", "pass", "report", f"{rep.year}年度报告使用{tzh.get(exp, exp)}模板，符合要求。",
                     f"The {rep.year} report uses the {exp} template, as required.", detail=detail)]
    return [make("V_TEMPLATE", "fail", "report",
                 f"{rep.year}年度报告应使用{tzh.get(exp, exp)}模板，表格却是{tzh.get(got, got)}。",
                 f"A {rep.year} report should use the {exp} template; its tables follow {got}.", detail=detail)]


SECTION_ZH = "一二三四五六"


def sections_check(ctx: Context) -> list[CheckResult]:
    """V_SECTIONS: the six sections 一..六 present, in order, once each (after the parser's de-duplication)."""
    secs = ctx.report.sections
    if not secs:
        return [make("V_SECTIONS", "na", "report", "未切分出章节，无法核对。", "No sections split: not assessable.")]
    nos = [s.no for s in secs]
    missing = [n for n in range(1, 7) if n not in nos]
    if missing:
        names = "、".join(SECTION_ZH[n - 1] for n in missing)
        return [make("V_SECTIONS", "fail", "report", f"缺少第{names}部分。",
                     f"Section(s) {missing} missing.", detail=f"found {nos}")]
    dup = sorted({n for n in nos if nos.count(n) > 1})
    ordered = nos == sorted(nos)
    if dup or not ordered:
        return [make("V_SECTIONS", "fail", "report", f"章节重复或顺序错乱：{nos}。",
                     f"Sections repeated or out of order: {nos}.", detail=f"found {nos}")]
    return [make("V_SECTIONS", "pass", "report", "六个部分齐全且顺序正确。", "All six sections present, in order.")]


SHAPE_WORDS = re.compile(r"extra|trailing|surplus|shape|too_many|too_few|多余|values for \d+ cells")


_TEMPLATE_CELLS: dict[str, tuple[tuple[Key, str], ...]] = {}
_TEMPLATE_KEYS: dict[str, frozenset[Key]] = {}
_TEMPLATE_SLOTS: dict[str, Callable[[list], tuple]] = {}  # picks a template's table 三 cells from `Context.vec`


def _template_cells(template: str) -> tuple[tuple[Key, str], ...]:
    """Every table 三 cell of a template with its `row/column` code, in printed order; built once."""
    cells = _TEMPLATE_CELLS.get(template)
    if cells is None:
        cells = tuple((("applications", r, c), f"{r}/{c}") for r in template_rows(template)
                      for c in rules()["columns"])
        _TEMPLATE_CELLS[template], _TEMPLATE_KEYS[template] = cells, frozenset(k for k, _ in cells)
        if cells:
            slots = key_slots()
            _TEMPLATE_SLOTS[template] = itemgetter(*(slots[k] for k, _ in cells), len(slots))  # + the 0 slot
    return cells


def _all_present(ctx: Context) -> bool:
    """Every table 三 cell of the template is in the index (`_template_cells` was called for it).

    Why not only the set difference: it hashes every key of the index, ~200 tuples per report. When the
    report has no blank cell and a slot list (`Context.vec`), a None there can only be a missing cell, so
    summing the template's slots (C-level; a None raises TypeError) answers it without hashing.
    """
    if ctx.vec is not None and not ctx.blank_keys:
        try:
            sum(_TEMPLATE_SLOTS[ctx.template](ctx.vec))
        except TypeError:
            return False
        return True
    return not _TEMPLATE_KEYS[ctx.template].difference(ctx.index)


def shape_check(ctx: Context) -> list[CheckResult]:
    """V_SHAPE: table 三 has its 7 values on every template row, table 四 its 15; parser shape notes flagged."""
    out = []
    rep = ctx.report
    notes = [f"{e.code}: {e.message}" for e in rep.errors if SHAPE_WORDS.search(e.code + " " + e.message)]
    notes += [n for n in rep.notes if SHAPE_WORDS.search(n)]
    shape_note: dict[str, bool] = {}  # the same few notes recur on most cells: search each text once
    for k, f in ctx.noted:
        for n in f.notes:
            hit = shape_note.get(n)
            if hit is None:
                hit = shape_note[n] = SHAPE_WORDS.search(n) is not None
            if hit:
                notes.append(f"{cell_code(k)}: {n}")
    cells = _template_cells(ctx.template)
    if ctx.has_table("applications") and cells:
        miss = [] if _all_present(ctx) else [c for k, c in cells if k not in ctx.index]  # all present: common
        n = len(template_rows(ctx.template))
        if miss:
            out.append(make("V_SHAPE", "fail", "applications",
                            f"表三应有{n}行×7列，缺少{len(miss)}格（{', '.join(miss[:8])}）。",
                            f"Table 三 should have {n} rows × 7 values; {len(miss)} cell(s) missing "
                            f"({', '.join(miss[:8])}).", detail=", ".join(miss), sev="warn"))
        else:
            out.append(make("V_SHAPE", "pass", "applications", f"表三{n}行×7列齐全。",
                            f"Table 三 has all {n} rows × 7 values."))
    if ctx.has_table("review_litigation"):
        rs = rules()
        miss = [f"{p}/{o}" for p in rs["proceedings"] for o in rs["outcomes"]
                if ("review_litigation", p, o) not in ctx.index]
        if miss:
            out.append(make("V_SHAPE", "fail", "review_litigation",
                            f"表四应有15格，缺少{len(miss)}格（{', '.join(miss[:8])}）。",
                            f"Table 四 should have 15 values; {len(miss)} missing.", detail=", ".join(miss),
                            sev="warn"))
        else:
            out.append(make("V_SHAPE", "pass", "review_litigation", "表四15格齐全。", "Table 四 has all 15 values."))
    lost = []
    for e in rep.errors:
        m = re.search(r"(\d+) values? for (\d+) cells", e.message)
        if m and int(m[1]) < int(m[2]):
            lost.append(e.message)
    huge = ctx.huge_keys
    if lost or huge:
        what = "; ".join(lost[:3] + [f"{cell_code(k)}={ctx.values[k]:g}" for k in huge[:3]])
        out.append(make("V_SHAPE", "fail", "cells lost",
                        f"表格有数值未能读出或粘连成不合理的大数（{what}），这些格子的数据不可用。",
                        f"Table values could not be read, or glued into an implausible number ({what}): "
                        f"those cells are unusable.", detail=what, cells=cells_of(huge, ctx.index), sev="warn"))
    if notes:
        out.append(make("V_SHAPE", "fail", "tables",
                        f"解析时表格形状不符（多余或缺少数值），已按模板取值：{'; '.join(notes[:4])}。",
                        f"The parser met rows of the wrong length and kept the template's share: "
                        f"{'; '.join(notes[:4])}.", detail="; ".join(notes)))
    return out


GOVERNMENT = re.compile(r"(人民政府|政府|管理委员会|管委会|实验区|新区|开发区|街道办事处)$")


def timely_check(ctx: Context) -> list[CheckResult]:
    """V_TIMELY (条例 Art.49): departments publish by Jan 31, the 本级政府 report by Mar 31 of Y+1.

    Whether the body is a government is read from its name; a department late for Jan 31 but within Mar 31
    is reported at info, anything after Mar 31 or before the year ended at warn.
    """
    rep = ctx.report
    pub = parse_iso_date(rep.publish_date)
    if rep.year is None or pub is None or rep.year < 2008:
        return [make("V_TIMELY", "na", "report", "发布日期或年度未知，无法核对时限。",
                     "Publish date or year unknown: timeliness not assessable.")]
    is_gov = bool(rep.agency and GOVERNMENT.search("".join(rep.agency.split())))  # = re.sub(r"\s", "", ...)
    y1 = rep.year + 1
    deadline = date(y1, 3, 31) if is_gov or rep.year <= 2018 else date(y1, 1, 31)
    who_zh = "本级政府" if is_gov else "政府部门"
    detail = f"published {pub.isoformat()}, deadline {deadline.isoformat()} ({'government' if is_gov else 'department'})"
    if pub < date(y1, 1, 1):
        return [make("V_TIMELY", "fail", "report", f"发布日期{pub}早于统计年度结束，年度或日期可能有误。",
                     f"Published {pub}, before the report year ended: year or date likely wrong.",
                     detail=detail, sev="warn")]
    if pub <= deadline:
        return [make("V_TIMELY", "pass", "report", f"{who_zh}年报于{pub}发布，未超过{deadline}的期限。",
                     f"Published {pub}, within the {deadline} deadline.", detail=detail)]
    late = (pub - deadline).days
    sev = "warn" if pub > date(y1, 3, 31) else "info"
    return [make("V_TIMELY", "fail", "report", f"{who_zh}年报应于{deadline}前发布，实际{pub}发布，迟{late}天。",
                 f"Due by {deadline}, published {pub}: {late} day(s) late.", lhs=late, detail=detail, sev=sev)]
