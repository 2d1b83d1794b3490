"""Table 二 (active disclosure): item × content × metric, aligned by content label.

Content labels are unique within a template (规章, 行政许可, 政府集中采购 …), so each value row is placed by its
label; the metrics come in template order. A row with too few values takes values orphaned in its item's block
(a column a PDF conversion pulled out of the table, e.g. "22（其中修订16件）"), placed by the metric's hint words.
Amounts keep the unit printed in the cell or the header ("(万元)"), else the template's; never guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from transforms.cells import parse_cell
from transforms.model import Fact, ParseError
from transforms.tables.digits import split_tokens
from transforms.tables.rows import LRow, Val, build_rows, label_segments
from transforms.templates import ActiveItem, Content, Template, load_template

_ITEM_RE = re.compile(r"第二十条第\(?([一二三四五六七八九十]+)\)?项")
_ITEM_NO = {"一": "20.1", "五": "20.5", "六": "20.6", "八": "20.8", "九": "20.9"}
_OPS = {"<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b, "<": lambda a, b: a < b}


def _content_of(labels: list[str], tpl: Template) -> tuple[ActiveItem, Content] | None:
    """The content whose longest label variant occurs in the most specific label segment."""
    segs = label_segments(labels)
    for text in ([segs[-1]] if segs else []) + ["".join(labels[-2:])]:
        flat = re.sub(r"\s+", "", text)
        best: tuple[int, ActiveItem, Content] | None = None
        for it in tpl.active:
            for c in it.contents:
                for v in c.labels:
                    if v in flat and (best is None or len(v) > best[0]):
                        best = (len(v), it, c)
        if best:
            return best[1], best[2]
    return None


def _item_of(labels: list[str]) -> str | None:
    for lab in reversed(labels):
        m = _ITEM_RE.search(lab.replace(" ", ""))
        if m:
            return _ITEM_NO.get(m.group(1))
    return None


def _header_unit(labels: list[str]) -> str | None:
    text = "".join(labels)
    if "万元" in text:
        return "wan_yuan"
    if re.search(r"[(（]\s*元\s*[)）]|单位[:：]?\s*元", text):
        return "yuan"
    return None


def _rank_plausible(cands: list[list[int]], it: ActiveItem) -> list[list[int]]:
    codes = [m.code for m in it.metrics]

    def score(vec: list[int]) -> int:
        vals = dict(zip(codes, vec, strict=True))
        return sum(1 for a, op, b in it.plausible if a in vals and b in vals and _OPS[op](vals[a], vals[b]))

    return sorted(cands, key=score, reverse=True)


@lru_cache(maxsize=16384)
def _row_info(labels: tuple[str, ...], template_id: str
              ) -> tuple[str | None, str | None, tuple[ActiveItem, Content] | None]:
    """(item number, header unit, content hit) of a row's labels, cached: the labels recur across reports."""
    if not labels:
        return None, None, None
    lab = list(labels)
    return _item_of(lab), _header_unit(lab), _content_of(lab, load_template(template_id))


def read_active(lines, tpl: Template, errors: list[ParseError]) -> list[Fact]:
    rows = build_rows(lines)
    placed: dict[str, tuple[ActiveItem, Content, LRow, list[Val | None], list[str]]] = {}
    orphans: dict[str, list[Val]] = {}
    header_units: dict[str, str] = {}
    current_item: str | None = None
    for row in rows:
        item_no, unit, hit = _row_info(tuple(row.labels), tpl.id)
        if item_no:
            current_item = item_no
        if unit and current_item:
            header_units[current_item] = unit
        vals = list(row.values)
        if hit is None:
            nonblank = [v for v in vals if v[0]]
            if current_item and nonblank:
                orphans.setdefault(current_item, []).extend(nonblank)
            continue
        it, content = hit
        current_item = it.item
        k = len(it.metrics)
        while len(vals) > k and vals and vals[-1][0] == "":
            vals.pop()
        while len(vals) > k and vals and vals[0][0] == "":
            vals.pop(0)
        notes: list[str] = []
        if len(vals) > k:
            notes.append(f"{len(vals)} values for {k} cells; extra trailing values dropped")
            vals = vals[:k]
        slots: list[Val | None] = list(vals) + [None] * (k - len(vals))
        if len(vals) < k:
            raws = [v[0] for v in vals]
            glued = raws and not row.explicit and all(r.isdigit() for r in raws)
            if glued and sum(map(len, raws)) >= k:
                cands = split_tokens(raws, k)
                if cands:
                    ranked = _rank_plausible(cands, it)
                    vec = ranked[0]
                    ref = f"{vals[0][1]} (split of {' '.join(raws)})"  # one reference shared by the split's values
                    slots = [(str(x), ref) for x in vec]
                    if len(cands) > 1:
                        errors.append(ParseError(
                            "tables", "digit_split_ambiguous",
                            f"table 二 {it.item} {content.code}: {len(cands)} splits of {' '.join(raws)} fit; "
                            f"chose {vec} by plausibility rules {list(it.plausible)}"))
                        notes.append("digit run split ambiguous")
        placed[content.code] = (it, content, row, slots, notes)
    _fill_orphans(placed, orphans, errors)
    facts: list[Fact] = []
    for it in tpl.active:
        for content in it.contents:
            if content.code not in placed:
                errors.append(ParseError("tables", "table2_row_missing",
                                         f"table 二 {it.item} {content.labels[0]} not found"))
                continue
            _it, _c, row, slots, notes = placed[content.code]
            for metric, v in zip(it.metrics, slots, strict=True):
                if v is None:
                    errors.append(ParseError("tables", "table2_cell_missing",
                                             f"table 二 {it.item} {content.code}.{metric.code}: no value"))
                    continue
                raw, ref = v
                cv = parse_cell(raw)
                value = cv.value if cv else None
                if metric.amount:
                    unit = (cv.unit if cv and cv.unit else None) or header_units.get(it.item) or metric.unit
                else:
                    unit = metric.unit
                if value is not None and not metric.amount and isinstance(value, float) and value.is_integer():
                    value = int(value)
                # Fact fields by position (half the cost of keywords): table, value, raw, unit, item, content,
                # metric, row, column, proceeding, outcome, row_kind, label_raw, cell_ref, notes
                facts.append(Fact("active", value, raw, unit, it.item, content.code, metric.code, None, None,
                                  None, None, "template", row.label, ref, notes[:]))
    return facts


def _fill_orphans(placed, orphans: dict[str, list[Val]], errors: list[ParseError]) -> None:
    """Rows short of one value take the values orphaned in their item's block, in row order."""
    for item, vals in orphans.items():
        short = [(code, p) for code, p in placed.items() if p[0].item == item and None in p[3]]
        if not short or len(short) != len(vals):
            continue
        for (code, (it, content, row, slots, notes)), orphan in zip(short, vals, strict=True):
            missing = [i for i, s in enumerate(slots) if s is None]
            if len(missing) != 1:
                continue
            present = [s for s in slots if s is not None]
            hinted = [i for i, m in enumerate(it.metrics) if m.hints and any(h in orphan[0] for h in m.hints)]
            if len(hinted) == 1:
                pos = hinted[0]
                new = present[:pos] + [orphan] + present[pos:]
                placed[code] = (it, content, row, new, notes + ["value recovered from text outside the table"])
            else:
                errors.append(ParseError("tables", "orphan_value_unplaced",
                                         f"table 二 {item} {code}: value {orphan[0]!r} outside the table; its "
                                         f"column cannot be told"))
