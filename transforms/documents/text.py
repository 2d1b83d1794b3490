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
    """One Line per text line (numbered from 1 in its ref), markdown pipe rows and tab rows as table rows.

    Most lines have neither "|" nor a tab: they take the first branch, a single strip and one Cell, which is
    what one-cell-per-line layouts (hundreds of short lines) spend their time on. str.splitlines() already
    removed every line-break character, so `raw` holds none (no "\r" left to strip). Blank lines (one after
    every cell in some layouts) share one empty Cell: cells are never mutated downstream.
    """
    if "\t" not in text and "|" not in text:  # no line can be a table row: every line is one cell
        return _plain_lines(text)
    lines: list[Line] = []
    append = lines.append
    md_sep = _MD_SEP.match
    blank = Cell("")
    for no, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if "\t" not in raw and "|" not in stripped[:1]:
            append(Line([Cell(stripped) if stripped else blank], f"line {no}"))
        elif stripped.startswith("|") and stripped.count("|") >= 2:
            if md_sep(stripped):
                continue
            append(Line(list(map(Cell, split_markdown_row(stripped))), f"line {no}", True))
        elif "\t" in raw and stripped:
            append(Line(list(map(Cell, map(str.strip, raw.split("\t")))), f"line {no}", True))
        else:
            append(Line([Cell(stripped)], f"line {no}"))
    return lines


_LINE_REF = "line {}".format  # = f"line {no}"


def _plain_lines(text: str) -> list[Line]:
    """text_to_lines of a text without tabs and pipes: one one-cell Line per text line, the Lines built by
    map() (the loop runs in C; only the Line constructor is a Python call)."""
    blank = Cell("")  # shared by the blank lines, as in text_to_lines
    cells = [Cell(s) if s else blank for s in map(str.strip, text.splitlines())]
    return list(map(Line, map(list, zip(cells)), map(_LINE_REF, range(1, len(cells) + 1))))


def extract(data: bytes, source: str) -> Document:
    text, encoding = decode_bytes(data)
    fmt = "markdown" if source.lower().endswith((".md", ".markdown")) else "text"
    return Document(source=source, format=fmt, lines=text_to_lines(text), meta={"encoding": encoding})
