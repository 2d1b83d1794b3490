"""HTML -> Document: visible text in reading order, tables as grids with rowspan/colspan expanded.

Works for CMS detail pages, Word-exported HTML (a span per run, `<o:p>`), and crawler-saved copies. Hidden
elements (display:none, visibility:hidden, zero font size) are dropped; they are a known spam technique.
Cells covered by another cell's rowspan/colspan become `Cell("", span=True)` placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from transforms.documents.cells import document_cells, ref_labels
from transforms.documents.decode import decode_bytes
from transforms.memo import Memo
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
# Style attribute values in document order, as plain str, and as smart strings (each knows its element, at
# the cost of a proxy per element): index i of one is index i of the other. `//*/@style`, not `//@style`:
# libxml2 walks the elements alone (see pick_container). Whether any element has a `hidden` attribute.
_STYLE_VALUES = etree.XPath("//*/@style", smart_strings=False)
_STYLE_ATTRS = etree.XPath("//*/@style")
_HAS_HIDDEN_ATTR = etree.XPath("boolean(//@hidden)")
# What a style must hold, lowercased and without spaces, for any rule of `_is_hidden` to flag it.
_STYLE_MARKS = ("display:none", "visibility:hidden", "font-size:0", ":-")
_STYLE_MARK_BYTES = tuple(mark.encode() for mark in _STYLE_MARKS)


def hidden_elements(root: etree._Element) -> list[etree._Element]:
    """The elements `_is_hidden` flags, in document order (= `[el for el in _STYLED(root) if _is_hidden(el)]`).

    Why not that one-liner: Word-exported reports put a style on every run, over a thousand per page, and
    `_may_hide`'s bytes check passes on any page with a mark outside its scripts, style sheets and comments
    (a hidden search box, an `overflow:hidden` style), so making a Python proxy of every styled element and
    checking each cost more than parsing the page. Here the style strings are read in C and searched joined by NUL (which no attribute value holds), as
    UTF-8 bytes lowercased and stripped of spaces in one `bytes.translate` (the spaces `_is_hidden` drops; the
    NULs stay, so a mark's style is the number of NULs before it). ASCII lowercasing finds the marks str.lower()
    would: the marks are ASCII, and the only non-ASCII characters that str.lower() turns into ASCII letters,
    U+0130 and U+212A, give "i" + U+0307 and "k", which complete none (str.lower() of CJK styles, and a regex
    allowing spaces inside the marks, cost five times more). Only the marked styles' elements get a proxy
    (through the smart string of their style) and the exact check.
    """
    if _HAS_HIDDEN_ATTR(root):
        return [el for el in _STYLED(root) if _is_hidden(el)]
    values = _STYLE_VALUES(root)
    spaceless = "\0".join(values).encode("utf-8", "surrogatepass").translate(_LOWER, b" ")
    marked: set[int] = set()
    for mark in _STYLE_MARK_BYTES:
        style = at = 0  # the style holding position `at` of `spaceless`
        pos = spaceless.find(mark)
        while pos >= 0:
            style += spaceless.count(b"\0", at, pos)
            marked.add(style)
            at = spaceless.find(b"\0", pos)  # the next style: one mark found in a style is enough
            if at < 0:
                break
            pos = spaceless.find(mark, at)
    if not marked:
        return []
    attrs = _STYLE_ATTRS(root)
    if len(attrs) != len(values):  # not seen: then the plain search rather than a misaligned one
        return [el for el in _STYLED(root) if _is_hidden(el)]
    return [el for el in (attrs[i].getparent() for i in sorted(marked)) if _is_hidden(el)]


_SKIPPED = (etree.Comment, etree.ProcessingInstruction, *_SKIP)
_META_OR_SKIPPED = ("meta", "title", *_SKIPPED)


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


# Type-attribute values that hold "hidden" and never hide anything `_is_hidden` looks at: nearly every
# real CMS page has `<input type="hidden">` in its search box, and passing on those bytes alone made the
# element-by-element hidden search (a proxy and a style check per styled element, over a thousand on
# Word-exported reports) run on every real page, costing more than parsing it. Counted in the lowercased
# bytes with their spaces, quotes closed: a "hidden" so written is an attribute value (or text), never a
# `hidden` attribute nor part of a style. (Without the closing quote, `x="a type="hidden >` does make a
# `hidden` attribute: x's value ends at the second quote.)
_HIDDEN_INPUTS = (b'type="hidden"', b"type='hidden'", b"type=hidden")
# ":-" by re: a two-byte needle whose first byte is common in styles is searched faster by re's literal
# search than by `in` (measured about 2x on Word-exported pages).
_COLON_MINUS = re.compile(rb":-")
# Named references that could spell part of a mark without its literal characters (libxml2 2.14 decodes
# HTML5 named references: `&colon;` gives ":", `&fjlig;` gives "fj"); numeric ones are read by `_NUM_REF`.
_REF_MARKS = (b"&colon", b"&fjlig")
# A numeric character reference (lowercased bytes). Only one whose code point is ASCII, or lowercases to
# ASCII (U+0130, U+212A), can complete a mark; the others (icon fonts' "&#xe601;", "&#160;", "&#8220;") are
# common on real portal pages and cannot.
_NUM_REF = re.compile(rb"&#(?:x([0-9a-f]+)|([0-9]+))")
_REF_TO_ASCII = {0x130, 0x212A}


def _ref_may_complete_mark(low: bytes, at: int) -> bool:
    """Whether the "&" at `at` starts a reference that may decode to a character of a hiding mark."""
    if low.startswith(_REF_MARKS, at):
        return True
    m = _NUM_REF.match(low, at)
    if m is None:  # "&nbsp;" and friends, or a literal "&"
        return False
    code = int(m[1], 16) if m[1] is not None else int(m[2])
    return code < 128 or code in _REF_TO_ASCII
# Encodings in which every ASCII character is the same single byte, so ASCII text found in the decoded
# page is also found, byte for byte, in the raw data.
_ASCII_SAFE = {"utf-8", "utf-8-sig", "gb18030"}


# ASCII uppercase to lowercase (= bytes.lower()), for `bytes.translate`, which can also delete the spaces in
# the same pass: lower() and then replace() copied the page twice.
_LOWER = bytes.maketrans(bytes(range(65, 91)), bytes(range(97, 123)))


def _may_hide(data: bytes, encoding: str, raw_texts: Callable[[], list[str]] | None = None) -> bool:
    """False when no element of the page can be hidden, decided on the raw bytes without a tree walk.

    Every hiding rule of `_is_hidden` needs the `hidden` attribute name or one of `_STYLE_MARKS` in the
    lowercased, space-free text ("visibility:hidden" is counted among the "hidden"s); str.lower() maps only
    U+0130 and U+212A from outside ASCII to ASCII letters, and neither can complete a mark. The bytes check is
    a cheap superset of the tree check; a "hidden" that is a type attribute's value (`_HIDDEN_INPUTS`) is not
    a mark, and with `raw_texts` (see `_marks_only_in_raw_text`) neither is a mark inside a script, a style
    sheet or a comment.

    Why it is shaped so: each pass over a 100 KB portal page costs some 30 us, so passes are few: one
    translate lowercases and drops the spaces at once, and the type attributes are counted in the
    lowercased page (with its spaces) only when some "hidden" is there, the usual spelling first.
    """
    if encoding not in _ASCII_SAFE:
        return True
    low = data.translate(_LOWER, b" ")
    marks = [mark for mark in _PAGE_MARKS if mark in low]
    if _COLON_MINUS.search(low):
        marks.append(b":-")
    if marks and raw_texts is None:
        return True
    hidden = low.count(b"hidden")
    inputs = 0
    if hidden:
        lowered = data.lower()
        inputs = lowered.count(_HIDDEN_INPUTS[0])
        if inputs != hidden:
            inputs += sum(map(lowered.count, _HIDDEN_INPUTS[1:]))
    # a mark, or a "hidden" that is not a type attribute's value, outside the raw texts
    if (marks or inputs != hidden) and (
            raw_texts is None or not _marks_only_in_raw_text(data, low, marks, hidden, inputs, raw_texts())):
        return True
    # "&" is rare outside &nbsp; and friends: a one-byte search (memchr) finds each, cheaper than a scan per
    # reference kind; past 64 of them, the named marks by plain scans and the numeric references by re.
    at = low.find(b"&")
    for _ in range(64):
        if at < 0:
            return False
        if _ref_may_complete_mark(low, at):
            return True
        at = low.find(b"&", at + 1)
    if any(mark in low for mark in _REF_MARKS):
        return True
    return any(_ref_may_complete_mark(low, m.start()) for m in _NUM_REF.finditer(low, at))


_PAGE_MARKS = (b"display:none", b"font-size:0")  # `_STYLE_MARKS` but ":-" (searched by re) and "visibility:hidden"


def _marks_only_in_raw_text(data: bytes, low: bytes, marks: list[bytes], hidden: int, inputs: int,
                            texts: list[str]) -> bool:
    """Whether every mark of the page (`low`: its bytes lowercased without spaces; `marks` found there;
    `hidden` "hidden"s of which `inputs` are type attribute values) stands in `texts`, the texts of its
    scripts, style sheets and comments, where no attribute is.

    Why: most portal pages carry `display:none` or `overflow:hidden` in their CSS or scripts, and that alone
    sent them to the element-by-element hidden search (some 10% of parsing a real page) for nothing.

    Exact because such a text is raw: the parser keeps it as it stands between its tags, so each mark it
    holds is a mark of the page, and a mark cannot straddle the tags around it (they hold "<" or ">"); the
    counts are of marks that cannot overlap themselves. So a page with more of a mark than its raw texts
    has one elsewhere. Two things could make a raw text differ from its bytes, and are ruled out: a NUL byte
    (libxml2 writes U+FFFD for it, which joins no mark, but a parser dropping it could: no claim is made for
    a page holding one), and a character reference (raw text decodes none, and a reference spelling a mark
    sends the page to the search anyway, see `_may_hide`). The texts are joined by NUL, which none holds (the
    page has none), so no mark spans two of them.
    """
    if not texts or b"\0" in data:
        return False
    raw = "\0".join(texts).encode("utf-8", "surrogatepass")
    raw_low = raw.translate(_LOWER, b" ")
    if any(low.count(mark) > raw_low.count(mark) for mark in marks):
        return False
    if hidden != inputs:
        raw_lowered = raw.lower()
        raw_inputs = sum(map(raw_lowered.count, _HIDDEN_INPUTS))
        if hidden - raw_low.count(b"hidden") != inputs - raw_inputs:
            return False
    return True


# What `_marks_only_in_raw_text` reads: the elements whose text the parser keeps as it stands, and comments.
_RAW_TEXT = ("script", "style", etree.Comment)


_XSLT = etree.XSLT(etree.parse(str(Path(__file__).with_name("linearize.xsl"))))


# The number a browser reads from a span attribute: its leading digits, after spaces and an optional sign
# (HTML's rules for parsing integers: "2,3" and "2px" span 2).
_SPAN_NUMBER = re.compile(r"[ \t\n\f\r]*\+?([0-9]+)")


def _span(v: str, cap: int, zero: int = 1) -> int:
    """A rowspan/colspan attribute value as a span: its leading number capped at `cap`, 1 when it has none,
    `zero` when it is 0 (HTML: a colspan of 0 is 1, a rowspan of 0 reaches the end of the row group)."""
    m = _SPAN_NUMBER.match(v)
    if m is None:
        return 1
    digits = m[1].lstrip("0")
    if not digits:
        return zero
    return cap if len(digits) > 6 else min(int(digits), cap)  # int() refuses 4300+ digits


# Any whitespace str.split() would collapse, except the plain space (XSLT normalize-space() already collapsed
# spaces, tabs and newlines in cell text; non-breaking and ideographic spaces are left for Python).
_ODD_SPACE = re.compile(r"[^\S ]")
_SPAN = Cell("", span=True)  # the placeholder of a covered position; cells are never mutated, so one is shared


def _spans(attrs: str) -> tuple[int, int]:
    """(rowspan, colspan) of a cell's span records, the text after its first U+FDD3 ("r2", "c3", "r2\ufdd3c3",
    in attribute order; a missing one is 1). Read through `_SPANS`: a page's span attributes take a few
    values ("c3", "r2"), the same on every page of a template."""
    rs_text = cs_text = ""
    for attr in attrs.split("\ufdd3"):
        if attr[:1] == "r":
            rs_text = attr[1:]
        else:
            cs_text = attr[1:]
    return _span(rs_text, 500, zero=500), _span(cs_text, 100)  # rowspan 0: the rows left (to the group's end)


_SPANS: Memo[tuple[int, int]] = Memo(_spans, 4096)


def _group_ends(rows: list[str]) -> list[int]:
    """For each row, the index of the first row after its row group, the fences ("\ufdd4", which close the
    row strings they end) removed from `rows` in place. Rows between two fences form one group, fenced or
    not: rows written directly in the table make a group of their own, as in a browser's table model."""
    ends = [len(rows)] * len(rows)
    start = 0
    for r, row in enumerate(rows):
        if "\ufdd4" in row:
            rows[r] = row.replace("\ufdd4", "")
            ends[start : r + 1] = [r + 1] * (r + 1 - start)
            start = r + 1
    return ends


def _table_lines(chunk: str, table: int, cell: Callable[[str], Cell]) -> list[Line]:
    """The Lines ("table N row R") of the rows with text of one table record chunk, rowspan/colspan
    expanded into `Cell("", span=True)` placeholders.

    Records (linearize.xsl): "\ufdd1" starts a row, "\ufdd2text" is a cell, followed by "\ufdd3r" + rowspan
    and "\ufdd3c" + colspan when the cell has those attributes; "\ufdd4" fences a thead/tbody/tfoot row group.
    A cell takes the first free column from where the previous cell ended; its span takes the positions to its
    right and below (spans are capped at 500 rows, 100 columns, and cut at the last row of the cell's row
    group, as in a browser); a row is as wide as its rightmost taken column.

    Why it is shaped so: the Python work per cell is the cost. A row without span cells and without spans
    reaching down from above (the common case), or covered from above only in its first columns, is one
    split and one map over its cells. Other rows are cut at their span cells; the plain cells between two
    span cells are placed in bulk unless a column among them is covered from above. `below` maps a later row
    to the set of its columns that rowspans cover. `cell` makes (or shares) the Cell of a text:
    `document_cells()`.
    """
    rows = chunk.split("\ufdd1")[1:]
    n = len(rows)
    ends = _group_ends(rows) if "\ufdd4" in chunk else None  # (rows lose their fences)
    odd = _ODD_SPACE.search(chunk) is not None
    below: dict[int, set[int]] = {}
    out: list[Line] = []
    refs = ref_labels(f"table {table} row", n)
    span_cell = _SPAN
    spans = _SPANS.__getitem__
    for r, row in enumerate(rows):
        cov = below.pop(r, None)
        top = -1  # the rightmost column covered from above
        lead = 0  # how many columns from the first one are covered from above, when they are all that is
        if cov is not None:
            top = max(cov)
            if len(cov) == top + 1:  # columns 0..top: the usual rowspan in the first column(s)
                lead, cov, top = top + 1, None, -1
        if cov is None and "\ufdd3" not in row:
            texts = row.split("\ufdd2")[1:]
            if odd:
                texts = [" ".join(t.split()) for t in texts]
            if any(texts):
                line = [span_cell] * lead + list(map(cell, texts)) if lead else list(map(cell, texts))
                out.append(Line(line, refs[r + 1], True))
            continue
        line = [span_cell] * lead
        c = lead  # the next column to fill (= len(line))
        has_text = False
        records = row.split("\ufdd2")[1:]
        cuts = [i for i, record in enumerate(records) if "\ufdd3" in record]  # the span cells
        cuts.append(len(records))
        start = 0
        for cut in cuts:
            texts = records[start:cut]  # the plain cells up to the next span cell
            if texts:
                if odd:
                    texts = [" ".join(t.split()) for t in texts]
                if not has_text and any(texts):
                    has_text = True
                i = 0
                while c <= top and i < len(texts):  # columns covered from above may lie ahead: one by one
                    if c in cov:
                        line.append(span_cell)
                    else:
                        line.append(cell(texts[i]))
                        i += 1
                    c += 1
                if i:
                    texts = texts[i:]
                line += map(cell, texts)  # the rest in bulk
                c += len(texts)
            if cut == len(records):
                break
            text, _, attrs = records[cut].partition("\ufdd3")
            rs, width = spans(attrs)
            start = cut + 1
            while c <= top and c in cov:
                line.append(span_cell)
                c += 1
            if odd:
                text = " ".join(text.split())
            if text:
                has_text = True
            line.append(cell(text))
            if width > 1:
                line += [span_cell] * (width - 1)
            if rs > 1:
                cols = range(c, c + width)
                for dr in range(r + 1, min(r + rs, n if ends is None else ends[r])):
                    later = below.get(dr)
                    if later is None:
                        below[dr] = set(cols)
                    else:
                        later.update(cols)
            c += width
        if has_text:
            if top >= c:
                line += [span_cell] * (top + 1 - c)
            out.append(Line(line, refs[r + 1], True))
    return out


def linearize(container: etree._Element) -> list[Line]:
    """Lines of a container in reading order, via one XSLT pass (C speed); tables as grids. A paragraph's ref
    is its position among all Lines ("para N"); cells with the same text share one Cell (`document_cells`)."""
    out = str(_XSLT(container))
    lines: list[Line] = []
    cell = document_cells()
    tables = 0
    for k, chunk in enumerate(out.split("\ufdd0")):
        if k % 2 == 0:
            texts = [text for text in map(" ".join, map(str.split, chunk.split("\n"))) if text]
            if texts:
                first = len(lines) + 1
                refs = ref_labels("para", first + len(texts))[first : first + len(texts)]
                lines += map(Line, [[cell(text)] for text in texts], refs)
            continue
        tables += 1
        lines += _table_lines(chunk, tables, cell)
    return lines


# Every id and class attribute of the page, in document order (smart strings: each knows its element). Written
# `//*/@id`, not `//@id`: the same attributes (only elements have any), but libxml2 walks the elements alone
# instead of first collecting every node of the page, text nodes included (measured 96 -> 72 us on a synthetic
# page, 195 -> 166 us on a real one).
_ID_CLASS_ATTRS = etree.XPath("//*/@id | //*/@class")
_RANK = {name: i for i, name in enumerate(CONTAINERS)}
_STRING_VALUE = etree.XPath("string()", smart_strings=False)


def _mentions_report(el: etree._Element) -> bool:
    """XPath `contains(., '主动公开') and (contains(., '申请') or contains(., '复议'))`, with the element's string
    value built once: the XPath form concatenates all the text below the element again for every contains()."""
    text = _STRING_VALUE(el)
    return "主动公开" in text and ("申请" in text or "复议" in text)


def pick_container(root: etree._Element) -> etree._Element:
    """The element holding the report: a known CMS content container that mentions the report, else <body>.

    A candidate is an element whose id, or one of whose class names, is in CONTAINERS; candidates are tried
    best rank first (an element's rank is its best name's), document order among equals. The attributes are
    read by one XPath without a predicate and checked in Python: an XPath predicate that compared each value
    with every name in C made libxml2 copy the value once per name (measured 3.8 M instructions on a real
    portal page against 2.4 M so).
    """
    ranks = _RANK
    rank: dict[etree._Element, int] = {}  # candidate -> its best rank; insertion order = document order
    for attr in _ID_CLASS_ATTRS(root):
        if attr.attrname == "id":
            r = ranks.get(attr)
            if r is None:
                continue
        else:
            hits = [ranks[name] for name in attr.split() if name in ranks]
            if not hits:
                continue
            r = min(hits)
        el = attr.getparent()
        old = rank.get(el)
        if old is None or r < old:
            rank[el] = r
    for el in sorted(rank, key=rank.__getitem__):
        if _mentions_report(el):
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


# linearize.xsl's record marks (table, row, cell, span attribute, row-group fence): Unicode noncharacters,
# which no decoder produces from ordinary text (GB18030 user-defined characters land in the private-use area
# instead).
_MARKS = "\ufdd0\ufdd1\ufdd2\ufdd3\ufdd4"
_MARKS_OUT = str.maketrans(dict.fromkeys(_MARKS, "\ufffd"))


def extract(data: bytes, source: str) -> Document:
    text, encoding = decode_bytes(data)
    text = _XML_DECL.sub("", text.lstrip())
    if any(mark in text for mark in _MARKS):  # a page carrying a record mark would split its tables wrongly:
        text = text.translate(_MARKS_OUT)  # U+FFFD instead, parsed from the text (not the raw bytes)
        root = _parse(b"", text, encoding)
    else:
        root = _parse(data, text, encoding)
    if root is None:
        root = etree.fromstring("<html></html>", _PARSER)
    meta: dict[str, str] = {"encoding": encoding}
    title = None  # the first <title> below the root (= root.find(".//title")), found in the same walk
    doomed: list[etree._Element] = []  # scripts, styles, comments and the like, then hidden elements
    for el in root.iter(*_META_OR_SKIPPED):  # one walk of the tree for <meta>, <title> and what to drop
        tag = el.tag
        if tag == "meta":
            name = el.get("name") or el.get("property")
            if name and name in META_NAMES and el.get("content") and name not in meta:
                meta[name] = el.get("content", "").strip()
        elif tag == "title":
            if title is None and el is not root:
                title = el
        else:
            doomed.append(el)
    if title is not None and "".join(title.itertext()).strip():
        meta["html_title"] = _WS.sub(" ", "".join(title.itertext())).strip()
    def raw_texts() -> list[str]:
        return [el.text for el in doomed if el.tag in _RAW_TEXT and el.text]

    if _may_hide(data, encoding, raw_texts):
        doomed += hidden_elements(root)
    for el in doomed:  # removed only after the walk: meta and title are read from the page as parsed
        drop_keep_tail(el)
    return Document(source=source, format="html", lines=linearize(pick_container(root)), meta=meta)
