"""Document -> ParsedReport (placeholder until the parsing core lands)."""

from __future__ import annotations

from transforms.model import Document, ParsedReport


def build_report(doc: Document) -> ParsedReport:
    return ParsedReport(source=doc.source, format=doc.format, errors=list(doc.errors))
