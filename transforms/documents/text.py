"""Plain text and markdown -> Document.

Tab-separated lines (PDF text extraction) and markdown pipe rows become table rows with one cell per column;
every other line is a one-cell line. Markdown separator rows (|---|) carry nothing and are dropped.
"""

from __future__ import annotations

import re

from transforms.documents.cells import document_cells, ref_labels
from transforms.documents.decode import decode_bytes
from transforms.model import Document, Line

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
    removed every line-break character, so `raw` holds none (no "\r" left to strip). Cells with the same text
    are one Cell (`document_cells`: cells are never mutated downstream) and the refs come from `ref_labels`.
    """
    if "\t" not in text and "|" not in text:  # no line can be a table row: every line is one cell
        return _plain_lines(text)
    lines: list[Line] = []
    append = lines.append
    md_sep = _MD_SEP.match
    raws = text.splitlines()
    refs = ref_labels("line", len(raws))
    cell = document_cells()
    for no, raw in enumerate(raws, start=1):
        stripped = raw.strip()
        if "\t" not in raw and "|" not in stripped[:1]:
            append(Line([cell(stripped)], refs[no]))
        elif stripped.startswith("|") and stripped.count("|") >= 2:
            if "--" in stripped and md_sep(stripped):  # a separator row has "--" (_MD_SEP: -{2,})
                continue
            # = split_markdown_row(stripped): `stripped` is stripped and starts with "|"
            body = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
            append(Line(list(map(cell, map(str.strip, body.split("|")))), refs[no], True))
        elif "\t" in raw and stripped:
            append(Line(list(map(cell, map(str.strip, raw.split("\t")))), refs[no], True))
        else:
            append(Line([cell(stripped)], refs[no]))
    return lines


def _plain_lines(text: str) -> list[Line]:
    """text_to_lines of a text without tabs and pipes: one one-cell Line per text line, the Lines built by
    map() (the loop runs in C; only the Line constructor, and the Cell constructor for a text not seen
    before in this document, are Python calls)."""
    cells = list(map(document_cells(), map(str.strip, text.splitlines())))
    return list(map(Line, [[c] for c in cells], ref_labels("line", len(cells))[1 : len(cells) + 1]))


def extract(data: bytes, source: str) -> Document:
    text, encoding = decode_bytes(data)
    fmt = "markdown" if source.lower().endswith((".md", ".markdown")) else "text"
    return Document(source=source, format=fmt, lines=text_to_lines(text), meta={"encoding": encoding})
