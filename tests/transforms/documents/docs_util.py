"""Shared fixtures for the binary-document tests: fixture paths, converter requirements, cached extractions."""

from __future__ import annotations

import json
import os
import re
import shutil
from functools import cache
from pathlib import Path

import pytest

from transforms.documents import extract
from transforms.model import Document, Line

FIX = Path(__file__).resolve().parents[2] / "fixtures"
DOCS = FIX / "documents"
NAMES = sorted(p.stem for p in (DOCS / "docx").glob("*.docx"))


def require_tool(*names: str) -> None:
    """Fail when a converter the test needs is missing on a machine that should have it (root or CI, where
    scripts/install-system-deps.sh runs); skip only on a developer's unprivileged machine."""
    missing = [n for n in names if shutil.which(n) is None]
    if not missing:
        return
    msg = f"missing converter(s) {missing}: run scripts/install-system-deps.sh"
    if os.environ.get("CI") or os.geteuid() == 0:
        pytest.fail(msg)
    pytest.skip(msg)


@cache
def _all_docs() -> dict[str, Document]:
    """Every DOC fixture converted in one LibreOffice run (one start-up instead of one per file)."""
    from transforms.documents.doc import extract_many

    paths = sorted((DOCS / "doc").glob("*.doc"))
    return {p.stem: d for p, d in zip(paths, extract_many([(p.read_bytes(), p.name) for p in paths]), strict=True)}


@cache
def extracted(fmt: str, name: str) -> Document:
    """Extract a generated fixture once per session (DOC fixtures: one batch conversion for all)."""
    if fmt == "doc" and shutil.which("soffice"):
        return _all_docs()[name]
    path = DOCS / fmt / f"{name}.{fmt}"
    return extract(path.read_bytes(), path.name)


def truth(name: str) -> dict:
    return json.loads((DOCS / "truth_docx" / f"{name}.json").read_text(encoding="utf-8"))


def row_sig(line: Line) -> tuple[str, ...]:
    """A table row as comparable text: whitespace-free cell texts, '~' for span placeholders."""
    return tuple("~" if c.span else re.sub(r"\s+", "", c.text) for c in line.cells)


def table_rows(doc: Document) -> list[tuple[str, ...]]:
    return [row_sig(line) for line in doc.lines if line.is_table_row]
