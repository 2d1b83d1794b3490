"""Text normalization: the messes real reports arrive with, repaired before anything reads them.

- NFKC (full-width digits and brackets), zero-width characters, ideographic spaces;
- whitespace inside CJK words and labels ("结果 维持", "科研机 构", "规    章", "2020 年");
- markdown debris (#, **, leading "- " bullets) and page footers ("— 5 —", "第 3 页");
- paragraphs broken by a page break ("人事变" / "动、…"), duplicated sentences across the break,
  duplicated consecutive lines (headings printed twice).

Every function is pure; `normalize_lines` returns the notes of what it changed so a report can list them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from transforms.memo import Memo
from transforms.model import Cell, Line

_ZW = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"“”‘’《》〈〉「」『』【】、。()（）,:;，：；!?！？"
# whitespace between two CJK characters/punctuation, or between CJK and a digit, is an artefact
_WS_CJK = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \t\u3000\u00a0]+(?=[{_CJK}{_CJK_PUNCT}])")
_WS_CJK_DIGIT = re.compile(rf"(?<=[{_CJK}])[ \t\u3000\u00a0]+(?=[+\-]?\d)|(?<=\d)[ \t\u3000\u00a0]+(?=[{_CJK}])")
_MULTI_WS = re.compile(r"[ \t\u3000\u00a0]{2,}")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_BOLD = re.compile(r"\*\*|__")
_MD_BULLET = re.compile(r"^\s*(?:[-*+•·▪●]\s+)(?=\S)")
_FOOTER = re.compile(
    r"^\s*(?:[—\-–－]+\s*\d{1,3}\s*[—\-–－]+|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|-\s*\d{1,3}\s*-|Page\s+\d+(?:\s+of\s+\d+)?)\s*$", re.I)
# first characters a footer can start with (after the optional leading whitespace of _FOOTER): dashes, 第,
# P/p of "Page"; a footer starting with a digit is "3 / 12" and holds a "/". Text failing _maybe_footer
# cannot match _FOOTER, so the regex is skipped for most short cells ("0", "12", "2.重复申请").
_FOOTER_FIRST = frozenset("—-–－第Pp")
_SENT_END = set("。！？；!?;:：")
_HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十]+[)）]|\d+\s*[、.．]|第[一二三四五六七八九十]+)")
_TITLE_LINE = re.compile(r"(年度报告|年报)\s*(\([^()]{1,8}\))?$")
_DUP_SENT = re.compile(rf"([{_CJK}，,：:、“”]{{6,40}}?)\1")


# ASCII without whitespace, '#', '*' or '_': NFKC leaves it as it is and none of the rules below can match
# (they need a non-ASCII character, whitespace or markdown marks). Most cell values ("1243", "284.49") are so.
_PLAIN = re.compile(r"[0-9A-Za-z.,:;%+\-/()]*")


@lru_cache(maxsize=65536)
def normalize_text(s: str) -> str:
    """Normalize one cell or line of text (no line structure)."""
    if not s:
        return ""
    if _PLAIN.fullmatch(s):
        return s
    s = unicodedata.normalize("NFKC", s)
    s = _ZW.sub("", s)
    if "#" in s:
        s = _MD_HEADING.sub("", s)
    if "*" in s or "__" in s:
        s = _MD_BOLD.sub("", s)
    s = _MD_BULLET.sub("", s)
    s = _WS_CJK.sub("", s)
    s = _WS_CJK_DIGIT.sub("", s)
    s = _MULTI_WS.sub(" ", s)
    return s.strip()


_CELL_CACHE_MAX = 65536
# normalize_text of the cell texts seen: a table row is normalized by one map() over it (see Memo)
_NORMALIZED: Memo[str] = Memo(normalize_text, _CELL_CACHE_MAX)


def _maybe_footer(s: str) -> bool:
    """Cheap necessary condition for _FOOTER.match(s) on a non-empty string (see _FOOTER_FIRST)."""
    first = s[0]
    return first in _FOOTER_FIRST or "/" in s or first.isspace()


def _prose_text(s: str) -> str | None:
    """A prose line's text as `normalize_lines` keeps it: normalize_text(s), or None for a page footer.

    Read through the memo table `_PROSE` (short lines recur across reports: "0", "12", "2.重复申请"), so the
    common line costs one table lookup for both the normalization and the footer test.
    """
    text = normalize_text(s)
    if text and len(text) <= 20 and _maybe_footer(text) and _FOOTER.match(text):
        return None
    return text


_PROSE: Memo[str | None] = Memo(_prose_text, _CELL_CACHE_MAX)


def is_page_footer(s: str) -> bool:
    return bool(s) and len(s) <= 20 and bool(_FOOTER.match(s))


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _joinable(prev: str, nxt: str) -> bool:
    """A prose line cut by a page break: long, no sentence end, next starts mid-sentence with CJK."""
    if len(prev) < 15 or not nxt:
        return False
    first = nxt[0]  # the cheapest test first: the next line must start mid-sentence
    if not (_is_cjk(first) or first in "，、）)”》"):
        return False
    if prev[-1] in _SENT_END or (_HEADING_START.match(prev) and len(prev) < 30) or _HEADING_START.match(nxt):
        return False
    return not _TITLE_LINE.search(prev)  # a title line ("…工作年度报告") ends a block even without punctuation


def dedup_sentences(s: str) -> tuple[str, bool]:
    """Remove a sentence fragment printed twice in a row (a page break duplicating the last words)."""
    if len(s) < 12:
        return s, False
    out = _DUP_SENT.sub(r"\1", s)
    return out, out != s


def dedup_at_join(prev: str, nxt: str) -> tuple[str, bool]:
    """Join two pieces of a paragraph; drop words the page break printed twice around the join."""
    cut = max(0, len(prev) - 40)
    window, changed = dedup_sentences(prev[cut:] + nxt[:40])
    return prev[:cut] + window + nxt[40:], changed


def normalize_lines(lines: list[Line], texts: list[str] | None = None) -> tuple[list[Line], list[str]]:
    """Normalize every cell, drop footers and blank lines, rejoin prose split by page breaks.

    A cell or line whose text normalization leaves unchanged is passed on as the same object (nothing
    downstream mutates cells or lines), which saves rebuilding hundreds of objects per report.
    `texts`, when given, receives the `Line.text` of every line returned, in order: the loop already holds
    each row's cell texts, so the caller need not walk every row's cells again to join them.
    """
    if texts is None:
        texts = []
    notes: list[str] = []
    out: list[Line] = []
    footers = joins = dups = repeats = 0
    normalized = _NORMALIZED.__getitem__
    prose_text = _PROSE.__getitem__
    add_text = texts.append
    footer_match = _FOOTER.match
    maybe_footer = _maybe_footer
    ptext = None  # the text of out[-1] when it is a prose line; None when out is empty or ends in a table row
    for line in lines:
        cells = line.cells
        if line.is_table_row:
            olds = [c.text for c in cells]
            news = list(map(normalized, olds))
            nonblank = len(news) - news.count("")
            if nonblank:
                if nonblank == 1:
                    only = next(t for t in news if t)
                    if len(only) <= 20 and maybe_footer(only) and footer_match(only):
                        footers += 1
                        continue
                if news == olds:
                    out.append(line)
                else:
                    out.append(Line([c if t == c.text else Cell(t, c.span) for c, t in zip(cells, news, strict=True)],
                                    line.ref, True))
                add_text(news[0] if len(news) == 1 else "\t".join(news))
                ptext = None
            continue
        if not cells:
            continue
        old = cells[0].text
        if not old:  # a blank line (one-cell-per-line layouts have one after every cell)
            continue
        text = prose_text(old)
        if not text:
            if text is None:
                footers += 1
            continue
        if ptext is not None:
            if text == ptext and len(text) >= 4 and not any(ch.isdigit() for ch in text):
                repeats += 1
                continue
            if len(ptext) >= 15 and _joinable(ptext, text):
                merged, changed = dedup_at_join(ptext, text)
                dups += changed
                joins += 1
                out[-1] = Line([Cell(merged)], out[-1].ref)
                texts[-1] = ptext = merged
                continue
        if text == old and len(cells) == 1:
            out.append(line)
        else:
            out.append(Line([Cell(text)], line.ref))
        add_text(text)
        ptext = text
    if footers:
        notes.append(f"page_footers_removed:{footers}")
    if joins:
        notes.append(f"page_break_lines_joined:{joins}")
    if dups:
        notes.append(f"duplicated_sentences_removed:{dups}")
    if repeats:
        notes.append(f"repeated_lines_removed:{repeats}")
    return out, notes
