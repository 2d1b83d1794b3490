"""Split a report into its six sections (一 to 六), tolerant of numbering, title variants and repeats.

A heading is a Chinese numeral + 、 followed, within a few characters, by that section's keywords; it may sit at
the start of a line or inside a flattened line (text whose line breaks were lost). Table rows such as
"四、结转下年度继续办理" carry a numeral too but not the section's keywords, so they are not headings.
A heading printed twice is counted once (the first occurrence wins; later ones stay inside the section text).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from transforms.model import Section

SECTION_KEYWORDS: dict[int, tuple[str, ...]] = {
    1: ("总体情况", "概述", "基本情况", "总体", "工作情况"),
    2: ("主动公开政府信息", "主动公开情况", "主动公开"),
    3: ("收到和处理政府信息公开申请", "依申请公开", "收到和处理"),
    4: ("行政复议", "行政诉讼"),
    5: ("存在的主要问题", "主要问题", "问题及改进", "改进情况", "改进措施"),
    6: ("其他需要报告", "其他事项", "其他需要说明"),
}
NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CAND = re.compile(r"([一二三四五六])\s*[、.．]\s*")
# every heading starts with a match of this: HEADING_CANDIDATE.search(text, pos) is None means no heading
# starts at or after pos (a cheap pre-check before find_headings)
HEADING_CANDIDATE = _CAND
# per numeral, one alternation of its keywords: search() returns the leftmost position where any keyword
# starts, which is the smallest of the keywords' first occurrences (what a find() per keyword would give)
_KEYWORDS_RE: dict[str, re.Pattern[str]] = {
    ch: re.compile("|".join(map(re.escape, SECTION_KEYWORDS[no]))) for ch, no in NUMERALS.items()}
_TITLE_END = re.compile(r"(情况|事项|措施|方面|问题)")
_WINDOW = 16  # the keyword must start within this many characters of the numeral


def candidate_matches(text: str) -> list[re.Match[str]]:
    """list(HEADING_CANDIDATE.finditer(text)): the scan of the whole text that both cutting inline headings and
    finding the headings start from (re tests every character of a CJK text against the numeral class, so
    build_report does it once and hands the list to both)."""
    return list(_CAND.finditer(text))


class Heading(NamedTuple):
    """A section heading found in the text. A NamedTuple rather than a frozen dataclass: immutable all the
    same, and built several times cheaper (a frozen dataclass sets each field through object.__setattr__)."""

    no: int
    start: int  # offset of the numeral in the text
    end: int  # offset just after the title
    title: str


def find_headings(text: str, cands: list[re.Match[str]] | None = None) -> list[Heading]:
    """Every plausible section heading in document order (duplicates included).

    `cands` is candidate_matches(text) when the caller already has it (build_report scans the text once for
    cutting inline headings and for finding them)."""
    found: list[Heading] = []
    for m in (candidate_matches(text) if cands is None else cands):
        # the numeral must begin a line or follow a sentence end / a number / a closing bracket
        start = m.start()
        prev = text[start - 1] if start > 0 else "\n"
        if not (prev in "\n。；;:：!！?？)）」”" or prev.isdigit() or prev.isspace()):
            continue
        numeral = m.group(1)
        end = m.end()
        after = text[end: end + 40]
        km = _KEYWORDS_RE[numeral].search(after)
        if km is None or km.start() > _WINDOW:
            continue
        kw_pos = km.start()
        no = NUMERALS[numeral]
        nl = after.find("\n")
        limit = nl if nl >= 0 else len(after)
        end_m = _TITLE_END.search(after, kw_pos, limit)
        title_len = end_m.end() if end_m else limit
        title = after[:title_len].strip()
        found.append(Heading(no, start, end + title_len, f"{numeral}、{title}"))
    return found


def split_sections(text: str, heads: list[Heading] | None = None) -> list[Section]:
    """Sections 一..六 found in order; a section's text runs to the next accepted heading.

    `heads` is find_headings(text) when the caller already has it (one scan of the text serves both
    split_sections and duplicated_headings).
    """
    if heads is None:
        heads = find_headings(text)
    accepted: list[Heading] = []
    for h in heads:
        if accepted and h.no <= accepted[-1].no:
            continue  # a repeat ("一、总体情况" twice) or an out-of-order mention
        if accepted and h.no > accepted[-1].no + 3:
            continue  # too big a jump: more likely a mention than a heading
        accepted.append(h)
    sections: list[Section] = []
    for i, h in enumerate(accepted):
        end = accepted[i + 1].start if i + 1 < len(accepted) else len(text)
        sections.append(Section(no=h.no, title_raw=h.title, text=text[h.end:end].strip(), start=h.start))
    return sections


def duplicated_headings(text: str, heads: list[Heading] | None = None) -> list[int]:
    """Section numbers whose heading is printed more than once (`heads` as in split_sections)."""
    seen: dict[int, int] = {}
    for h in (find_headings(text) if heads is None else heads):
        seen[h.no] = seen.get(h.no, 0) + 1
    return sorted(n for n, k in seen.items() if k > 1)
