"""Every generated fixture format yields the same table grids, and those grids carry exactly the truth values.

These checks need no parser: they compare the extractors' grids cell by cell with the truth JSON the fixtures
were rendered from (tables 二, 三, 四 in template order) and with each other (PDF/DOC/XLS vs DOCX).
"""

from __future__ import annotations

import pytest

from tests.transforms.documents.docs_util import DOCS, NAMES, extracted, require_tool, table_rows, truth

APPLICANT_ROWS_START = 3  # table 三: three header rows, then the data rows in template order


def fmt_value(v) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def applications_block(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Table 三's data rows (10 columns: 3 label slots + 7 values) after its header rows."""
    start = next(i for i, r in enumerate(rows) if r[0].startswith("（本列数据"))
    block = []
    for r in rows[start + APPLICANT_ROWS_START:]:
        if len(r) != 10:
            break
        block.append(r)
    return block


@pytest.mark.parametrize("name", NAMES)
def test_docx_tables_hold_exactly_the_truth_values(name):
    t = truth(name)
    rows = table_rows(extracted("docx", name))
    block = applications_block(rows)
    assert [list(r[3:]) for r in block] == [[fmt_value(v) for v in vals] for vals in t["applications"].values()]
    review = [r for r in rows if len(r) == 15][-1]  # header rows first, the values row last
    keys = [f"{p}.{o}" for p in ("review", "litigation_direct", "litigation_after_review")
            for o in ("upheld", "corrected", "other", "pending", "total")]
    assert list(review) == [fmt_value(t["review_litigation"][k]) for k in keys]


@pytest.mark.parametrize("name", NAMES)
def test_pdf_tables_equal_docx_tables(name):
    """PDF: header repeated on the next page dropped, split rowspan labels mended, page numbers gone."""
    pdf, docx = extracted("pdf", name), extracted("docx", name)
    assert pdf.status == "ok", pdf.errors
    assert table_rows(pdf) == table_rows(docx)
    assert not any(ln.text.strip().startswith("—") and ln.text.strip().endswith("—") for ln in pdf.lines)


@pytest.mark.parametrize("name", NAMES)
def test_doc_tables_equal_docx_tables(name):
    require_tool("soffice")
    doc = extracted("doc", name)
    assert doc.format == "doc" and doc.status == "ok", doc.errors
    assert "converter:libreoffice" in doc.notes
    assert table_rows(doc) == table_rows(extracted("docx", name))


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
@pytest.mark.parametrize("name", ["real_010", "seed_001_ca48803eb8e502d4"])
def test_spreadsheet_tables_equal_docx_tables(fmt, name):
    sheet = extracted(fmt, name)
    assert sheet.format == fmt and sheet.status == "ok", sheet.errors
    assert table_rows(sheet) == table_rows(extracted("docx", name))
    headings = [ln.text for ln in sheet.lines if not ln.is_table_row]
    assert headings[0].endswith("年政府信息公开工作年度报告")
    assert "三、收到和处理政府信息公开申请情况" in headings


def test_pdf_table_broken_across_pages_is_one_grid():
    """real_010: table 三 runs from page 3 to page 4; the header printed twice appears once."""
    doc = extracted("pdf", "real_010")
    rows = [ln for ln in doc.lines if ln.is_table_row and len(ln.cells) == 10]
    pages = {ln.ref.split()[1] for ln in rows}
    assert len(pages) == 2, pages
    assert sum(1 for ln in rows if ln.cells[0].text.startswith("（本列数据")) == 1
    result_rows = [ln for ln in rows if ln.cells[1].text.startswith(("（", "1.", "2.", "3.", "4.", "5."))
                   or ln.cells[2].text[:2] in ("1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.")]
    # the rowspan label 三、本年度办理结果 has its text once and span placeholders on every later result row
    assert result_rows[0].cells[0].text == "三、本年度办理结果"
    assert all(ln.cells[0].span for ln in result_rows[1:])
    # the last rows of the table (on the second page) are present with their values
    assert rows[-1].cells[0].text == "四、结转下年度继续办理" and rows[-1].cells[-1].text == "293"


def test_pdf_split_label_text_printed_on_the_second_page_is_moved_up():
    """real_003: the page break falls right after （一）予以公开 and LibreOffice prints the rowspan label
    三、本年度办理结果 in its lower box; the grid still has it once, in the first row of the group."""
    rows = [ln for ln in extracted("pdf", "real_003").lines if ln.is_table_row and len(ln.cells) == 10]
    first = next(ln for ln in rows if ln.cells[1].text == "（一）予以公开")
    assert first.cells[0].text == "三、本年度办理结果" and not first.cells[0].span
    assert sum(1 for ln in rows if ln.cells[0].text == "三、本年度办理结果") == 1


def test_docx_merged_cells_are_span_placeholders_not_repeated_text():
    doc = extracted("docx", "real_010")
    rows = [ln for ln in doc.lines if ln.is_table_row]
    corner = next(ln for ln in rows if ln.cells[0].text.startswith("（本列数据"))
    assert [c.span for c in corner.cells[:4]] == [False, True, True, False]  # colspan 3
    i = rows.index(corner)
    assert all(c.span for c in rows[i + 1].cells[:3]) and all(c.span for c in rows[i + 2].cells[:3])  # rowspan
    review_head = next(ln for ln in rows if ln.cells[0].text == "行政复议")
    assert [c.span for c in review_head.cells[:6]] == [False, True, True, True, True, False]


def test_prose_and_tables_in_reading_order():
    for fmt in ("docx", "pdf"):
        doc = extracted(fmt, "seed_002_5b21ade1613ac9d3")
        texts = [ln.text for ln in doc.lines]
        heading3 = next(i for i, t in enumerate(texts) if t.startswith("三、收到和处理"))
        heading4 = next(i for i, t in enumerate(texts) if t.startswith("四、政府信息公开行政复议"))
        assert all(doc.lines[i].is_table_row for i in range(heading3 + 1, heading4)), fmt
        assert not doc.lines[heading3].is_table_row and texts[0].endswith("年政府信息公开工作年度报告")


@pytest.mark.parametrize("name", ["real_010", "seed_000_68024565e3af0575"])
def test_lattice_cells_equal_pdfplumbers_cells(name):
    """The grid-based cell finder gives pdfplumber's cells (its intersections_to_cells) on every page."""
    import pdfplumber
    from pdfplumber.table import edges_to_intersections, intersections_to_cells, merge_edges

    from transforms.documents import pdf as pdf_extractor

    with pdfplumber.open(DOCS / "pdf" / f"{name}.pdf") as doc:
        for page in doc.pages:
            edges = merge_edges([e for e in page.edges], 3, 3, 3, 3)
            edges = [e for e in edges if (e["width"] if e["orientation"] == "h" else e["height"]) >= 3]
            theirs = intersections_to_cells(edges_to_intersections(edges, 3, 3))
            ours = pdf_extractor.lattice_cells(edges)
            assert sorted(ours) == sorted(theirs), page.page_number


def test_pdf_landscape_pages_with_rotate_read_upright():
    """Table pages drawn sideways with /Rotate 90 (content in a form XObject) give the same grids."""
    rotated = extracted("pdf", "rotated_seed_003_dbf068044dca84d8")
    assert rotated.status == "ok", rotated.errors
    assert table_rows(rotated) == table_rows(extracted("docx", "seed_003_dbf068044dca84d8"))


def test_pdf_borderless_tables_arrive_as_text_rows_with_cell_gaps():
    """No rulings, no grid: each table row is one text line whose cells are separated by spaces."""
    doc = extracted("pdf", "borderless_real_010")
    assert doc.status == "ok" and not any(ln.is_table_row for ln in doc.lines)
    texts = [ln.text for ln in doc.lines]
    assert "一、本年新收政府信息公开申请数量 1259 36 0 0 0 0 1295" in texts
