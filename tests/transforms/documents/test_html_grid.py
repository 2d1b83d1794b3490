"""HTML tables -> grids: rowspan/colspan expanded as a browser lays them out (html.py with linearize.xsl)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from lxml import etree

from transforms.documents.html import extract

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "parse"


def table_rows(data: bytes) -> list[list]:
    """[ref, cells] of every table row extract() gives, a covered position as None."""
    doc = extract(data, "grid.html")
    return [[line.ref, [None if c.span else c.text for c in line.cells]] for line in doc.lines if line.is_table_row]


def test_span_cases_give_the_grids_a_browser_shows() -> None:
    expected = json.loads((FIXTURES / "html_spans.json").read_text(encoding="utf-8"))
    assert table_rows((FIXTURES / "html_spans.html").read_bytes()) == expected


_NUMBER = re.compile(r"\s*\+?(\d+)")


def layout_groups(table: etree._Element) -> list[list[etree._Element]]:
    """The table's row groups in layout order: thead/tbody/tfoot each a group, rows written directly in the
    table a group per run, tfoot groups last (HTML's table model)."""
    groups: list[list[etree._Element]] = []
    feet: list[list[etree._Element]] = []
    run: list[etree._Element] | None = None
    for child in table:
        if child.tag == "tr":
            if run is None:
                run = []
                groups.append(run)
            run.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            run = None
            (feet if child.tag == "tfoot" else groups).append(child.findall("tr"))
    return groups + feet


def reference_rows(data: bytes) -> list[list]:
    """The layout written plainly, cell by cell over the parsed tree: each cell takes the first free column
    of its row, and its span (leading number of the attribute, else 1; a rowspan of 0 reaches the end of the
    cell's row group, a colspan of 0 is 1; rows capped at 500 and at the group's end, columns at 100) takes the positions to its right and below. A row is as wide as its
    rightmost taken position; a row without text is left out."""
    root = etree.HTML(data)
    out: list[list] = []
    for t, table in enumerate(root.iter("table"), start=1):
        taken: dict[tuple[int, int], str | None] = {}
        r = 0
        for group in layout_groups(table):
            end = r + len(group)
            for tr in group:
                c = 0
                for td in tr.xpath("td|th"):
                    while (r, c) in taken:
                        c += 1
                    spans = []
                    for name, cap in (("rowspan", 500), ("colspan", 100)):
                        m = _NUMBER.match(td.get(name) or "")
                        spans.append(min(int(m[1]), cap) if m else 1)
                    height, width = spans
                    height = height or end - r  # rowspan 0: to the end of the row group
                    width = width or 1  # colspan 0: 1
                    for dr in range(min(height, end - r)):
                        for dc in range(width):
                            taken[(r + dr, c + dc)] = None
                    taken[(r, c)] = " ".join("".join(td.itertext()).split())
                    c += width
                cols = [col for (row, col) in taken if row == r]
                cells = [taken.get((r, col)) for col in range(max(cols) + 1)] if cols else []
                if any(cells):
                    out.append([f"table {t} row {r + 1}", cells])
                r += 1
    return out


TEXTS = ["", "&nbsp;", "a", "12", " x\n y ", "甲乙", "<span>3</span><span>4</span>", "<p>丙</p>"]
SPAN_VALUES = ["2", "3", "4", " 2 ", "2,1", "", "x", "1", "0"]


def random_table(rng: random.Random) -> str:
    """A table of random cells and spans, its rows cut into runs written directly or in thead/tbody/tfoot."""
    rows = []
    for _ in range(rng.randint(1, 7)):
        cells = []
        for _ in range(rng.randint(1, 6)):
            attrs = []
            if rng.random() < 0.3:
                attrs.append(f'rowspan="{rng.choice(SPAN_VALUES)}"')
            if rng.random() < 0.3:
                attrs.append(f'colspan="{rng.choice(SPAN_VALUES)}"')
            rng.shuffle(attrs)
            tag = rng.choice(["td", "td", "th"])
            cells.append(f"<{tag} {' '.join(attrs)}>{rng.choice(TEXTS)}</{tag}>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    cuts = sorted(rng.sample(range(1, len(rows)), min(len(rows) - 1, rng.randint(0, 2))))
    parts = []
    for a, b in zip([0, *cuts], [*cuts, len(rows)], strict=True):
        kind = rng.choice(["", "", "thead", "tbody", "tfoot"])
        body = "".join(rows[a:b])
        parts.append(f"<{kind}>{body}</{kind}>" if kind else body)
    return f"<table>{''.join(parts)}</table>"


@pytest.mark.parametrize("seed", range(60))
def test_random_span_tables_match_the_plain_layout(seed: int) -> None:
    rng = random.Random(seed)
    tables = "<p>表</p>".join(random_table(rng) for _ in range(3))
    data = f'<html><head><meta charset="utf-8"></head><body><div>报告</div>{tables}</body></html>'.encode()
    assert table_rows(data) == reference_rows(data)


def test_record_marks_in_page_text_stay_text() -> None:
    """A noncharacter the linearizer uses as a record mark, written in a cell, is read as U+FFFD in its cell."""
    data = (FIXTURES / "html_marks_in_text.html").read_bytes()
    replaced = data
    for code in range(0xFDD0, 0xFDD5):
        replaced = replaced.replace(chr(code).encode(), "\ufffd".encode())
    assert replaced != data
    rows = table_rows(data)
    assert rows == reference_rows(replaced)
    assert rows[1][1][1:] == ["g\ufffdr2\ufffdc3", None]
