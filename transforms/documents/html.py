"""HTML -> Document: visible text in reading order, tables as grids with rowspan/colspan expanded.

Works for CMS detail pages, Word-exported HTML (a span per run, `<o:p>`), and crawler-saved copies. Hidden
elements (display:none, visibility:hidden, zero font size) are dropped; they are a known spam technique.
Cells covered by another cell's rowspan/colspan become `Cell("", span=True)` placeholders.
"""

from __future__ import annotations

import re
from itertools import repeat
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
_SKIPPED = (etree.Comment, etree.ProcessingInstruction, *_SKIP)


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


def strip_invisible(root: etree._Element, *, styles_checked: bool = True) -> int:
    """Remove scripts, styles and hidden elements once, so text can be read with fast itertext().

    `styles_checked=False` skips the hidden-element search (an XPath over every element, the costly part)
    when the caller has already shown that no element can be hidden (see `_may_hide`).
    """
    doomed = list(root.iter(*_SKIPPED))
    if styles_checked:
        doomed += [el for el in _STYLED(root) if _is_hidden(el)]
    for el in doomed:
        drop_keep_tail(el)
    return len(doomed)


# What `_is_hidden` needs to see, lowercased and without spaces, in a style (or the `hidden` attribute name).
_HIDE_MARKS = (b"hidden", b"display:none", b"font-size:0", b":-")
# Character references that could spell a mark without its literal characters (libxml2 2.14 also decodes
# HTML5 named references: `&colon;` gives ":", `&fjlig;` gives "fj").
_REF_MARKS = (b"&#", b"&colon", b"&fjlig")
# Encodings in which every ASCII character is the same single byte, so ASCII text found in the decoded
# page is also found, byte for byte, in the raw data.
_ASCII_SAFE = {"utf-8", "utf-8-sig", "gb18030"}


def _may_hide(data: bytes, encoding: str) -> bool:
    """False when no element of the page can be hidden, decided on the raw bytes without a tree walk.

    Every hiding rule of `_is_hidden` needs one of `_HIDE_MARKS` in the lowercased, space-free text
    ("visibility:hidden" contains "hidden"); str.lower() maps only U+0130 and U+212A from outside ASCII to
    ASCII letters, and neither can complete a mark. The bytes check is a cheap superset of the tree check.
    """
    if encoding not in _ASCII_SAFE:
        return True
    low = data.lower().replace(b" ", b"")
    if any(mark in low for mark in _HIDE_MARKS):
        return True
    # "&" is rare outside &nbsp; and friends: a one-byte search (memchr) finds each, cheaper than three scans.
    at = low.find(b"&")
    for _ in range(32):
        if at < 0:
            return False
        if low.startswith(_REF_MARKS, at):
            return True
        at = low.find(b"&", at + 1)
    return any(mark in low for mark in _REF_MARKS)


_XSLT = etree.XSLT(etree.parse(str(Path(__file__).with_name("linearize.xsl"))))


def _span(v: str, cap: int) -> int:
    if not v or v == "1":
        return 1
    try:
        return max(1, min(int(v or 1), cap))
    except ValueError:
        return 1


# Any whitespace str.split() would collapse, except the plain space (XSLT normalize-space() already collapsed
# spaces, tabs and newlines in cell text; non-breaking and ideographic spaces are left for Python).
_ODD_SPACE = re.compile(r"[^\S ]")
# One cell record "\ue002rowspan,colspan,text": a record starting with ",," has neither span attribute (a plain
# cell); any other record is unpacked as cell.split(",", 2) would, and must have both commas.
_PLAIN_MARK = "\ue002,,"
_SPAN = Cell("", span=True)  # the placeholder of a covered position; cells are never mutated, so one is shared


def _table_rows(chunk: str) -> list[tuple[int, list[Cell]]]:
    """(row number, grid row) for the rows with text of one table record chunk ("\ue001" row, "\ue002"
    "rowspan,colspan,text" cell), rowspan/colspan expanded into `Cell("", span=True)` placeholders.

    A cell takes the first free column from where the previous cell ended; its span takes the positions to
    its right and below that are still free (spans are capped at 500 rows, 100 columns, and cut at the
    table's last row); a row is as wide as its rightmost taken column.

    A row without span attributes and without spans reaching down from above is just its cells (the common
    case, done in C by split and map); `below` holds the columns that spans have taken in later rows. In
    other rows only the records up to the last span cell or taken column are unpacked one by one; the plain
    records after them are read in bulk (their text is the record minus its leading ",,").
    """
    rows = chunk.split("\ue001")[1:]
    n = len(rows)
    odd = _ODD_SPACE.search(chunk) is not None
    below: dict[int, dict[int, Cell]] = {}
    out: list[tuple[int, list[Cell]]] = []
    span_cell = _SPAN
    for r, row in enumerate(rows):
        taken = below.pop(r, None)
        n_plain = row.count(_PLAIN_MARK)
        if taken is None and row.count("\ue002") == n_plain:
            texts = row.split(_PLAIN_MARK)[1:]
            if odd:
                texts = [" ".join(t.split()) for t in texts]
            if any(texts):
                out.append((r + 1, list(map(Cell, texts))))
            continue
        records = row.split("\ue002")[1:]
        n_cells = len(records)
        if taken is None:
            taken = {}
        # Cells go one by one while span cells remain or columns ahead are taken; after that the rest are
        # plain cells in consecutive columns, appended in bulk.
        spans_left = n_cells - n_plain
        top = max(taken) if taken else -1  # the rightmost taken column of this row
        has_text = False
        c = i = 0
        while i < n_cells and (spans_left or c <= top):
            rec = records[i]
            i += 1
            while c in taken:
                c += 1
            if rec.startswith(",,"):
                text = rec[2:]
                if odd:
                    text = " ".join(text.split())
                taken[c] = Cell(text)
                has_text = has_text or text != ""
                top = max(top, c)
                c += 1
                continue
            rs_text, cs_text, text = rec.split(",", 2)
            if odd:
                text = " ".join(text.split())
            taken[c] = Cell(text)
            has_text = has_text or text != ""
            spans_left -= 1
            rs = _span(rs_text, 500)
            end = c + _span(cs_text, 100)
            for dc in range(c + 1, end):
                if dc not in taken:
                    taken[dc] = span_cell
            top = max(top, end - 1)
            for dr in range(r + 1, min(r + rs, n)):
                later = below.setdefault(dr, {})
                for dc in range(c, end):
                    if dc not in later:
                        later[dc] = span_cell
            c = end
        rest = [rec[2:] for rec in records[i:]]  # plain records only (spans_left is 0 here)
        if odd:
            rest = [" ".join(t.split()) for t in rest]
        if has_text or any(rest):
            line = list(map(taken.get, range(top + 1), repeat(span_cell)))
            line += map(Cell, rest)
            out.append((r + 1, line))
    return out


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
        lines += [Line(row, f"table {tables} row {r}", is_table_row=True) for r, row in _table_rows(chunk)]
    return lines


# Candidate containers, found by C on the id/class attribute values alone; pick_container checks them exactly.
_CONTAINER_ATTRS = etree.XPath(
    "//@id[" + " or ".join(f".='{n}'" for n in CONTAINERS) + "]"
    " | //@class[" + " or ".join(f"contains(., '{n}')" for n in CONTAINERS) + "]")
_MENTIONS_REPORT = etree.XPath("contains(., '主动公开') and (contains(., '申请') or contains(., '复议'))")


def pick_container(root: etree._Element) -> etree._Element:
    """The element holding the report: a known CMS content container that mentions the report, else <body>."""
    rank = {name: i for i, name in enumerate(CONTAINERS)}
    found: list[tuple[int, etree._Element]] = []
    seen: set[etree._Element] = set()
    for attr in _CONTAINER_ATTRS(root):  # document order; an element's id and class come together
        el = attr.getparent()
        if el in seen:
            continue
        seen.add(el)
        names = [el.get("id", "")] + el.get("class", "").split()
        hits = [rank[n] for n in names if n in rank]
        if hits:
            found.append((min(hits), el))
    for _, el in sorted(found, key=lambda x: x[0]):
        if _MENTIONS_REPORT(el):
            return el
    body = root.find("body")
    return body if body is not None else root


_XML_DECL = re.compile(r"^<\?xml[^>]*\?>")
_UTF8_PARSER = etree.HTMLParser(remove_comments=False, recover=True, huge_tree=False, encoding="utf-8")


def _parse(data: bytes, text: str, encoding: str) -> etree._Element | None:
    """Parse the decoded page. UTF-8 goes to libxml2 as UTF-8 bytes, its native encoding (a str would be
    handed over as UTF-16 and converted back); the tree is the same. Other encodings keep Python's decoding."""
    if encoding == "utf-8" and data[:1] == b"<" and not data.startswith(b"<?xml"):
        return etree.fromstring(data, _UTF8_PARSER)  # data.decode() is exactly `text`
    if encoding in ("utf-8", "utf-8-sig") and text:
        return etree.fromstring(text.encode("utf-8"), _UTF8_PARSER)
    return etree.fromstring(text or "<html></html>", _PARSER)


def extract(data: bytes, source: str) -> Document:
    text, encoding = decode_bytes(data)
    text = _XML_DECL.sub("", text.lstrip())
    root = _parse(data, text, encoding)
    if root is None:
        root = etree.fromstring("<html></html>", _PARSER)
    meta: dict[str, str] = {"encoding": encoding}
    title = None  # the first <title> below the root (= root.find(".//title")), found in the same walk
    for m in root.iter("meta", "title"):  # one walk of the tree for both
        if m.tag == "title":
            if title is None and m is not root:
                title = m
            continue
        name = m.get("name") or m.get("property")
        if name and name in META_NAMES and m.get("content") and name not in meta:
            meta[name] = m.get("content", "").strip()
    if title is not None and "".join(title.itertext()).strip():
        meta["html_title"] = _WS.sub(" ", "".join(title.itertext())).strip()
    strip_invisible(root, styles_checked=_may_hide(data, encoding))
    return Document(source=source, format="html", lines=linearize(pick_container(root)), meta=meta)
