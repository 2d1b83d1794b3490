"""DOC and WPS (OLE2 word-processing files) -> Document.

Converters, in order of preference (GONGKAI_DOC_CONVERTERS overrides, comma-separated):
- `libreoffice`: converts to DOCX, then docx.py reads real tables with merged cells. Exact facts; ~1 s/file.
- `antiword`, `catdoc`: text only, ~5 ms/file. Measured on our fixtures they scramble merged-cell tables
  (antiword drops rows of table 三, catdoc interleaves cells), so they are a fallback when LibreOffice is absent,
  and the Document says so in `notes`.
No converter at all -> ExtractError naming the packages to install.
"""

from __future__ import annotations

import os
import tempfile

from transforms.documents import convert
from transforms.documents import docx as docx_extractor
from transforms.documents.limits import DEFAULT_LIMITS, ExtractError, Limits, check_size
from transforms.documents.text import text_to_lines
from transforms.model import Document

DEFAULT_ORDER = ("libreoffice", "antiword", "catdoc")
INSTALL_HINT = ("no .doc/.wps converter found: apt-get install -y libreoffice-writer-nogui fonts-noto-cjk "
                "(tables) or apt-get install -y antiword catdoc (text only)")


def _order() -> list[str]:
    env = os.environ.get("GONGKAI_DOC_CONVERTERS", "")
    return [c.strip() for c in env.split(",") if c.strip()] or list(DEFAULT_ORDER)


def _available(name: str) -> bool:
    return convert.soffice() is not None if name == "libreoffice" else convert.which(name) is not None


def _text_tool(name: str, data: bytes, limits: Limits, source: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".doc") as fh:
        fh.write(data)
        fh.flush()
        if name == "antiword":
            cmd = [convert.which("antiword") or "antiword", "-m", "UTF-8.txt", "-w", "0", fh.name]
        else:
            cmd = [convert.which("catdoc") or "catdoc", "-d", "utf-8", "-w", fh.name]
        out = convert.run(cmd, limits.converter_timeout, source)
    return out.decode("utf-8", "replace")


def extract(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS, fmt: str = "doc") -> Document:
    check_size(data, limits, source)
    tried: list[str] = []
    for name in _order():
        if not _available(name):
            continue
        try:
            if name == "libreoffice":
                docx_bytes = convert.libreoffice_convert(data, ".doc", "docx", limits.converter_timeout, source,
                                                          infilter="MS Word 97")
                doc = docx_extractor.extract(docx_bytes, source, limits)
                doc.format = fmt
                doc.notes.append("converter:libreoffice")
                return doc
            text = _text_tool(name, data, limits, source)
        except ExtractError as exc:
            tried.append(f"{name}: {exc.message}")
            continue
        if not text.strip():
            tried.append(f"{name}: no text")
            continue
        lines = text_to_lines(text)
        return Document(source=source, format=fmt, lines=lines,
                        notes=[f"converter:{name}", "text_only: merged table cells are not reconstructed"])
    if not tried:
        raise ExtractError("no_converter", f"{source}: {INSTALL_HINT}")
    raise ExtractError("convert_failed", f"{source}: every converter failed ({'; '.join(tried)})")


def extract_wps(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    return extract(data, source, limits, fmt="wps")




def extract_many(items: list[tuple[bytes, str]], limits: Limits = DEFAULT_LIMITS, fmt: str = "doc"
                 ) -> list[Document]:
    """Extract many .doc/.wps files with one LibreOffice run (a pipeline batch); same results as `extract`.

    Files LibreOffice could not convert in the batch, or a failed batch, fall back to `extract` one by one,
    so every file still gets its own Document and its own error. Errors come back recorded, never raised.
    """
    from transforms.documents.binary import as_document

    out: list[Document | None] = [None] * len(items)
    ok = [i for i, (data, _src) in enumerate(items) if len(data) <= limits.max_bytes]
    if ok and "libreoffice" in _order() and _available("libreoffice"):
        try:
            converted = convert.libreoffice_convert_many(
                [items[i][0] for i in ok], ".doc", "docx", limits.converter_timeout * len(ok), "batch",
                infilter="MS Word 97")
        except ExtractError:
            converted = [None] * len(ok)
        for i, docx_bytes in zip(ok, converted, strict=True):
            if docx_bytes is None:
                continue
            source = items[i][1]

            def from_docx(_data: bytes, src: str, blob: bytes = docx_bytes) -> Document:
                d = docx_extractor.extract(blob, src, limits)
                d.format = fmt
                d.notes.append("converter:libreoffice")
                return d

            out[i] = as_document(fmt, from_docx, b"", source)
    for i, (data, source) in enumerate(items):
        if out[i] is None:
            out[i] = as_document(fmt, lambda d, s: extract(d, s, limits, fmt), data, source)
    return [d for d in out if d is not None]
