"""Plain text and markdown -> Document.

Tab-separated lines (PDF text extraction) and markdown pipe rows become table rows with one cell per column;
every other line is a one-cell line. Markdown separator rows (|---|) carry nothing and are dropped.
"""

from __future__ import annotations

import re

from transforms.documents.decode import decode_bytes
from transforms.model import Cell, Document, Line

_MD_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def split_markdown_row(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [c.strip() for c in body.split("|")]


def text_to_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    for no, raw in enumerate(text.splitlines(), start=1):
        ref = f"line {no}"
        stripped = raw.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            if _MD_SEP.match(stripped):
                continue
            cells = [Cell(c) for c in split_markdown_row(stripped)]
            lines.append(Line(cells, ref, is_table_row=True))
        elif "\t" in raw.strip("\r\n") and raw.strip():
            cells = [Cell(c.strip()) for c in raw.rstrip("\r\n").split("\t")]
            lines.append(Line(cells, ref, is_table_row=True))
        else:
            lines.append(Line([Cell(stripped)], ref))
    return lines


def extract(data: bytes, source: str) -> Document:
    text, encoding = decode_bytes(data)
    fmt = "markdown" if source.lower().endswith((".md", ".markdown")) else "text"
    return Document(source=source, format=fmt, lines=text_to_lines(text), meta={"encoding": encoding})
