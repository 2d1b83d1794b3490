"""PDF -> Document: prose lines and ruled tables in reading order, tables joined across pages.

Speed matters (a province publishes thousands of attachments), so everything is read through PDFium
(pypdfium2): characters with their boxes from the text page, ruling lines from the page's path objects (also
inside form XObjects), all mapped to the page as displayed (CropBox origin, /Rotate). Tables follow
pdfplumber's lattice method: its `merge_edges` snaps and joins the rulings, then `lattice_cells` finds the same
cells as pdfplumber's `intersections_to_cells` (a test checks this) on a grid of ruling positions, ~30x faster
than pdfplumber on pdfminer's layout. Each cell is a bbox mapped onto the table's column/row boundaries, so a
merged cell gives its text in the top-left slot and `Cell("", span=True)` in the slots it covers, the shape
html.py produces for rowspan/colspan. Layout boxes that hold a whole table (browser-printed pages) are dropped.

Government reports break table 三 across pages and repeat its header rows; a rowspan label ("三、本年度办理结果",
"（五）不予处理") is then cut into one box per page with its text in only one of them. Parts of one table on
consecutive pages (the last item of page N and the first item of page N+1, same left and right edges) are
joined on a common set of column boundaries, repeated header rows are dropped, and the two boxes of a cut label
become one cell again. Page numbers ("— 5 —", "第 5 页") and running headers in the page margins are removed;
wrapped prose lines are joined into paragraphs; spaces PDFium guesses from gaps are kept only where the gap is
visible. A table without rulings stays text: its rows arrive as lines with spaces between the cells.

No text layer but images ("图片版", scans) -> status `needs_ocr` with a ParseError, never an empty parse; a
text PDF with image-only pages gets a `pages_need_ocr` error naming them. Encrypted, truncated and corrupt files
-> ExtractError with a clear code; work is capped (bytes, pages, seconds) and one bad page loses only itself.
"""

from __future__ import annotations

import bisect
import ctypes
import re
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import merge_edges

from transforms.documents.grid import drop_sliver_columns
from transforms.documents.limits import DEFAULT_LIMITS, Deadline, ExtractError, Limits, check_size
from transforms.model import Cell, Document, Line, ParseError

TOL = 3.0  # points: snapping/joining tolerance for ruling lines (pdfplumber's default)
_PAGE_NO = re.compile(r"^[-—–－_~\s]*(?:第\s*)?[0-9]+\s*(?:页)?\s*(?:(?:[/／]|共)\s*[0-9]+\s*页?)?[-—–－_~\s]*$")
_PAGE_NO_WORDS = re.compile(r"^[-—–－\s]*第?\s*[0-9一二三四五六七八九十]+\s*页(?:\s*[，,]?\s*共\s*[0-9一二三四五六七八九十]+\s*页)?\s*[-—–－\s]*$")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分条])")
_NUMERIC = re.compile(r"^[+\-−]?\d[\d,，.]*\s*(?:%|万元|元|件|条|个)?$")
_WS = re.compile(r"[ \t\r\n\u00a0\u3000\u200b\ufeff]+")


def join_wrapped(a: str, b: str) -> str:
    """Join two visual lines of one paragraph/cell: no space inside CJK text, one space between Latin words."""
    a, b = a.rstrip(), b.lstrip()
    if not a or not b:
        return a + b
    if a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


@dataclass(slots=True)
class TextLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int


@dataclass(slots=True)
class PCell:
    """A table cell on a page: bbox in top-down coordinates and its text."""

    x0: float
    top: float
    x1: float
    bottom: float
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        out = ""
        for ln in self.lines:
            out = join_wrapped(out, ln) if out else ln
        return _WS.sub(" ", out).strip()


@dataclass(slots=True)
class TablePart:
    page: int
    index: int  # table number on its page, from 1
    x0: float
    top: float
    x1: float
    bottom: float
    cells: list[PCell]

    def row_bounds(self) -> list[float]:
        return _cluster([c.top for c in self.cells] + [c.bottom for c in self.cells])

    def col_bounds(self) -> list[float]:
        return _cluster([c.x0 for c in self.cells] + [c.x1 for c in self.cells])


def _cluster(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _nearest(bounds: list[float], v: float) -> int:
    i = bisect.bisect_left(bounds, v)
    if i == 0:
        return 0
    if i == len(bounds):
        return len(bounds) - 1
    return i if bounds[i] - v < v - bounds[i - 1] else i - 1


# ---- page reading ---------------------------------------------------------------------------------------------
class Display:
    """Maps PDF user space (y up, any CropBox origin) to the page as displayed: top-down, /Rotate applied.

    A landscape table is often drawn sideways with /Rotate 90 so a viewer shows it upright; reading in display
    space makes its rows horizontal again. Unrotated pages take the cheap path in `box`.
    """

    def __init__(self, page: pdfium.PdfPage) -> None:
        self.left, self.bottom, self.right, self.top = page.get_bbox()
        self.w, self.h = self.right - self.left, self.top - self.bottom
        self.rot = page.get_rotation() % 360
        self.height = self.h if self.rot in (0, 180) else self.w

    def point(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.left, self.top - y
        if self.rot == 90:
            return self.h - v, u
        if self.rot == 180:
            return self.w - u, self.h - v
        if self.rot == 270:
            return v, self.w - u
        return u, v

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) in display space of a user-space box."""
        if self.rot == 0:
            return left - self.left, self.top - top, right - self.left, self.top - bottom
        (ax, ay), (bx, by) = self.point(left, bottom), self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _edges(page: pdfium.PdfPage, disp: Display) -> tuple[list[dict], int, int]:
    """Horizontal and vertical ruling segments of a page (pdfplumber edge dicts, display space) and image count.

    Walks the page objects through the raw PDFium API: a page of a Chinese report holds hundreds of text
    objects, and wrapping each in a Python object cost more than the rest of the page. Objects inside form
    XObjects are mapped to the page with the form's matrix.
    """
    edges: list[dict] = []
    counter = [0, 0]  # images, large images
    lf, bf, rf, tf = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    x, y = ctypes.c_float(), ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

    def seg(ax: float, ay: float, bx: float, by: float) -> None:
        _segment(edges, disp.point(ax, ay), disp.point(bx, by))

    def visit(obj, level: int, m: tuple[float, ...]) -> None:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            counter[0] += 1
            if pdfium_c.FPDFPageObj_GetBounds(obj, lf, bf, rf, tf):
                area = (rf.value - lf.value) * (tf.value - bf.value)
                if area >= 0.2 * disp.w * disp.h:  # a scan or a pasted table, not a QR code or a seal
                    counter[1] += 1
            return
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < 3:
            fm = m
            if pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                fm = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), m)
            for k in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                visit(pdfium_c.FPDFFormObj_GetObject(obj, k), level + 1, fm)
            return
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH or not pdfium_c.FPDFPageObj_GetBounds(obj, lf, bf, rf, tf):
            return
        left, bottom, right, top = lf.value, bf.value, rf.value, tf.value
        if m is not identity:
            (x0, y0), (x1, y1) = _apply(m, left, bottom), _apply(m, right, top)
            left, right, bottom, top = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        w, h = right - left, top - bottom
        if h <= TOL and w > TOL:
            seg(left, (top + bottom) / 2, right, (top + bottom) / 2)
        elif w <= TOL and h > TOL:
            seg((left + right) / 2, bottom, (left + right) / 2, top)
        elif w > TOL and h > TOL:
            # a stroked/filled rectangle or a polyline grid: take its axis-parallel segments
            n = pdfium_c.FPDFPath_CountSegments(obj)
            if n <= 0 or n > 2000 or not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                return
            om = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), m)
            start = prev = None
            for i in range(n):
                sg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
                pdfium_c.FPDFPathSegment_GetPoint(sg, x, y)
                pt = _apply(om, x.value, y.value)
                kind = pdfium_c.FPDFPathSegment_GetType(sg)
                if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                    start = prev = pt
                    continue
                if prev is not None and kind == pdfium_c.FPDF_SEGMENT_LINETO:
                    seg(*prev, *pt)
                prev = pt
                if pdfium_c.FPDFPathSegment_GetClose(sg) and start is not None:
                    seg(*prev, *start)
                    prev = start

    raw = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        visit(pdfium_c.FPDFPage_GetObject(raw, i), 0, identity)
    return edges, counter[0], counter[1]


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix applying `inner` then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # noqa: N806 - matrix entries
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _segment(edges: list[dict], a: tuple[float, float], b: tuple[float, float]) -> None:
    """A display-space segment (top-down) as an edge when it is horizontal or vertical."""
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) <= 0.5 and abs(ax - bx) > TOL:
        _add_h(edges, min(ax, bx), max(ax, bx), (ay + by) / 2)
    elif abs(ax - bx) <= 0.5 and abs(ay - by) > TOL:
        _add_v(edges, (ax + bx) / 2, min(ay, by), max(ay, by))


def _add_h(edges: list[dict], x0: float, x1: float, top: float) -> None:
    edges.append({"x0": x0, "x1": x1, "top": top, "bottom": top, "width": x1 - x0, "height": 0.0,
                  "orientation": "h", "object_type": "line"})


def _add_v(edges: list[dict], x: float, top: float, bottom: float) -> None:
    edges.append({"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
                  "orientation": "v", "object_type": "line"})


def _find_tables(edges: list[dict]) -> list[list[tuple[float, float, float, float]]]:
    """Cell bboxes grouped by table: pdfplumber's edge merging, then `lattice_cells` on the merged rulings."""
    if len(edges) < 4:
        return []
    merged = merge_edges(edges, TOL, TOL, TOL, TOL)
    merged = [e for e in merged if (e["width"] if e["orientation"] == "h" else e["height"]) >= TOL]
    return [t for t in _group_cells(lattice_cells(merged)) if len(t) > 1]


def lattice_cells(edges: list[dict], tol: float = TOL) -> list[tuple[float, float, float, float]]:
    """The smallest closed boxes formed by horizontal and vertical rulings: pdfplumber's
    `intersections_to_cells` result, computed on a grid of the distinct ruling positions.

    pdfplumber tests every pair of intersections with Python sets (~4 ms for a table page); here each ruling
    marks which grid intervals it covers, and a cell is the nearest box whose four borders are all covered.
    """
    hs = [e for e in edges if e["orientation"] == "h"]
    vs = [e for e in edges if e["orientation"] == "v"]
    if len(hs) < 2 or len(vs) < 2:
        return []
    xs = _cluster([e["x0"] for e in vs], tol / 2)
    ys = _cluster([e["top"] for e in hs], tol / 2)
    nx, ny = len(xs), len(ys)
    # hcov[j][i]: the ruling at ys[j] covers [xs[i], xs[i+1]]; vcov[i][j]: the ruling at xs[i] covers [ys[j], ys[j+1]]
    hcov = [[False] * max(nx - 1, 0) for _ in range(ny)]
    vcov = [[False] * max(ny - 1, 0) for _ in range(nx)]
    hpt = [[False] * nx for _ in range(ny)]  # a horizontal ruling at ys[j] reaches xs[i]
    vpt = [[False] * ny for _ in range(nx)]  # a vertical ruling at xs[i] reaches ys[j]
    for e in hs:
        j = _nearest(ys, e["top"])
        for i in range(nx):
            if e["x0"] - tol <= xs[i] <= e["x1"] + tol:
                hpt[j][i] = True
                if i + 1 < nx and xs[i + 1] <= e["x1"] + tol:
                    hcov[j][i] = True
    for e in vs:
        i = _nearest(xs, e["x0"])
        for j in range(ny):
            if e["top"] - tol <= ys[j] <= e["bottom"] + tol:
                vpt[i][j] = True
                if j + 1 < ny and ys[j + 1] <= e["bottom"] + tol:
                    vcov[i][j] = True
    cross = [[hpt[j][i] and vpt[i][j] for i in range(nx)] for j in range(ny)]
    cells: list[tuple[float, float, float, float]] = []
    spans: list[tuple[int, int, int, int]] = []
    for j in range(ny - 1):
        for i in range(nx - 1):
            if not cross[j][i] or not hcov[j][i] or not vcov[i][j]:
                continue
            found = None
            for i2 in range(i + 1, nx):
                if not hcov[j][i2 - 1]:
                    break  # the top border stops
                if not (cross[j][i2] and vcov[i2][j]):
                    continue  # no vertical ruling going down here: a merged cell continues right
                for j2 in range(j + 1, ny):
                    if not vcov[i][j2 - 1] or not vcov[i2][j2 - 1]:
                        break  # a side border stops
                    if cross[j2][i] and cross[j2][i2] and all(hcov[j2][k] for k in range(i, i2)):
                        found = (xs[i], ys[j], xs[i2], ys[j2])
                        break
                if found:
                    break
            if found:
                cells.append(found)
                spans.append((i, j, xs.index(found[2]), ys.index(found[3])))
    return _drop_containers(cells, spans)


def _drop_containers(cells: list[tuple[float, float, float, float]], spans: list[tuple[int, int, int, int]]
                     ) -> list[tuple[float, float, float, float]]:
    """Drop layout cells that hold other cells (a page-layout table around the report's tables, as browsers
    print portal pages): their inner cells are the table; text around them becomes prose. Only cells spanning
    at least 2x2 grid intervals can contain another, so few are checked."""
    big = [n for n, (i, j, i2, j2) in enumerate(spans) if i2 - i >= 2 and j2 - j >= 2]
    if not big:
        return cells
    drop = set()
    for n in big:
        i, j, i2, j2 = spans[n]
        for m, (a, b, a2, b2) in enumerate(spans):
            if m != n and i <= a and a2 <= i2 and j <= b and b2 <= j2 and (a, b, a2, b2) != (i, j, i2, j2):
                drop.add(n)
                break
    return [c for n, c in enumerate(cells) if n not in drop]


def _group_cells(cells: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float, float, float]]]:
    """Tables = groups of cells connected through shared corners (as pdfplumber's `cells_to_tables`)."""
    parent = list(range(len(cells)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    owner: dict[tuple[float, float], int] = {}
    for n, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[find(n)] = find(owner[corner])
            else:
                owner[corner] = n
    groups: dict[int, list[tuple[float, float, float, float]]] = {}
    for n, c in enumerate(cells):
        groups.setdefault(find(n), []).append(c)
    return sorted(groups.values(), key=lambda g: (min(c[1] for c in g), min(c[0] for c in g)))


class _TableIndex:
    """Find the cell of a table that contains a point, by row/column boundaries."""

    def __init__(self, part: TablePart) -> None:
        self.part = part
        self.rows = part.row_bounds()
        self.cols = part.col_bounds()
        self.slot: dict[tuple[int, int], PCell] = {}
        for c in part.cells:
            r0, r1 = _nearest(self.rows, c.top), _nearest(self.rows, c.bottom)
            c0, c1 = _nearest(self.cols, c.x0), _nearest(self.cols, c.x1)
            for r in range(r0, max(r1, r0 + 1)):
                for k in range(c0, max(c1, c0 + 1)):
                    self.slot[(r, k)] = c

    def cell_at(self, x: float, y: float) -> PCell | None:
        r = bisect.bisect_right(self.rows, y) - 1
        k = bisect.bisect_right(self.cols, x) - 1
        return self.slot.get((r, k))


def read_page(page: pdfium.PdfPage, pno: int) -> tuple[list[TextLine], list[TablePart], tuple[int, int], int, float]:
    """(prose lines, table parts, (images, images over 20% of the page), text char count, page height)."""
    disp = Display(page)
    height = disp.height
    edges, images, big_images = _edges(page, disp)
    parts: list[TablePart] = []
    for t, bboxes in enumerate(_find_tables(edges), start=1):
        cells = [PCell(b[0], b[1], b[2], b[3]) for b in bboxes]
        parts.append(TablePart(pno, t, min(c.x0 for c in cells), min(c.top for c in cells),
                               max(c.x1 for c in cells), max(c.bottom for c in cells), cells))
    parts.sort(key=lambda p: p.top)
    for i, p in enumerate(parts, start=1):
        p.index = i
    indexes = [_TableIndex(p) for p in parts]

    tp = page.get_textpage()
    tp_raw = tp.raw
    rect = pdfium_c.FS_RECTF()
    n = tp.count_chars()
    text = tp.get_text_range(0, n) if n else ""
    if len(text) != n:  # characters outside the BMP: fall back to one code point per index
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(tp.raw, i) or 32) for i in range(n))
    lines: list[TextLine] = []
    cur: list[str] = []
    box = [1e9, -1e9, 1e9, -1e9]  # x0, x1, top, bottom
    last_cell: PCell | None = None
    cell_center: dict[int, tuple[float, float]] = {}
    last_box: tuple[float, float, float, float] | None = None
    chars = 0

    def flush() -> None:
        nonlocal cur, box
        s = _WS.sub(" ", "".join(cur)).strip()
        if s:
            lines.append(TextLine(s, box[0], box[1], box[2], box[3], pno))
        cur = []
        box = [1e9, -1e9, 1e9, -1e9]

    pending_space = False  # PDFium inferred a space here; kept only if the gap is visible
    prev_right = 0.0
    for i in range(n):
        ch = text[i]
        if ch in "\r\n":
            flush()
            pending_space = False
            continue
        if not ch.strip():
            if pdfium_c.FPDFText_IsGenerated(tp_raw, i) == 1:
                pending_space = True
                continue
            if last_cell is not None:  # a space printed in the PDF
                if last_cell.lines:
                    last_cell.lines[-1] += " "
            else:
                cur.append(" ")
            continue
        pdfium_c.FPDFText_GetLooseCharBox(tp_raw, i, rect)
        if rect.right - rect.left <= 0 and rect.top - rect.bottom <= 0:
            if last_box is None:
                continue
            left, top, right, bottom = last_box
        else:
            left, top, right, bottom = last_box = disp.box(rect.left, rect.bottom, rect.right, rect.top)
        # from here on: display space, top-down (top < bottom)
        size = bottom - top
        # a guessed space is real when the glyphs are apart ("64  0", "Open Data"); "1 ." or "科研机 构" are not
        gap = pending_space and left - prev_right > 0.15 * size
        pending_space = False
        prev_right = right
        chars += 1
        cx, cy = (left + right) / 2, (top + bottom) / 2
        cell = None
        for ix in indexes:
            p = ix.part
            if p.x0 - 1 <= cx <= p.x1 + 1 and p.top - 1 <= cy <= p.bottom + 1:
                cell = ix.cell_at(cx, cy)
                break
        if cell is not None:
            prev = cell_center.get(id(cell))  # (center y, height) of the cell's previous character
            if prev is None or abs(cy - prev[0]) > 0.7 * max(prev[1], size):
                cell.lines.append(ch)  # a new visual line inside the cell
            else:
                cell.lines[-1] += (" " + ch) if gap and cell is last_cell else ch
            cell_center[id(cell)] = (cy, size)
            last_cell = cell
            continue
        if gap and last_cell is None:
            cur.append(" ")
        last_cell = None
        cur.append(ch)
        # a line's box: x from its first and last characters, y from its tallest (loose boxes share a line's
        # ascent/descent, so this is cheap and exact enough for margins and paragraph joins)
        if box[0] > left:
            box[0] = left
        box[1] = right if right > box[1] else box[1]
        if top < box[2]:
            box[2] = top
        if bottom > box[3]:
            box[3] = bottom
    flush()
    return lines, parts, (images, big_images), chars, height


# ---- document assembly ------------------------------------------------------------------------------------------
def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NO.match(text) or _PAGE_NO_WORDS.match(text))


def _strip_margins(pages: list[tuple[list[TextLine], float]]) -> int:
    """Drop page numbers and running headers/footers in the top 9% / bottom 11% of pages. Returns count."""
    removed = 0
    seen: dict[str, int] = {}
    for lines, h in pages:
        keys = {re.sub(r"\d+", "#", ln.text) for ln in lines if ln.bottom < h * 0.09 or ln.top > h * 0.89}
        for k in keys:
            seen[k] = seen.get(k, 0) + 1
    running = {k for k, v in seen.items() if len(pages) >= 2 and v >= max(2, len(pages) // 2 + 1)}
    for lines, h in pages:
        keep = []
        for ln in lines:
            in_margin = ln.bottom < h * 0.09 or ln.top > h * 0.89
            if in_margin and (_is_page_number(ln.text) or re.sub(r"\d+", "#", ln.text) in running):
                removed += 1
                continue
            keep.append(ln)
        lines[:] = keep
    return removed


def _paragraphs(items: list[TextLine | TablePart], lefts: dict[int, float], rights: dict[int, float]
                ) -> list[TextLine | TablePart]:
    """Join wrapped prose lines (a line reaching the right margin continues on the next, unless that is a heading)."""
    out: list[TextLine | TablePart] = []
    for it in items:
        prev = out[-1] if out else None
        if (isinstance(it, TextLine) and isinstance(prev, TextLine) and prev.x1 >= rights[prev.page] - _em(prev) * 2.6
                and abs(_em(prev) - _em(it)) < 0.2 * _em(prev) and not _HEADING.match(it.text) and it.x0 <= lefts[it.page] + _em(it) * 0.8
                and (it.page != prev.page or it.top - prev.bottom < _em(prev) * 1.5)):
            # the joined line keeps its LAST visual line's geometry: the next join compares against that line
            out[-1] = TextLine(join_wrapped(prev.text, it.text), prev.x0, it.x1, it.top, it.bottom, it.page)
            continue
        out.append(it)
    return out


def _em(ln: TextLine) -> float:
    return max(ln.bottom - ln.top, 4.0)


def _compatible(a: TablePart, b: TablePart) -> bool:
    return abs(a.x0 - b.x0) <= TOL and abs(a.x1 - b.x1) <= TOL


@dataclass(slots=True)
class _GCell:
    r0: int
    r1: int
    c0: int
    c1: int
    text: str
    page: int
    index: int


def table_grid(parts: list[TablePart]) -> list[tuple[list[Cell], int, int]]:
    """Rows (cells, page, table index) of one logical table made of consecutive parts."""
    cols = _cluster([x for p in parts for c in p.cells for x in (c.x0, c.x1)])
    ncols = len(cols) - 1
    rows: list[tuple[list[Cell], int, int]] = []
    cells_by_part: list[list[_GCell]] = []
    for p in parts:
        rb = p.row_bounds()
        gcells = [_GCell(_nearest(rb, c.top), _nearest(rb, c.bottom), _nearest(cols, c.x0), _nearest(cols, c.x1),
                         c.text, p.page, p.index) for c in p.cells]
        cells_by_part.append(gcells)
    value_cols = {g.c0 for gc in cells_by_part for g in gc if _NUMERIC.match(g.text)}
    first_header: list[tuple[tuple[str, bool], ...]] = []
    prev: tuple[dict[tuple[int, int], _GCell], int, int] | None = None  # origin map, last row, its index in rows
    for pi, (p, gcells) in enumerate(zip(parts, cells_by_part, strict=True)):
        nrows = len(p.row_bounds()) - 1
        grid: list[list[Cell | None]] = [[None] * ncols for _ in range(nrows)]
        origin: dict[tuple[int, int], _GCell] = {}
        for g in gcells:
            for r in range(g.r0, max(g.r1, g.r0 + 1)):
                for k in range(g.c0, max(g.c1, g.c0 + 1)):
                    if 0 <= r < nrows and 0 <= k < ncols:
                        grid[r][k] = Cell(g.text) if (r, k) == (g.r0, g.c0) else Cell("", span=True)
                        origin[(r, k)] = g
        part_rows = [[c if c is not None else Cell("", span=True) for c in row] for row in grid]
        sig = [tuple((c.text, c.span) for c in row) for row in part_rows]
        start = 0
        if pi == 0:
            first_header = sig[:6]
        else:
            for k in range(min(6, len(sig), len(first_header)), 0, -1):
                if sig[:k] == first_header[:k]:
                    start = k
                    break
        if prev is not None and start < nrows:
            _mend_split_labels(rows, prev, origin, part_rows, start, ncols, value_cols)
        offset = len(rows)
        for row in part_rows[start:]:
            rows.append((row, p.page, p.index))
        if nrows > start:
            prev = (origin, nrows - 1, offset + nrows - 1 - start)
    return rows


def _mend_split_labels(rows: list[tuple[list[Cell], int, int]], prev: tuple[dict[tuple[int, int], _GCell], int, int],
                       origin: dict[tuple[int, int], _GCell], part_rows: list[list[Cell]], start: int, ncols: int,
                       value_cols: set[int]) -> None:
    """A rowspan label cut by a page break is one box per page with the text in only one of them: make it one
    cell again (text in the upper box, the lower box's slots span placeholders)."""
    prev_origin, prev_last, prev_index = prev
    for k in range(ncols):
        if k in value_cols:
            continue
        up, down = prev_origin.get((prev_last, k)), origin.get((start, k))
        if up is None or down is None or up.c0 != k or down.c0 != k or up.c1 != down.c1 or down.r0 != start:
            continue
        if up.text and down.text:
            continue
        if not up.text and down.text:  # text printed in the lower box: move it up to the cell's first slot
            rows[prev_index - (prev_last - up.r0)][0][k] = Cell(down.text)
        if up.text or down.text:
            down.text = down.text or up.text  # a part on the next page sees this box as labelled
            for r in range(down.r0, max(down.r1, down.r0 + 1)):
                for kk in range(down.c0, max(down.c1, down.c0 + 1)):
                    if r < len(part_rows):
                        part_rows[r][kk] = Cell("", span=True)


def _assemble(pages: list[tuple[list[TextLine], list[TablePart], float]]) -> list[Line]:
    items: list[TextLine | TablePart] = []
    lefts: dict[int, float] = {}
    rights: dict[int, float] = {}
    for lines, parts, _h in pages:
        page_items: list[TextLine | TablePart] = [*lines, *parts]
        page_items.sort(key=lambda it: (round(it.top, 0), it.x0))
        items.extend(page_items)
        if lines:
            pno = lines[0].page
            lefts[pno] = min(ln.x0 for ln in lines)
            rights[pno] = max(ln.x1 for ln in lines)
    items = _paragraphs(items, lefts, rights)
    out: list[Line] = []
    groups: list[TextLine | list[TablePart]] = []
    for it in items:
        if isinstance(it, TablePart):
            last = groups[-1] if groups else None
            if isinstance(last, list) and last[-1].page == it.page - 1 and _compatible(last[-1], it):
                last.append(it)
            else:
                groups.append([it])
        else:
            groups.append(it)
    para = 0
    for g in groups:
        if isinstance(g, TextLine):
            para += 1
            out.append(Line([Cell(g.text)], f"page {g.page} para {para}"))
            continue
        grid = table_grid(g)
        cleaned = drop_sliver_columns([row for row, _page, _index in grid])
        for r, (row, (_row, page, index)) in enumerate(zip(cleaned, grid, strict=True), start=1):
            if any(c.text for c in row):
                out.append(Line(row, f"page {page} table {index} row {r}", is_table_row=True))
    return out


def extract(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    check_size(data, limits, source)
    deadline = Deadline(limits.max_seconds)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise ExtractError("encrypted", f"{source}: the PDF is password-protected ({msg})") from exc
        if b"%%EOF" not in data[-2048:]:
            raise ExtractError("truncated_pdf", f"{source}: the PDF is truncated (no %%EOF at its end) and "
                                                f"unreadable ({msg})") from exc
        raise ExtractError("corrupt_pdf", f"{source}: not a readable PDF ({msg})") from exc
    errors: list[ParseError] = []
    notes: list[str] = []
    try:
        total = len(pdf)
        if total == 0:
            raise ExtractError("corrupt_pdf", f"{source}: the PDF has no pages")
        count = min(total, limits.max_pages)
        if total > count:
            errors.append(ParseError("extract", "page_cap", f"{source}: {total} pages, read the first {count}"))
        pages: list[tuple[list[TextLine], list[TablePart], float]] = []
        imageonly: list[int] = []
        chars_total = images_total = 0
        for i in range(count):
            if i and deadline.expired():  # the first page is always read: a partial result beats none
                errors.append(ParseError("extract", "timeout",
                                         f"{source}: stopped after {i} pages ({limits.max_seconds:.0f} s budget)"))
                break
            try:
                page = pdf[i]
                lines, parts, images, chars, height = read_page(page, i + 1)
            except Exception as exc:  # noqa: BLE001 - one broken page must not lose the others
                errors.append(ParseError("extract", "bad_page",
                                         f"{source}: page {i + 1} unreadable ({type(exc).__name__}: {exc})"))
                continue
            chars_total += chars
            images_total += images[0]
            if chars < 10 and images[1]:
                imageonly.append(i + 1)
            pages.append((lines, parts, height))
        meta = {"pages": str(total)}
        for key in ("Title", "Author", "Creator", "Producer", "CreationDate", "ModDate"):
            try:
                value = pdf.get_metadata_value(key)
            except Exception:  # noqa: BLE001 - broken info dictionaries are common and harmless
                value = ""
            if value:
                meta[f"pdf_{key.lower()}"] = value
    finally:
        pdf.close()
    if not pages:
        raise ExtractError("corrupt_pdf", f"{source}: no page could be read")
    if chars_total < max(30, 10 * len(pages)):
        if images_total:
            return Document(source=source, format="pdf", lines=[], meta=meta, status="needs_ocr",
                            errors=[*errors, ParseError("extract", "needs_ocr",
                                                        f"{source}: no text layer on {len(pages)} page(s), "
                                                        f"{images_total} image(s): a scan/图片版, needs OCR")])
        raise ExtractError("empty_pdf", f"{source}: the PDF has neither text nor images")
    if imageonly:
        errors.append(ParseError("extract", "pages_need_ocr",
                                 f"{source}: pages {imageonly} are images without text (tables may be missing)"))
    removed = _strip_margins([(lines, h) for lines, _parts, h in pages])
    if removed:
        notes.append(f"page_furniture_removed:{removed}")
    return Document(source=source, format="pdf", lines=_assemble(pages), meta=meta, errors=errors, notes=notes)
