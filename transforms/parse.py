"""Entry points of the parsing core: file/bytes/Document -> ParsedReport. Pure: no network, no globals."""

from __future__ import annotations

from pathlib import Path

from transforms.documents import extract
from transforms.model import Document, ParsedReport, ParseError


def parse_document(doc: Document) -> ParsedReport:
    """Parse an extracted Document (any format) into a ParsedReport with typed facts."""
    from transforms.report import build_report

    report = build_report(doc)
    attach_checks(report)
    return report


def attach_checks(report: ParsedReport) -> None:
    """Fill `narrative` and `checks`; a bug in a check becomes a recorded ParseError, never a crash."""
    from transforms.checks import run_checks
    from transforms.narrative import extract_narrative

    try:
        if not report.narrative:
            report.narrative = extract_narrative(report)
        report.checks = run_checks(report)
    except Exception as exc:  # noqa: BLE001 - a failing check must not stop the run
        report.errors.append(ParseError("check", "check_crashed", f"{report.source}: {type(exc).__name__}: {exc}"))


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
