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


