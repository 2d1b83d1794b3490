"""HTML -> Document: visible text in reading order, tables as grids with rowspan/colspan expanded.

Works for CMS detail pages, Word-exported HTML (a span per run, `<o:p>`), and crawler-saved copies. Hidden
elements (display:none, visibility:hidden, zero font size) are dropped; they are a known spam technique.
Cells covered by another cell's rowspan/colspan become `Cell("", span=True)` placeholders.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from transforms.documents.decode import decode_bytes
from transforms.model import Cell, Document, Line

_PARSER = etree.HTMLParser(remove_comments=False, recover=True, huge_tree=False)
_SKIP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "select", "option", "button",
         "svg", "head", "noframes"}
_HIDDEN = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|em)?\s*(?:;|$)"
    r"|(?:left|top|text-indent)\s*:\s*-\d{3,}", re.I)
_WS = re.compile(r"[ \t\r\n\u00a0\u3000\u200b\ufeff]+")
# Content containers used by Chinese government CMSs, best first (report-format.md §8).
CONTAINERS = ("ivs_content", "webeditorview", "zoom", "Zoom", "zoomcon", "TRS_Editor", "Custom_UnionStyle",
              "article", "article-content", "xxgk_content", "content")
META_NAMES = ("ArticleTitle", "PubDate", "ContentSource", "SiteName", "SiteDomain", "SiteIDCode", "ColumnName",
              "firstpublishedtime", "publishdate", "Description", "Keywords")


def _is_hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    if not style:
        return False
    low = style.lower().replace(" ", "")
    if "display:none" in low or "visibility:hidden" in low:
        return True
    if "font-size:0" not in low and ":-" not in low:
        return False
    return bool(_HIDDEN.search(style))


_STRING = etree.XPath("string()")


def _cell_text(el: etree._Element) -> str:
    return " ".join(_STRING(el).split())


_STYLED = etree.XPath("//*[@style or @hidden]")


def drop_keep_tail(el: etree._Element) -> None:
    """Remove an element but keep its tail text in place (lxml's remove() would lose it)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def strip_invisible(root: etree._Element) -> int:
    """Remove scripts, styles and hidden elements once, so text can be read with fast itertext()."""
    doomed = list(root.iter(etree.Comment, etree.ProcessingInstruction, *_SKIP))
    doomed += [el for el in _STYLED(root) if _is_hidden(el)]
    for el in doomed:
        drop_keep_tail(el)
    return len(doomed)


_XSLT = etree.XSLT(etree.parse(str(Path(__file__).with_name("linearize.xsl"))))


def _span(v: str, cap: int) -> int:
    if not v or v == "1":
        return 1
    try:
        return max(1, min(int(v or 1), cap))
    except ValueError:
        return 1


def _grid(records: list[list[tuple[int, int, str]]]) -> list[list[Cell]]:
    grid: dict[tuple[int, int], Cell] = {}
    width: dict[int, int] = {}
    for r, row in enumerate(records):
        c = 0
        for rs, cs, text in row:
            while (r, c) in grid:
                c += 1
            grid[(r, c)] = Cell(text)
            for dr in range(rs):
                for dc in range(cs):
                    if dr or dc:
                        grid.setdefault((r + dr, c + dc), Cell("", span=True))
                width[r + dr] = max(width.get(r + dr, 0), c + cs)
            c += cs
    return [[grid.get((r, c), Cell("", span=True)) for c in range(width.get(r, 0))] for r in range(len(records))]


def linearize(container: etree._Element) -> list[Line]:
    """Lines of a container in reading order, via one XSLT pass (C speed); tables as grids."""
    out = str(_XSLT(container))
    lines: list[Line] = []
    tables = 0
    for k, chunk in enumerate(out.split("\ue000")):
        if k % 2 == 0:
            for raw in chunk.split("\n"):
                text = " ".join(raw.split())
                if text:
                    lines.append(Line([Cell(text)], f"para {len(lines) + 1}"))
            continue
        tables += 1
        records = []
        for row in chunk.split("\ue001")[1:]:
            cells = []
            for cell in row.split("\ue002")[1:]:
                rs, cs, text = cell.split(",", 2)
                cells.append((_span(rs, 500), _span(cs, 100), " ".join(text.split())))
            records.append(cells)
        for r, row in enumerate(_grid(records), start=1):
            if any(c.text for c in row):
                lines.append(Line(row, f"table {tables} row {r}", is_table_row=True))
    return lines


_WITH_ID_OR_CLASS = etree.XPath("//*[@id or @class]")


def pick_container(root: etree._Element) -> etree._Element:
    """The element holding the report: a known CMS content container that mentions the report, else <body>."""
    rank = {name: i for i, name in enumerate(CONTAINERS)}
    found: list[tuple[int, etree._Element]] = []
    for el in _WITH_ID_OR_CLASS(root):
        names = [el.get("id", "")] + el.get("class", "").split()
        hits = [rank[n] for n in names if n in rank]
        if hits:
            found.append((min(hits), el))
    for _, el in sorted(found, key=lambda x: x[0]):
        text = _STRING(el)
        if "主动公开" in text and ("申请" in text or "复议" in text):
            return el
    body = root.find("body")
    return body if body is not None else root


def extract(data: bytes, source: str) -> Document:
    text, encoding = decode_bytes(data)
    text = re.sub(r"^<\?xml[^>]*\?>", "", text.lstrip())
    root = etree.fromstring(text or "<html></html>", _PARSER)
    if root is None:
        root = etree.fromstring("<html></html>", _PARSER)
    meta: dict[str, str] = {"encoding": encoding}
    for m in root.iter("meta"):
        name = m.get("name") or m.get("property")
        if name and name in META_NAMES and m.get("content") and name not in meta:
            meta[name] = m.get("content", "").strip()
    title = root.find(".//title")
    if title is not None and "".join(title.itertext()).strip():
        meta["html_title"] = _WS.sub(" ", "".join(title.itertext())).strip()
    strip_invisible(root)
    return Document(source=source, format="html", lines=linearize(pick_container(root)), meta=meta)
