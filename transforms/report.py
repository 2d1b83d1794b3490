"""Document -> ParsedReport: normalize, split sections, read metadata and tables 二/三/四 into facts.

The flow is one way: lines are normalized once, inline section headings are cut onto lines of their own, then
each table reader gets the lines of its section (or, when a heading is missing, of the region its anchor
labels point to). Anything that cannot be read becomes a ParseError; nothing raises.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from itertools import accumulate
from operator import add

from transforms.metadata import detect_template, extract_metadata
from transforms.model import Cell, Document, Line, ParsedReport, ParseError
from transforms.normalize import normalize_lines
from transforms.sections import (
    HEADING_CANDIDATE,
    candidate_matches,
    duplicated_headings,
    find_headings,
    split_sections,
)
from transforms.tables.active import read_active
from transforms.tables.applications import read_applications
from transforms.tables.review import read_review
from transforms.templates import load_template

PARSER_VERSION = "0.1.0"

# labels that locate a table when its section heading is missing
ANCHORS = {2: ("第二十条",), 3: ("本年新收", "勾稽关系"), 4: ("结果维持", "尚未审结")}


def _candidate_lines(text: str, cands: list[re.Match[str]]) -> list[int]:
    """Indices of the lines of `text` ("\n"-joined) where HEADING_CANDIDATE may match past the line's first
    character, from `cands` = candidate_matches(text): a superset (a match may run across a newline). A numeral
    starting a line is skipped: it is no cut."""
    hits: list[int] = []
    for m in cands:
        s = m.start()
        if s and text[s - 1] != "\n":
            k = text.count("\n", 0, s)
            if not hits or hits[-1] != k:
                hits.append(k)
    return hits


def split_inline_headings(lines: list[Line], texts: list[str] | None = None, text: str | None = None,
                          cands: list[re.Match[str]] | None = None) -> list[Line]:
    """Put every section heading that sits inside a flattened line at the start of a line of its own.

    `texts`, when given, holds the `Line.text` of each line and is updated in place to match the lines
    returned (see normalize_lines); `text` is then "\n".join(texts) when the caller has it, and `cands`
    candidate_matches(text) (build_report hands the same list to find_headings when nothing is cut). The same
    list `lines` is returned when nothing is cut.
    """
    if texts is None:
        texts = [ln.text for ln in lines]
    candidate = HEADING_CANDIDATE.search
    # most lines hold no numeral + 、 past their first character, so no cut: only those that do are looked at
    if text is None:
        text = "\n".join(texts)
    if text.count("\n") == len(texts) - 1:
        if cands is None:
            cands = candidate_matches(text)
        hits = [k for k in _candidate_lines(text, cands) if candidate(texts[k], 1)]
    else:  # a line holds a newline of its own: line k is not the k-th of `text`, so search line by line
        hits = [k for k, t in enumerate(texts) if candidate(t, 1)]
    if not hits:
        return lines
    out: list[Line] = []
    new_texts: list[str] = []
    done = 0
    for k in hits:
        line = lines[k]
        if line.is_table_row or not line.cells:
            continue
        text = texts[k]
        cuts = [h.start for h in find_headings(text) if h.start > 0]
        if not cuts:
            continue
        out += lines[done:k]
        new_texts += texts[done:k]
        done = k + 1
        prev = 0
        for c in cuts + [len(text)]:
            piece = text[prev:c].strip()
            if piece:
                out.append(Line([Cell(piece)], line.ref))
                new_texts.append(piece)
            prev = c
    if not done:
        return lines
    out += lines[done:]
    texts[:] = new_texts + texts[done:]
    return out


def _line_index(offsets: list[int], pos: int) -> int:
    """The line holding text offset `pos`: the last k with offsets[k] <= pos (offsets ascend from 0)."""
    return max(bisect_right(offsets, pos) - 1, 0)


def _regions(lines: list[Line], text: str, offsets: list[int], sections) -> dict[int, tuple[int, int]]:
    """Line ranges [start, end) of sections 二, 三, 四, from headings or anchors."""
    starts = {s.no: _line_index(offsets, s.start) for s in sections}
    order = sorted(starts.items())
    regions: dict[int, tuple[int, int]] = {}
    for k, (no, start) in enumerate(order):
        end = order[k + 1][1] if k + 1 < len(order) else len(lines)
        regions[no] = (start, end)
    for no in (2, 3, 4):
        if no in regions:
            continue
        floor = max([s for n, s in starts.items() if n < no] + [r[0] for n, r in regions.items() if n < no] + [0])
        anchor = next((i for i, ln in enumerate(lines) if i > floor and any(a in ln.text for a in ANCHORS[no])),
                      None)
        if anchor is None:
            continue
        later = [s for n, s in starts.items() if n > no and s > anchor]
        nxt = [i for i, ln in enumerate(lines) if i > anchor and any(
            a in ln.text for n2 in range(no + 1, 5) for a in ANCHORS[n2])]
        end = min(later + nxt[:1] + [len(lines)])
        regions[no] = (max(anchor - 1, 0), end)
    return regions


def build_report(doc: Document) -> ParsedReport:
    rep = ParsedReport(source=doc.source, format=doc.format, errors=list(doc.errors), meta=dict(doc.meta))
    rep.notes.extend(doc.notes)
    if doc.status != "ok" and not doc.lines:
        rep.parse_status = "failed"
        return rep
    texts: list[str] = []  # Line.text of each line, kept by normalize_lines and split_inline_headings
    lines, notes = normalize_lines(doc.lines, texts)
    rep.notes.extend(notes)
    text = "\n".join(texts)
    cands: list[re.Match[str]] | None = candidate_matches(text)
    cut = split_inline_headings(lines, texts, text, cands)
    if cut is not lines:  # headings were cut out of lines: texts changed
        lines, text, cands = cut, "\n".join(texts), None
    # offsets[k] = where line k starts in "\n".join(texts): the lengths before it plus one newline each
    offsets = list(map(add, accumulate(map(len, texts), initial=0), range(len(texts))))
    rep.text_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if not text.strip():
        rep.errors.append(ParseError("parse", "empty_text", f"{doc.source}: no text could be read"))
        rep.parse_status = "failed"
        return rep
    # flatten (no whitespace) of each line, once: flatten(text) is their concatenation (newlines are whitespace)
    # and flatten of the tables' text that of the lines of their regions, so neither needs a pass of its own
    flats = list(map("".join, map(str.split, texts)))
    flat = "".join(flats)
    md = extract_metadata(texts, text, doc.meta, flat)
    rep.title, rep.agency, rep.year = md.title, md.agency, md.year
    rep.publish_date, rep.publish_date_raw = md.publish_date, md.publish_date_raw
    rep.period_start, rep.period_end = md.period_start, md.period_end
    rep.notes.extend(md.notes)
    heads = find_headings(text, cands)
    sections = split_sections(text, heads)
    rep.sections = sections
    dups = duplicated_headings(text, heads)
    if dups:
        rep.notes.append("duplicated_headings:" + ",".join(map(str, dups)))
    regions = _regions(lines, text, offsets, sections)
    if not md.title and len(sections) < 2:
        rep.errors.append(ParseError("parse", "not_a_report",
                                     f"{doc.source}: no report title and fewer than two of the six section headings: not an annual report"))
        rep.parse_status = "failed"
        return rep
    # flatten("\n".join of the regions' texts), or of the whole text when that join is empty (no region, or one
    # region of no line: lines are never empty)
    if len(regions) > 1 or any(b > a for a, b in regions.values()):
        flat = "".join(["".join(flats[a:b]) for a, b in regions.values()])
    rep.template = detect_template(text, rep.year, flat)
    if rep.template not in ("2019", "2021"):
        if rep.template == "unknown":
            rep.errors.append(ParseError("parse", "unknown_template",
                                         f"{doc.source}: neither the 2019 nor the 2021 table layout was recognised "
                                         f"and the report year is unknown"))
        rep.parse_status = "partial" if rep.template == "pre2019" else "failed"
        return rep
    tpl = load_template(rep.template)
    for no, reader in ((2, read_active), (3, read_applications), (4, read_review)):
        if no not in regions:
            rep.errors.append(ParseError("tables", f"table{no}_missing",
                                         f"{doc.source}: section {'二三四'[no - 2]} and its table were not found"))
            continue
        a, b = regions[no]
        rep.facts.extend(reader(lines[a:b], tpl, rep.errors))
    missing_sections = [n for n in range(1, 7) if n not in {s.no for s in sections}]
    if missing_sections and max((s.no for s in sections), default=0) < 4 and 4 not in regions:
        rep.errors.append(ParseError("parse", "truncated_report",
                                     f"{doc.source}: the report stops before section 四 (sections found: "
                                     f"{[s.no for s in sections]})"))
    if any(e.stage in ("tables", "parse") for e in rep.errors):
        rep.parse_status = "partial"
    return rep
