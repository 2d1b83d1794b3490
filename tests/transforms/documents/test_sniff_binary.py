"""Binary format sniffing: bytes decide, the name is at most a tie-breaker."""

from __future__ import annotations

import pytest

from tests.transforms.documents.docs_util import DOCS
from transforms.documents.sniff import ole_kind, sniff_format


@pytest.mark.parametrize(("path", "fmt"), [
    ("pdf/real_010.pdf", "pdf"), ("docx/real_010.docx", "docx"), ("doc/real_010.doc", "doc"),
    ("xlsx/real_010.xlsx", "xlsx"), ("xls/real_010.xls", "xls"), ("bad/not_office.doc", "ole"),
])
def test_fixture_formats_from_bytes_under_a_wrong_name(path, fmt):
    assert sniff_format((DOCS / path).read_bytes(), "attachment.bin") == fmt
    assert sniff_format((DOCS / path).read_bytes(), "report.html") == fmt


def test_ole_stream_names_tell_word_from_excel():
    assert ole_kind((DOCS / "doc" / "real_012.doc").read_bytes()) == "doc"
    assert ole_kind((DOCS / "xls" / "real_010.xls").read_bytes()) == "xls"
    assert ole_kind(b"not ole") is None


def test_mime_web_archive_and_rtf():
    assert sniff_format(b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n", "a.doc") == "mht"
    assert sniff_format(b"{\\rtf1\\ansi hello}", "a.doc") == "rtf"
    assert sniff_format(b"<html><body>Content-Type: multipart/related</body></html>", "a.mht") == "html"
