"""XLS/XLSX/ET spreadsheets -> Document: each sheet's rows as table rows, merged ranges as span placeholders.

Some portals publish the report's tables (二, 三, 四) as a spreadsheet. Each sheet becomes one table; a merged
range keeps its value in the top-left slot and `Cell("", span=True)` in the others, as html.py does, so the same
table readers apply. Numbers print as the report would show them (5, not 5.0). xlsx goes through openpyxl
after `ooxml.open_zip` vetted the zip; xls and Kingsoft ET (OLE2, BIFF) through xlrd with formatting info
(needed for merged ranges). Work is capped by `Limits.max_cells`.
"""

from __future__ import annotations

import datetime as dt
import io

from transforms.documents.limits import DEFAULT_LIMITS, Deadline, ExtractError, Limits, check_size
from transforms.documents.ooxml import open_zip
from transforms.model import Cell, Document, Line


def _fmt(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    return " ".join(str(v).split())


def _grid_to_lines(values: dict[tuple[int, int], str], merges: list[tuple[int, int, int, int]], sheet_no: int,
                   ) -> list[Line]:
    """values keyed (row, col) 0-based; merges as (r0, r1, c0, c1) inclusive. Trailing empty columns dropped."""
    covered: set[tuple[int, int]] = set()
    starts = {(r0, c0) for r0, _r1, c0, _c1 in merges}
    for r0, r1, c0, c1 in merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered.add((r, c))
    used = [c for (r, c), v in values.items() if v and (r, c) not in covered]
    if not used:
        return []
    width = max(used) + 1
    for r0, _r1, c0, c1 in merges:
        if values.get((r0, c0)):
            width = max(width, c1 + 1)
    nrows = max(r for r, _c in values) + 1
    lines: list[Line] = []
    for r in range(nrows):
        row = [Cell("", span=True) if (r, c) in covered else Cell(values.get((r, c), "")) for c in range(width)]
        filled = [c for c in row if c.text]
        if not filled:
            continue
        if len(filled) == 1 and row[0].text and (r, 0) not in starts and not any(c.span for c in row):
            # a lone unmerged text in column A is a title or heading above a table, not a table row
            lines.append(Line([Cell(row[0].text)], f"sheet {sheet_no} row {r + 1}"))
        else:
            lines.append(Line(row, f"sheet {sheet_no} row {r + 1}", is_table_row=True))
    return lines


def extract_xlsx(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    import openpyxl

    check_size(data, limits, source)
    deadline = Deadline(limits.max_seconds)
    open_zip(data, limits, source)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many types on broken packages
        raise ExtractError("corrupt_xlsx", f"{source}: not a readable XLSX ({type(exc).__name__}: {exc})") from exc
    lines: list[Line] = []
    cells = 0
    sheets: list[str] = []
    for no, ws in enumerate(wb.worksheets, start=1):
        if ws.sheet_state != "visible":
            continue
        sheets.append(ws.title)
        values: dict[tuple[int, int], str] = {}
        for row in ws.iter_rows():
            for cell in row:
                cells += 1
                if cells > limits.max_cells:
                    raise ExtractError("too_many_cells", f"{source}: over {limits.max_cells} cells")
                if cell.value is not None:
                    values[(cell.row - 1, cell.column - 1)] = _fmt(cell.value)
        merges = [(m.min_row - 1, m.max_row - 1, m.min_col - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
        lines.extend(_grid_to_lines(values, merges, no))
        if deadline.expired():
            raise ExtractError("timeout", f"{source}: gave up after {limits.max_seconds:.0f} s")
    return Document(source=source, format="xlsx", lines=lines, meta={"sheets": "|".join(sheets)})


def extract_xls(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    import xlrd

    check_size(data, limits, source)
    quiet = io.StringIO()  # xlrd prints warnings to stdout by default; stdout carries `gongkai parse` JSON
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, logfile=quiet,
                                  verbosity=0)
    except Exception as exc:  # xlrd.XLRDError, CompDocError, struct errors on truncated files
        raise ExtractError("corrupt_xls", f"{source}: not a readable XLS ({type(exc).__name__}: {exc})") from exc
    lines: list[Line] = []
    sheets: list[str] = []
    cells = 0
    try:
        for no in range(book.nsheets):
            sh = book.sheet_by_index(no)
            if getattr(sh, "visibility", 0):
                continue
            sheets.append(sh.name)
            cells += sh.nrows * sh.ncols
            if cells > limits.max_cells:
                raise ExtractError("too_many_cells", f"{source}: over {limits.max_cells} cells")
            values: dict[tuple[int, int], str] = {}
            for r in range(sh.nrows):
                for c in range(sh.ncols):
                    cell = sh.cell(r, c)
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        try:
                            v: object = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                        except (ValueError, OverflowError):
                            v = cell.value
                    elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        continue
                    elif cell.ctype == xlrd.XL_CELL_ERROR:
                        v = "#ERR"
                    else:
                        v = cell.value
                    values[(r, c)] = _fmt(v)
            merges = [(r0, r1 - 1, c0, c1 - 1) for r0, r1, c0, c1 in sh.merged_cells]
            lines.extend(_grid_to_lines(values, merges, no + 1))
            book.unload_sheet(no)
    except ExtractError:
        raise
    except Exception as exc:  # a damaged sheet record: say so instead of a bare traceback
        raise ExtractError("corrupt_xls", f"{source}: a sheet cannot be read ({type(exc).__name__}: {exc})") from exc
    finally:
        book.release_resources()
    return Document(source=source, format="xls", lines=lines, meta={"sheets": "|".join(sheets)})
