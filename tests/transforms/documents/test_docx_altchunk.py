"""DOCX whose content is an embedded HTML part (w:altChunk), as CMS "export to Word" produces."""

from __future__ import annotations

import io

import docx
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from tests.transforms.documents.docs_util import FIX
from transforms.documents import extract
from transforms.parse import parse_bytes

AF_CHUNK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"


def test_alt_chunk_html_is_read_in_place():
    page = (FIX / "realdata" / "012.html").read_bytes()
    package = docx.Document()
    package.add_paragraph("导出说明")
    part = Part(PackURI("/word/afchunk1.htm"), "text/html", page, package.part.package)
    chunk = OxmlElement("w:altChunk")
    chunk.set(qn("r:id"), package.part.relate_to(part, AF_CHUNK))
    package.element.body.insert(len(package.element.body) - 1, chunk)
    buf = io.BytesIO()
    package.save(buf)
    data = buf.getvalue()
    doc = extract(data, "export.docx")
    assert doc.format == "docx" and doc.lines[0].text == "导出说明"
    assert any(ln.is_table_row and ln.ref.startswith("chunk ") for ln in doc.lines)
    ours = {(f.key, f.value) for f in parse_bytes(data, "export.docx").facts}
    assert ours == {(f.key, f.value) for f in parse_bytes(page, "012.html").facts}
