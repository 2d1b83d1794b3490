from pathlib import Path

from transforms.documents import extract
from transforms.documents.sniff import sniff_format

FIX = Path(__file__).resolve().parents[2] / "fixtures"


def test_sniff_ignores_extension():
    assert sniff_format(b"%PDF-1.7\n...", "report.html") == "pdf"
    assert sniff_format(b"<html><body>x</body></html>", "report.pdf") == "html"
    assert sniff_format(b"| a | b |\n|---|---|\n| 1 | 2 |\n", "x.txt") == "markdown"


def test_empty_file_is_a_recorded_error():
    doc = extract(b"   \n", "empty.txt")
    assert doc.status == "error"
    assert doc.errors[0].code == "empty_file"


def test_html_rowspan_colspan_become_span_placeholders():
    doc = extract((FIX / "realdata" / "012.html").read_bytes(), "012.html")
    rows = [line for line in doc.lines if line.is_table_row]
    natural = [line for line in rows if line.cells and line.cells[0].text.startswith("一、本年新收")]
    assert natural, "table 三 first data row missing"
    cells = natural[0].cells
    assert [c.span for c in cells[:3]] == [False, True, True]
    assert cells[3].text == "26" and cells[-1].text == "26"


def test_json_is_not_read_as_a_report():
    doc = extract((FIX / "seeds" / "truth" / "000_68024565e3af0575.json").read_bytes(), "x.json")
    assert doc.status == "error" and doc.errors[0].code == "unsupported_format"
