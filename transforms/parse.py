"""Entry points of the parsing core: file/bytes/Document -> ParsedReport. Pure: no network, no globals."""

from __future__ import annotations

from pathlib import Path

from transforms.documents import extract
from transforms.model import Document, ParsedReport, ParseError


def parse_document(doc: Document) -> ParsedReport:
    """Parse an extracted Document (any format) into a ParsedReport with typed facts."""
    from transforms.report import build_report

    return build_report(doc)


def parse_bytes(data: bytes, source: str) -> ParsedReport:
    return parse_document(extract(data, source))


def parse_path(path: str | Path) -> ParsedReport:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        return ParsedReport(source=str(p), parse_status="failed",
                            errors=[ParseError("read", "unreadable", f"{p}: {exc}")])
    return parse_bytes(data, str(p))
