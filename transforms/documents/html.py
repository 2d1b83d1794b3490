"""HTML -> Document: visible text in reading order, tables as grids with rowspan/colspan expanded.

Works for CMS detail pages, Word-exported HTML (a span per run, `<o:p>`), and crawler-saved copies. Hidden
elements (display:none, visibility:hidden, zero font size) are dropped; they are a known spam technique.
Cells covered by another cell's rowspan/colspan become `Cell("", span=True)` placeholders.
"""

from __future__ import annotations

import re

from lxml import etree

from transforms.documents.decode import decode_bytes
from transforms.model import Cell, Document, Line

_PARSER = etree.HTMLParser(remove_comments=False, recover=True, huge_tree=False)
_BLOCK = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header",
    "footer", "tr", "table", "blockquote", "pre", "dd", "dt", "dl", "form", "center", "hr", "title", "nav",
}
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
    low = style.lower()
    if "none" not in low and "hidden" not in low and "0" not in low and "-" not in low:
        return False
    return bool(_HIDDEN.search(style))


_STRING = etree.XPath("string()")


def _cell_text(el: etree._Element) -> str:
    return " ".join(_STRING(el).split())


_STYLED = etree.XPath("//*[@style or @hidden]")


def _drop(el: etree._Element) -> None:
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
        _drop(el)
    return len(doomed)


def table_to_rows(table: etree._Element) -> list[list[Cell]]:
    """Expand a <table> into a grid; span-covered slots are placeholders."""
    grid: dict[tuple[int, int], Cell] = {}
    width: dict[int, int] = {}
    rows = [tr for tr in table.iter("tr") if _owning_table(tr) is table]
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            try:
                rs = max(1, min(int(td.get("rowspan", "1") or 1), 500))
                cs = max(1, min(int(td.get("colspan", "1") or 1), 100))
            except ValueError:
                rs = cs = 1
            grid[(r, c)] = Cell(_cell_text(td))
            for dr in range(rs):
                for dc in range(cs):
                    if dr or dc:
                        grid.setdefault((r + dr, c + dc), Cell("", span=True))
                rr = r + dr
                width[rr] = max(width.get(rr, 0), c + cs)
            c += cs
    return [[grid.get((r, c), Cell("", span=True)) for c in range(width.get(r, 0))] for r in range(len(rows))]


def _owning_table(el: etree._Element) -> etree._Element | None:
    p = el.getparent()
    while p is not None and (not isinstance(p.tag, str) or p.tag.lower() != "table"):
        p = p.getparent()
    return p


class _Linearizer:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.buf: list[str] = []
        self.tables = 0

    def flush(self) -> None:
        text = _WS.sub(" ", "".join(self.buf)).strip()
        self.buf = []
        if text:
            self.lines.append(Line([Cell(text)], f"para {len(self.lines) + 1}"))

    def walk(self, el: etree._Element) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag:
            if el.tail:
                self.buf.append(el.tail)
            return
        if tag == "table":
            self.flush()
            self.tables += 1
            for r, row in enumerate(table_to_rows(el), start=1):
                if any(c.text for c in row):
                    self.lines.append(Line(row, f"table {self.tables} row {r}", is_table_row=True))
        else:
            block = tag in _BLOCK
            if block:
                self.flush()
            if el.text:
                self.buf.append(el.text)
            for child in el:
                self.walk(child)
            if block:
                self.flush()
        if el.tail:
            self.buf.append(el.tail)


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
    lin = _Linearizer()
    lin.walk(pick_container(root))
    lin.flush()
    return Document(source=source, format="html", lines=lin.lines, meta=meta)
