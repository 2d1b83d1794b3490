"""Bytes -> Document, whatever the format. The format is sniffed from the bytes, never from the file name.

Each format has its own module exposing `extract(data: bytes, source: str) -> Document`. A failure in one
extractor becomes a `ParseError` on the returned Document, never an exception escaping to the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from transforms.documents.sniff import sniff_format
from transforms.model import Document, ParseError

Extractor = Callable[[bytes, str], Document]


@cache  # built once: the imports and the table are the same for every file
def _extractors() -> dict[str, Extractor]:
    from transforms.documents import html, text

    table: dict[str, Extractor] = {"html": html.extract, "text": text.extract, "markdown": text.extract}
    try:  # binary formats are optional modules: a missing one is reported, not fatal
        from transforms.documents import binary
    except ImportError:  # pragma: no cover - until the binary extractors land
        binary = None
    if binary is not None:
        table.update(binary.EXTRACTORS)
    return table


def extract(data: bytes, source: str) -> Document:
    """Turn raw bytes into a Document; errors are recorded on the Document (stage `extract`)."""
    fmt = sniff_format(data, source)
    if not data or data.isspace():  # same as `not data.strip()`, without copying the data
        return Document(source=source, format=fmt, lines=[], status="error",
                        errors=[ParseError("extract", "empty_file", f"{source}: the file is empty")])
    extractor = _extractors().get(fmt)
    if extractor is None:
        return Document(source=source, format=fmt, lines=[], status="error",
                        errors=[ParseError("extract", "unsupported_format",
                                           f"{source}: no extractor for format {fmt!r}")])
    try:
        return extractor(data, source)
    except Exception as exc:  # one bad file must never stop the others
        return Document(source=source, format=fmt, lines=[], status="error",
                        errors=[ParseError("extract", "extractor_failed",
                                           f"{source}: {fmt} extraction failed: {type(exc).__name__}: {exc}")])
