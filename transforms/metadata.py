"""Report metadata: title, agency, report year, template, publish date and statistics period.

Dates that lost 年/月 in extraction ("自202011日起至20201231日止") are repaired with the fixed period rule
(1 January to 31 December of the report year); a digit run that still has two readings stays unresolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from transforms.templates import flatten, marker_score

_TITLE_RE = re.compile(r"(政府信息公开|政务信息公开|政务公开|信息公开).{0,8}(年度报告|年报)")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_PREFIX = re.compile(r"^(?:[•·\-*#\s]+|标题[:：]\s*)")
_TITLE_SUFFIX = re.compile(r"\s*[-_|—]\s*[^-_|—]{1,20}$")
_AGENCY_END = re.compile(r"(政府|办公室|办公厅|局|委员会|委|办|中心|镇|乡|街道|县|市|区|旗|院|厅|部|署|所|站|管委会)$")
_PLACE_END = ("市", "县", "区", "镇", "乡", "街道", "旗", "州", "盟")
_ISO_DATE = re.compile(r"((?:19|20)\d{2})[-/.年]\s*(\d{1,2})[-/.月]\s*(\d{1,2})日?")
_PUB_LABEL = re.compile(r"(?:发布日期|发布时间|日期|时间|成文日期)[:：]\s*((?:19|20)\d{2}[-/.年]\s*\d{1,2}[-/.月]\s*\d{1,2}日?)")
_PERIOD = re.compile(
    r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日(?:起)?\s*(?:至|到|—|-|~)\s*(?:((?:19|20)\d{2})年)?(\d{1,2})月(\d{1,2})日")
_PERIOD_BROKEN = re.compile(r"自?((?:19|20)\d{2}\d{2,4})日?(?:起)?\s*(?:至|到)\s*((?:19|20)\d{2}\d{2,4})日")


@dataclass
class Metadata:
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    publish_date: str | None = None
    publish_date_raw: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    notes: list[str] = field(default_factory=list)


def _clean_title(t: str) -> str:
    t = _PREFIX.sub("", t.strip())
    return t.strip()


def find_title(lines: list[str], meta: dict[str, str]) -> str | None:
    for key in ("ArticleTitle",):
        if meta.get(key) and _TITLE_RE.search(meta[key]):
            return _clean_title(meta[key])
    for i, line in enumerate(lines[:25]):
        title = _clean_title(line)
        m = _TITLE_RE.search(title)
        if not m or len(title) > 60 or title.startswith(("根据", "按照", "依据")):
            continue
        title = title[: m.end()] + (title[m.end():] if title[m.end():].startswith(("(", "（")) else "")
        if re.match(r"^(?:19|20)\d{2}", title) and i > 0:
            prev = next((p for p in reversed(lines[max(0, i - 3):i]) if p.strip()), "")
            if prev and len(prev) <= 30 and _AGENCY_END.search(_clean_title(prev)):
                title = _clean_title(prev) + title
        return title
    ht = meta.get("html_title")
    if ht and _TITLE_RE.search(ht):
        ht = _clean_title(ht)
        return _TITLE_SUFFIX.sub("", ht) if _TITLE_SUFFIX.search(ht) else ht
    for line in lines[:25]:  # a title quoted in the opening sentence ("现向社会公布X2023年度…报告")
        m = re.search(r"(?:公布|发布)([^,，。《》]{2,40}?" + _TITLE_RE.pattern + ")", line)
        if m:
            return m.group(1)
    return None


def find_agency(title: str | None, text: str) -> str | None:
    if not title:
        return None
    m = _YEAR_IN_TITLE.search(title)
    prefix = title[: m.start()].strip() if m else ""
    prefix = re.sub(r"[\s:：]+", "", prefix)
    if not prefix and m:  # "{Y}年{机关}政府信息公开工作年度报告"
        rest = re.sub(r"^度", "", title[m.end():])
        k = _TITLE_RE.search(rest)
        prefix = rest[: k.start()] if k else ""
    if not prefix:
        return None
    if prefix.endswith(_PLACE_END):
        if prefix + "人民政府" in text:
            return prefix + "人民政府"
        for sig in re.findall(r"([\u4e00-\u9fff]{2,12}人民政府)", text[-400:]):
            place = sig[:-4]
            if prefix.endswith(place):
                return prefix + "人民政府"
    return prefix


def find_year(title: str | None, text: str, period_start: str | None, publish: str | None) -> int | None:
    if title:
        m = _YEAR_IN_TITLE.search(title)
        if m:
            return int(m.group(1))
    if period_start:
        return int(period_start[:4])
    m = re.search(r"((?:19|20)\d{2})\s*年度?政府信息公开", text[:3000])
    if m:
        return int(m.group(1))
    if publish:
        return int(publish[:4]) - 1
    return None


def parse_iso_date(text: str | None) -> date | None:
    """'2021-02-01' (or a longer timestamp starting so) -> date; anything else -> None."""
    if not text:
        return None
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip())
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _iso(y: int, m: int, d: int) -> str | None:
    if 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def repair_digit_date(run: str, prefer: tuple[int, int]) -> str | None:
    """'202011' -> 2020-01-01 when the preferred (month, day) reading fits; ambiguous runs stay None."""
    y, rest = int(run[:4]), run[4:]
    readings = set()
    for cut in range(1, len(rest)):
        mm, dd = rest[:cut], rest[cut:]
        if mm.startswith("0") and len(mm) > 1 or dd.startswith("0") and len(dd) > 1:
            pass
        iso = _iso(y, int(mm), int(dd)) if len(mm) <= 2 and len(dd) <= 2 else None
        if iso:
            readings.add(iso)
    if len(readings) == 1:
        return readings.pop()
    pref = _iso(y, *prefer)
    if pref in readings:
        return pref
    return None


_PERIOD_SPAN = 6000  # the statistics period is stated near the start: only this many characters are read


def find_period(text: str, flat: str | None = None) -> tuple[str | None, str | None, list[str]]:
    """The statistics period; `flat` is flatten(text[:_PERIOD_SPAN]) when the caller already has it."""
    if flat is None:
        flat = flatten(text[:_PERIOD_SPAN])
    m = _PERIOD.search(flat)
    if m:
        y1, m1, d1, y2, m2, d2 = m.groups()
        return _iso(int(y1), int(m1), int(d1)), _iso(int(y2 or y1), int(m2), int(d2)), []
    m = _PERIOD_BROKEN.search(flat)
    if m:
        start = repair_digit_date(m.group(1), (1, 1))
        end = repair_digit_date(m.group(2), (12, 31))
        return start, end, ["date_repaired"]
    return None, None, []


def find_publish_date(lines: list[str], meta: dict[str, str]) -> tuple[str | None, str | None]:
    for key in ("PubDate", "firstpublishedtime", "publishdate"):
        if meta.get(key):
            m = _ISO_DATE.search(meta[key])
            if m:
                return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3))), meta[key]
    for line in lines[:30]:
        # every label of _PUB_LABEL ends in 日期 or 时间: a line holding neither cannot match (most lines)
        if "日期" not in line and "时间" not in line:
            continue
        m = _PUB_LABEL.search(line)
        if m:
            d = _ISO_DATE.search(m.group(1))
            if d:
                return _iso(int(d.group(1)), int(d.group(2)), int(d.group(3))), m.group(1)
    for line in reversed(lines[-12:]):
        s = line.strip()
        if len(s) <= 16:
            d = _ISO_DATE.fullmatch(s)
            if d:
                return _iso(int(d.group(1)), int(d.group(2)), int(d.group(3))), s
    return None, None


def detect_template(text: str, year: int | None, flat: str | None = None) -> str:
    """'2019' / '2021' by the distinctive header phrases; the year decides when no table is readable.

    `flat` is flatten(text) when the caller already has it (then `text` itself is not read)."""
    if flat is None:
        flat = flatten(text)
    s19, s21 = marker_score(text, "2019", flat), marker_score(text, "2021", flat)
    if s19 or s21:
        if s21 > s19:
            return "2021"
        if s19 > s21:
            return "2019"
    if year is not None:
        if year <= 2018:
            return "pre2019"
        return "2019" if year <= 2020 else "2021"
    return "unknown"


def extract_metadata(lines: list[str], text: str, meta: dict[str, str], flat: str | None = None) -> Metadata:
    """`flat`, when given, is flatten(text) (see find_period)."""
    md = Metadata()
    md.title = find_title(lines, meta)
    md.period_start, md.period_end, notes = find_period(
        text, flat if flat is not None and len(text) <= _PERIOD_SPAN else None)
    md.notes.extend(notes)
    md.publish_date, md.publish_date_raw = find_publish_date(lines, meta)
    md.year = find_year(md.title, text, md.period_start, md.publish_date)
    md.agency = find_agency(md.title, text)
    return md
