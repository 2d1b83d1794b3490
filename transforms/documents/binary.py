"""Registry of binary-format extractors, keyed by the format names sniff.py returns.

`transforms.documents.extract` merges `EXTRACTORS` into its table. Each entry takes (bytes, source) and always
returns a Document: a refused or broken file (ExtractError) becomes status "error" (or "needs_ocr") with a
ParseError saying which file, which stage and why, so one bad attachment never stops a run.
"""

from __future__ import annotations

from collections.abc import Callable

from transforms.documents import doc, docx, mht, pdf, xls
from transforms.documents.limits import ExtractError
from transforms.documents.sniff import ole_kind
from transforms.model import Document, ParseError

Extractor = Callable[[bytes, str], Document]


def as_document(fmt: str, fn: Callable[[bytes, str], Document], data: bytes, source: str) -> Document:
    """Run an extractor; an ExtractError becomes a Document with status error/needs_ocr and a ParseError."""
    try:
        return fn(data, source)
    except ExtractError as exc:
        status = "needs_ocr" if exc.status == "needs_ocr" else "error"
        return Document(source=source, format=fmt, lines=[], status=status,
                        errors=[ParseError("extract", exc.code, exc.message)])


def _guarded(fmt: str, fn: Callable[[bytes, str], Document]) -> Extractor:
    def run(data: bytes, source: str) -> Document:
        return as_document(fmt, fn, data, source)

    run.__doc__ = f"{fmt} -> Document; errors recorded, never raised."
    return run


def _ole(data: bytes, source: str) -> Document:
    """OLE2 container without a telling name: its stream names say Word (.doc/.wps) or Excel (.xls/.et)."""
    kind = ole_kind(data)
    if kind == "xls":
        return xls.extract_xls(data, source)
    if kind == "wps":
        return doc.extract_wps(data, source)
    if kind == "doc":
        return doc.extract(data, source)
    raise ExtractError("unsupported_ole", f"{source}: OLE2 file that is neither Word nor Excel "
                                          "(no WordDocument/Workbook stream)")


def _image(data: bytes, source: str) -> Document:
    raise ExtractError("needs_ocr", f"{source}: an image (scanned report page?); needs OCR", status="needs_ocr")


def _rtf(data: bytes, source: str) -> Document:
    from transforms.documents import convert

    out = convert.libreoffice_convert(data, ".rtf", "docx", 60.0, source, infilter="Rich Text Format")
    d = docx.extract(out, source)
    d.format = "rtf"
    d.notes.append("converter:libreoffice")
    return d


def _zip(data: bytes, source: str) -> Document:
    raise ExtractError("unsupported_zip", f"{source}: a zip archive that is not DOCX/XLSX; unpack it and "
                                          "extract its members one by one")


EXTRACTORS: dict[str, Extractor] = {
    "pdf": _guarded("pdf", pdf.extract),
    "docx": _guarded("docx", docx.extract),
    "doc": _guarded("doc", doc.extract),
    "wps": _guarded("wps", doc.extract_wps),
    "ole": _guarded("ole", _ole),
    "xls": _guarded("xls", xls.extract_xls),
    "et": _guarded("xls", xls.extract_xls),
    "xlsx": _guarded("xlsx", xls.extract_xlsx),
    "image": _guarded("image", _image),
    "rtf": _guarded("rtf", _rtf),
    "zip": _guarded("zip", _zip),
    "mht": _guarded("mht", mht.extract),
}
