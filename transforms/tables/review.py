"""Table 四 (administrative review and litigation): 15 cells in template order.

The values are read in order from the first value row on: header layouts vary (with or without the 总计
columns, spaced words), but the 15 values always follow the template order. 16 values (a stray trailing cell)
keep the first 15 with a note; a glued digit run is split so that every block's total holds; 12 values under a
header without 总计 columns fill the non-total cells and leave the totals unprinted.
"""

from __future__ import annotations

from transforms.cells import parse_cell
from transforms.model import Fact, ParseError
from transforms.tables.digits import split_blocks
from transforms.tables.rows import Val, build_rows
from transforms.templates import Template

_PROSE_LEN = 30


def read_review(lines, tpl: Template, errors: list[ParseError]) -> list[Fact]:
    n_blocks, n_out = len(tpl.proceedings), len(tpl.outcomes)
    width = n_blocks * n_out
    rows = build_rows(lines)
    vals: list[Val] = []
    explicit = False  # some row read holds explicit cells (then a digit run is not split)
    header_totals = 0
    labels_text = ""
    started = False
    for row in rows:
        if not started:
            labels_text += "".join(row.labels)
        nonblank = [v for v in row.values if v[0]]
        if not nonblank:
            continue
        if started and row.labels and len("".join(row.labels)) > _PROSE_LEN and not row.own_label:
            break  # prose after the table
        started = True
        vals.extend(row.values)
        explicit = explicit or (row.explicit and bool(row.values))
        if len(vals) >= width:
            break
    header_totals = labels_text.replace(" ", "").count("总计")
    while len(vals) > width and vals and vals[-1][0] == "":
        vals.pop()
    while len(vals) > width and vals and vals[0][0] == "":
        vals.pop(0)
    notes: list[str] = []
    slots: list[Val | None]
    if not vals:
        errors.append(ParseError("tables", "table4_missing", "table 四 (review/litigation) values not found"))
        return []
    if len(vals) > width:
        notes.append(f"{len(vals)} values for {width} cells; extra trailing values dropped")
        errors.append(ParseError("tables", "table4_shape", f"table 四: {len(vals)} values for {width}; kept the first {width}"))
        slots = list(vals[:width])
    elif len(vals) == width:
        slots = list(vals)
    else:
        raws = [v[0] for v in vals]
        glued = not explicit and all(r.isdigit() for r in raws)
        cands = split_blocks(raws, width, n_out) if glued else []
        if cands:
            ref = f"{vals[0][1]} (split of {' '.join(raws)})"  # one reference shared by the split's values
            slots = [(str(x), ref) for x in cands[0]]
            notes.append("digit run split by block totals")
            if len(cands) > 1:
                errors.append(ParseError("tables", "digit_split_ambiguous",
                                         f"table 四: {len(cands)} splits of {' '.join(raws)} satisfy every block "
                                         f"total; the first is used"))
        elif len(vals) == n_blocks * (n_out - 1) and header_totals == 0:
            slots = []
            it = iter(vals)
            for _ in range(n_blocks):
                slots.extend([next(it) for _ in range(n_out - 1)] + [None])
            notes.append("header has no 总计 columns; totals not printed")
        else:
            errors.append(ParseError("tables", "table4_shape", f"table 四: {len(vals)} values for {width} cells"))
            slots = list(vals) + [None] * (width - len(vals))
    facts: list[Fact] = []
    k = 0
    # Fact fields by position (half the cost of keywords): table, value, raw, unit, item, content, metric, row,
    # column, proceeding, outcome, row_kind, label_raw, cell_ref, notes
    for proc in tpl.proceedings:
        for outcome in tpl.outcomes:
            v = slots[k]
            k += 1
            if v is None:
                facts.append(Fact("review_litigation", None, "", None, None, None, None, None, None, proc, outcome,
                                  "template", "", "", notes + ["cell not printed"]))
                continue
            raw, ref = v
            cv = parse_cell(raw)
            value = cv.value if cv else None
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            facts.append(Fact("review_litigation", value, raw, None, None, None, None, None, None, proc, outcome,
                              "template", "", ref, notes[:]))
    return facts
