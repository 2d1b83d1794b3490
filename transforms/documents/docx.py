"""DOCX -> Document: paragraphs and tables in body order, merged cells as span placeholders.

python-docx loads the package (after `ooxml.open_zip` vetted it for zip bombs and DOCTYPEs) and we walk the
body XML ourselves: python-docx's `table.cell(r, c)` repeats a merged cell's text in every slot it covers, which
would double-count values. In the XML a horizontal merge is one `w:tc` with `w:gridSpan`, a vertical merge is
a `w:tc` with `w:vMerge` ("restart" on the first row, no value/"continue" on the covered rows). Covered slots
become `Cell("", span=True)`, exactly as html.py does for rowspan/colspan, so the same table readers apply.
Hidden runs (`w:vanish`) and deleted text are skipped; text boxes become lines after their paragraph.
"""

from __future__ import annotations

import io
import re

import docx
from lxml import etree

from transforms.documents.grid import drop_columns, drop_sliver_columns
from transforms.documents.limits import DEFAULT_LIMITS, Deadline, ExtractError, Limits, check_size
from transforms.documents.numbering import Numbering
from transforms.documents.ooxml import open_zip
from transforms.model import Cell, Document, Line

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, T, TAB, BR, CR = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("t"), _w("tab"), _w("br"), _w("cr")
SDT, SDT_CONTENT, CUSTOM_XML, RPR, VANISH = _w("sdt"), _w("sdtContent"), _w("customXml"), _w("rPr"), _w("vanish")
TXBX = _w("txbxContent")
_SKIP_SUBTREES = {_w("del"), _w("moveFrom"), f"{{{MC}}}Fallback", TXBX, _w("pPr"), _w("rPr"), _w("instrText"),
                  _w("delText"), _w("footnoteReference"), _w("endnoteReference")}
_WS = re.compile(r"[ \t\r\n\u00a0\u3000\u200b\ufeff]+")


def _containers(el: etree._Element):
    """Children of a block container, descending into content controls and custom XML wrappers."""
    for child in el:
        if child.tag in (SDT, CUSTOM_XML):
            content = child.find(SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                yield from _containers(content)
        else:
            yield child


def _run_hidden(r: etree._Element) -> bool:
    rpr = r.find(RPR)
    if rpr is None:
        return False
    v = rpr.find(VANISH)
    return v is not None and v.get(_w("val"), "true") not in ("0", "false", "off")


def _inline_text(el: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == TXBX:
            boxes.append(child)
            continue
        if tag in _SKIP_SUBTREES:
            continue
        if tag == T:
            parts.append(child.text or "")
        elif tag in (TAB, BR, CR):
            parts.append(" ")
        elif tag == _w("noBreakHyphen"):
            parts.append("-")
        elif tag == _w("r") and _run_hidden(child):
            continue
        else:
            _inline_text(child, parts, boxes)


def paragraph_text(p: etree._Element, boxes: list[etree._Element] | None = None) -> str:
    parts: list[str] = []
    _inline_text(p, parts, boxes if boxes is not None else [])
    return _WS.sub(" ", "".join(parts)).strip()


def _numbered_text(p: etree._Element, numbering: Numbering | None, boxes: list | None = None) -> str:
    text = paragraph_text(p, boxes)
    label = numbering.label(p) if numbering is not None else ""
    return (label + text).strip() if text else ""


def _cell_text(tc: etree._Element, numbering: Numbering | None = None) -> str:
    texts: list[str] = []
    for el in tc.iter(P):
        t = _numbered_text(el, numbering)
        if t:
            texts.append(t)
    return " ".join(texts)


_SLIVER_TWIPS = 57  # 1 mm


def _int_attr(el: etree._Element | None, default: int = 1, attr: str = "val", cap: int = 100) -> int:
    if el is None:
        return default
    try:
        return max(0, min(int(float(el.get(_w(attr), default))), cap))
    except (ValueError, OverflowError):  # "abc", "inf", "nan" in a damaged file
        return default


def table_rows(tbl: etree._Element, numbering: Numbering | None = None) -> list[list[Cell]]:
    """Expand one w:tbl into rows of Cells with span placeholders for merged slots."""
    grid = tbl.find(_w("tblGrid"))
    grid_cols = grid.findall(_w("gridCol")) if grid is not None else []
    width = len(grid_cols)
    # grid columns under 1 mm wide are layout slivers (Word/LibreOffice add them when borders do not line up)
    slivers = {k for k, g in enumerate(grid_cols) if _int_attr(g, 1000, attr="w", cap=10**6) < _SLIVER_TWIPS}
    out: list[list[Cell]] = []
    for tr in _containers(tbl):
        if tr.tag != TR:
            continue
        trpr = tr.find(_w("trPr"))
        row: list[Cell] = []
        before = _int_attr(trpr.find(_w("gridBefore")) if trpr is not None else None, 0)
        row.extend(Cell("", span=True) for _ in range(before))
        for tc in _containers(tr):
            if tc.tag != TC:
                continue
            tcpr = tc.find(_w("tcPr"))
            span = _int_attr(tcpr.find(_w("gridSpan")) if tcpr is not None else None, 1) or 1
            vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
            covered = vmerge is not None and vmerge.get(_w("val"), "continue") == "continue"
            if covered:
                row.extend(Cell("", span=True) for _ in range(span))
            else:
                row.append(Cell(_cell_text(tc, numbering)))
                row.extend(Cell("", span=True) for _ in range(span - 1))
        width = max(width, len(row))
        out.append(row)
    for row in out:
        row.extend(Cell("", span=True) for _ in range(width - len(row)))
    return drop_sliver_columns(drop_columns(out, slivers))


def body_lines(body: etree._Element, deadline: Deadline | None = None, numbering: Numbering | None = None
               ) -> list[Line]:
    lines: list[Line] = []
    tables = paras = 0
    for el in _containers(body):
        if el.tag == P:
            boxes: list[etree._Element] = []
            text = _numbered_text(el, numbering, boxes)
            paras += 1
            if text:
                lines.append(Line([Cell(text)], f"para {paras}"))
            for box in boxes:
                for bp in box.iter(P):
                    bt = paragraph_text(bp)
                    if bt:
                        lines.append(Line([Cell(bt)], f"para {paras} textbox"))
        elif el.tag == TBL:
            tables += 1
            for r, row in enumerate(table_rows(el, numbering), start=1):
                if any(c.text for c in row):
                    lines.append(Line(row, f"table {tables} row {r}", is_table_row=True))
            if deadline is not None and deadline.expired():
                raise ExtractError("timeout", f"gave up after {deadline.seconds:.0f} s")
    return lines


def extract(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    check_size(data, limits, source)
    deadline = Deadline(limits.max_seconds)
    open_zip(data, limits, source)
    try:
        package = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError/ValueError/etree errors on broken packages
        raise ExtractError("corrupt_docx", f"{source}: not a readable DOCX ({type(exc).__name__}: {exc})") from exc
    body = package.element.body
    meta: dict[str, str] = {}
    props = package.core_properties
    for key in ("title", "author", "subject"):
        value = getattr(props, key, None)
        if value:
            meta[f"docx_{key}"] = str(value)
    if props.created:
        meta["docx_created"] = props.created.isoformat()
    try:
        numbering_xml = package.part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):  # no numbering part: nothing is auto-numbered
        numbering_xml = None
    numbering = Numbering(numbering_xml, package.styles.element)
    return Document(source=source, format="docx", lines=body_lines(body, deadline, numbering), meta=meta)
