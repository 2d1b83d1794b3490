"""Hostile and broken attachments: each gives a Document with a clear recorded error, bounded work, no crash."""

from __future__ import annotations

import time

import pytest

from tests.transforms.documents.docs_util import DOCS, extracted, require_tool
from transforms.documents import binary, extract
from transforms.documents import pdf as pdf_extractor
from transforms.documents.limits import ExtractError, Limits

BAD = DOCS / "bad"


@pytest.mark.parametrize(("name", "fmt", "code"), [
    ("encrypted.pdf", "pdf", "encrypted"),
    ("truncated.pdf", "pdf", "truncated_pdf"),
    ("corrupt.pdf", "pdf", "corrupt_pdf"),
    ("zipbomb.docx", "docx", "zip_bomb"),
    ("xxe.docx", "docx", "xml_doctype"),
    ("corrupt.docx", "docx", "corrupt_zip"),
    ("not_office.doc", "ole", "unsupported_ole"),
])
def test_bad_file_is_a_recorded_error(name, fmt, code):
    t0 = time.perf_counter()
    doc = extract((BAD / name).read_bytes(), name)
    assert time.perf_counter() - t0 < 5
    assert doc.status == "error" and doc.lines == []
    assert doc.format == fmt
    assert [e.code for e in doc.errors] == [code]
    assert doc.errors[0].stage == "extract" and name in doc.errors[0].message


def test_xxe_entity_is_never_resolved():
    doc = extract((BAD / "xxe.docx").read_bytes(), "xxe.docx")
    assert "root:" not in doc.text and "DOCTYPE" in doc.errors[0].message


def test_scanned_pdf_needs_ocr_not_an_empty_parse():
    doc = extract((BAD / "scanned.pdf").read_bytes(), "scan.pdf")
    assert doc.status == "needs_ocr"
    assert doc.errors[0].code == "needs_ocr" and "OCR" in doc.errors[0].message


def test_huge_file_refused_before_parsing():
    data = (DOCS / "pdf" / "real_010.pdf").read_bytes()
    with pytest.raises(ExtractError) as exc:
        pdf_extractor.extract(data, "big.pdf", Limits(max_bytes=len(data) - 1))
    assert exc.value.code == "too_large"


def test_page_cap_reads_the_first_pages_and_says_so():
    data = (DOCS / "pdf" / "real_010.pdf").read_bytes()
    doc = pdf_extractor.extract(data, "r.pdf", Limits(max_pages=2))
    assert [e.code for e in doc.errors] == ["page_cap"]
    assert {ln.ref.split()[1] for ln in doc.lines} == {"1", "2"}
    assert doc.meta["pages"] == "5"


def test_time_budget_stops_and_says_so():
    data = (DOCS / "pdf" / "real_010.pdf").read_bytes()
    doc = pdf_extractor.extract(data, "r.pdf", Limits(max_seconds=0.0))
    assert any(e.code == "timeout" for e in doc.errors)


def test_mislabelled_extensions_do_not_matter():
    """Portals serve PDFs named .doc and DOCX named .pdf: the bytes decide."""
    pdf = extract((DOCS / "pdf" / "seed_003_dbf068044dca84d8.pdf").read_bytes(), "report.doc")
    docx = extract((DOCS / "docx" / "seed_003_dbf068044dca84d8.docx").read_bytes(), "report.pdf")
    assert pdf.format == "pdf" and docx.format == "docx"
    assert [ln.text for ln in pdf.lines if ln.is_table_row] == [ln.text for ln in docx.lines if ln.is_table_row]


def test_image_attachment_needs_ocr():
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    doc = extract(png, "scan.png")
    assert doc.status == "needs_ocr" and doc.errors[0].code == "needs_ocr"


def test_every_sniffed_binary_format_has_an_extractor():
    assert {"pdf", "docx", "ole", "wps", "xls", "xlsx", "image", "rtf", "zip", "doc"} <= set(binary.EXTRACTORS)


def test_doc_without_any_converter_names_what_to_install(monkeypatch, tmp_path):
    """A machine without LibreOffice/antiword/catdoc on PATH: a clear error, not a crash or an empty parse."""
    monkeypatch.setenv("PATH", str(tmp_path))
    doc = extract((DOCS / "doc" / "real_012.doc").read_bytes(), "real_012.doc")
    assert doc.status == "error" and doc.errors[0].code == "no_converter"
    assert "apt-get install" in doc.errors[0].message and "antiword" in doc.errors[0].message


@pytest.mark.parametrize("tool", ["antiword", "catdoc"])
def test_doc_text_only_fallback(monkeypatch, tool):
    """antiword/catdoc give text lines fast (no merged-cell tables); the Document says which converter ran."""
    require_tool(tool)
    monkeypatch.setenv("GONGKAI_DOC_CONVERTERS", tool)
    doc = extract((DOCS / "doc" / "real_012.doc").read_bytes(), "real_012.doc")
    assert doc.status == "ok" and f"converter:{tool}" in doc.notes
    assert any(n.startswith("text_only") for n in doc.notes)
    assert "六、其他需要报告的事项" in doc.text.replace(" ", "")


def test_doc_converter_failure_is_reported(monkeypatch):
    require_tool("soffice")
    monkeypatch.setenv("GONGKAI_DOC_CONVERTERS", "libreoffice")
    junk = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(3000)
    doc = extract(junk, "broken.doc")
    assert doc.status == "error" and doc.errors[0].code == "convert_failed"


def test_rtf_through_libreoffice():
    require_tool("soffice")
    rtf = rb"{\rtf1\ansi{\fonttbl\f0 Arial;}\f0 Report line one\par Second line\par}"
    doc = extract(rtf, "r.rtf")
    assert doc.status == "ok" and doc.format == "rtf"
    assert [ln.text for ln in doc.lines] == ["Report line one", "Second line"]


def test_cached_fixture_extractions_are_ok():
    assert extracted("docx", "real_012").status == "ok"


def test_pdf_with_a_scanned_page_keeps_the_text_and_flags_the_page():
    doc = extract((BAD / "mixed_scan.pdf").read_bytes(), "mixed.pdf")
    assert doc.status == "ok" and doc.meta["pages"] == "6"
    flagged = [e for e in doc.errors if e.code == "pages_need_ocr"]
    assert flagged and "[6]" in flagged[0].message
    assert any(ln.is_table_row for ln in doc.lines)


def test_docx_hidden_runs_are_dropped():
    doc = extract((BAD / "hidden_run.docx").read_bytes(), "hidden.docx")
    assert doc.status == "ok" and doc.lines
    assert "HIDDEN-SPAM-TOKEN" not in doc.text


def test_doc_batch_conversion_matches_single_files_and_isolates_bad_ones():
    """One LibreOffice run for many files gives the same Documents; a bad file gets its own error."""
    require_tool("soffice")
    from transforms.documents import doc as doc_extractor

    names = ["real_012", "seed_003_dbf068044dca84d8"]
    items = [((DOCS / "doc" / f"{n}.doc").read_bytes(), f"{n}.doc") for n in names]
    items.insert(1, ((BAD / "not_office.doc").read_bytes(), "bad.doc"))
    docs = doc_extractor.extract_many(items)
    assert [d.source for d in docs] == ["real_012.doc", "bad.doc", "seed_003_dbf068044dca84d8.doc"]
    assert docs[1].status == "error" and docs[1].errors[0].stage == "extract"
    for d in (docs[0], docs[2]):
        assert d.status == "ok" and "converter:libreoffice" in d.notes
    single = doc_extractor.extract(items[0][0], "real_012.doc")  # one file, its own LibreOffice run
    assert [ln.text for ln in docs[0].lines] == [ln.text for ln in single.lines]
    assert [ln.text for ln in docs[2].lines] == [ln.text for ln in extracted("docx", names[1]).lines]


def test_mht_web_archive_named_doc_parses_like_its_html():
    """Word's "single file web page" (MIME, quoted-printable GB18030 HTML) saved as .doc: same facts as the page."""
    from email.charset import QP, Charset
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    from transforms.parse import parse_bytes

    page = (DOCS.parent / "realdata" / "012.html").read_bytes()
    text = page.decode("utf-8")
    charset = Charset("gb18030")
    charset.body_encoding = QP  # Word writes quoted-printable
    archive = MIMEMultipart("related")
    archive.attach(MIMEText(text, "html", charset))
    data = archive.as_bytes()
    assert b"quoted-printable" in data and "政府".encode() not in data
    doc = extract(data, "report.doc")
    assert doc.format == "mht" and doc.status == "ok"
    ours = {(f.key, f.value) for f in parse_bytes(data, "report.doc").facts}
    theirs = {(f.key, f.value) for f in parse_bytes(page, "012.html").facts}
    assert ours == theirs and len(ours) >= 200


def test_mutated_files_never_raise_or_print(capsys):
    """Random byte flips and truncations of every binary format: always a Document, never an exception or
    stray output on stdout (which carries `gongkai parse --format json`)."""
    import random

    rng = random.Random(20261122)
    sources = [DOCS / p for p in ("pdf/real_012.pdf", "docx/real_012.docx", "xls/real_010.xls", "xlsx/real_010.xlsx")]
    blobs = [p.read_bytes() for p in sources]
    for _ in range(60):
        data = bytearray(rng.choice(blobs))
        for _ in range(rng.randint(1, 30)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(1, len(data))]
        doc = extract(bytes(data), "mutated.bin")
        assert doc.status in ("ok", "error", "needs_ocr")
        assert doc.status == "ok" or (doc.errors and doc.errors[0].code != "extractor_failed")
    assert capsys.readouterr().out == ""
