"""Numbers and zero-statements stated in the prose of a report (`fact_narrative`, report-format.md §9).

Why: the N_* checks compare what the text says ("共收到申请4件", "没有收到政府信息公开申请") with the tables,
which catches misread tables and reports whose prose and tables disagree.

Patterns work on a compacted copy of each section (NFKC, whitespace removed, so PDF line wraps and spaced
digits "1295 件" do not matter); every match maps back to the section's own text: `text_span` is the
text as printed and `char_offset` its offset inside that section's text (`section_no` says which), exact
whatever the heading's length. Numbers need a unit (件/个/条), so table rows (numbers without units) are never read as prose.
Keys: applications_received, applications_by_post, applications_forwarded, applications_by_channel_other,
applications_completed, applications_carried_forward, applications_carried_over, results_* (outcome
categories of table 三), info_produced_total, info_published_proactively,
info_published_on_request, proactive_by_category (list), fee_charged (0 = "no fee"), and the statements
statement_no_applications, statement_no_review_litigation, statement_all_completed (value 0).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator

from transforms.model import NarrativeFact, ParsedReport, Section

UNIT = r"(?:件|个|条|份|宗)"
NUM = r"(?<![\d.])(\d{1,7})"
STOP = r"[^。;,、\d]"

CHANNELS = {
    "applications_by_post": r"邮寄|信函|邮件寄送|来信",
    "applications_forwarded": r"转办|转交|转来",
    "applications_by_channel_other": r"当面|现场|网上|网络|在线|电子邮件|传真|电话",
}

# (key, a literal every match contains, pattern): a sentence without the literal is not searched (a
# substring test is far cheaper than a regex call, and most sentences match none of these)
PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    # 共收到/受理/接收 … 申请 … N件   |   共收到N件申请
    ("applications_received", "申请",
     re.compile(rf"(?:收到|接收|受理|接到|接收到)(?P<mid>{STOP}{{0,25}}?)申请{STOP}{{0,6}}?{NUM}{UNIT}")),
    ("applications_received", "申请",
     re.compile(rf"(?:收到|接收|受理|接到)(?P<mid>{STOP}{{0,4}}?){NUM}{UNIT}{STOP}{{0,12}}?申请")),
    ("applications_completed", "办结", re.compile(rf"办结{STOP}{{0,6}}?{NUM}{UNIT}")),
    ("applications_completed", "办结", re.compile(rf"{NUM}{UNIT}(?:均|已|已经)?(?:全部)?办结")),
    ("applications_carried_forward", "结转", re.compile(rf"{NUM}{UNIT}{STOP}{{0,6}}?结转(?:至|到)?下")),
    ("info_produced_total", "制作", re.compile(rf"制作{STOP}{{0,6}}?信息(?:总数|总量|共计|共)?{NUM}{UNIT}")),
    ("info_published_proactively", "主动公开",
     re.compile(rf"主动公开(?P<mid>{STOP}{{0,12}}?)信息(?:总数|总量|共计|共)?{NUM}{UNIT}")),
    ("info_published_on_request", "依申请公开", re.compile(rf"依申请公开(?:政府)?信息{NUM}{UNIT}")),
]
# outcome categories of table 三 stated in the prose ("予以公开及部分公开208件，不予公开20件，…无法提供564件")
RESULT_KEYS = {"予以公开及部分公开": "results_disclosed_or_partly", "予以公开": "results_disclosed",
               "部分公开": "results_partly_disclosed", "不予公开": "results_withheld",
               "无法提供": "results_unavailable", "不予处理": "results_not_processed", "其他处理": "results_other"}
RESULT_RE = re.compile(rf"({'|'.join(RESULT_KEYS)})(?:的|申请)?{NUM}{UNIT}")
CARRIED_OVER_RE = re.compile(rf"(?:上年|上一年度?|上年度)结转(?:的)?(?:申请)?{NUM}{UNIT}")
CHANNEL_RE = re.compile(rf"(?P<ch>{'|'.join(CHANNELS.values())}){STOP}{{0,12}}?申请{STOP}{{0,4}}?{NUM}{UNIT}")
CATEGORY_RE = re.compile(rf"信息{NUM}条")
NO_APPL_RE = re.compile(r"(?:没有|未|无)(?:收到|接到|受理|接收)(?P<mid>[^。;]{0,15}?)申请(?P<after>.{0,8})")
NO_RL_RE = re.compile(r"(?<!未经)(?:没有|未|无)(?!经)[^。;]{0,24}?复议[^。;]{0,20}?诉讼")
ALL_DONE_RE = re.compile(r"(?:已|均已|均)?全部办结|均已办结|已全部答复")
FEE_NONE_RE = re.compile(r"(?:未|没有|无)(?:收取|发生|产生)[^。;]{0,10}?(?:信息处理费|收费)")
FEE_AMOUNT_RE = re.compile(r"收取(?:了)?信息处理费(?:共计|共)?(\d+(?:\.\d+)?)(元|万元)")
CHANNEL_ANY_RE = re.compile("|".join(CHANNELS.values()))
CHANNEL_KEY_RES = [(k, re.compile(rx)) for k, rx in CHANNELS.items()]
MID_OTHER_RE = re.compile(r"复议|诉讼|举报|投诉|建议|提案")
NO_APPL_OTHER_RE = re.compile(r"复议|诉讼|举报|投诉")
OTHER_BUSINESS = re.compile(r"建议|提案|信访|投诉|举报|热线|诉求")  # 全部办结 of those is not about 申请
CONTRA = re.compile(r"纠错|纠正|败诉|撤销|确认违法")


class _Positions:
    """`pos[i]` = index in `text` of compact char i, for a text that only lost its whitespace.

    Most sections yield few or no facts, so nothing is computed until a fact needs a position; then the
    runs of non-whitespace are measured only as far as that position (facts sit near the prose at the
    start of a section, before the whitespace-riddled table debris), one `_SPACES` match per run, and a
    lookup is a bisect over the runs' compact starts, not a per-character list.
    """

    __slots__ = ("text", "n", "_cstarts", "_ostarts", "_spaces")

    def __init__(self, text: str, n: int):
        self.text, self.n = text, n
        self._cstarts: list[int] = [0]  # compact start of each non-space run measured so far
        self._ostarts: list[int] = [0]  # ... and its start in `text` (a first run may be empty)
        self._spaces: Iterator[re.Match[str]] | None = None  # the whitespace runs not yet measured

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> int:
        if not 0 <= i < self.n:
            raise IndexError(i)
        cstarts = self._cstarts
        if cstarts[-1] <= i:  # the run holding i may not be the last one measured: measure on
            self._measure(i)
        m = bisect_right(cstarts, i) - 1
        return self._ostarts[m] + i - cstarts[m]

    def _measure(self, i: int) -> None:
        """Measure runs until one starts past compact position i, or the text ends."""
        spaces = self._spaces
        if spaces is None:
            spaces = self._spaces = _SPACES.finditer(self.text)
        cstarts, ostarts = self._cstarts, self._ostarts
        for m in spaces:
            ws, we = m.span()
            c = cstarts[-1] + ws - ostarts[-1]
            cstarts.append(c)
            ostarts.append(we)
            if c > i:
                return


_SPACES = re.compile(r"\s+")  # `\s` of a str pattern is exactly str.isspace()


def _compact(text: str) -> tuple[str, list[int] | _Positions]:
    """NFKC per character, whitespace dropped; `pos[i]` = index in `text` of compact char i."""
    if unicodedata.is_normalized("NFKC", text):  # the parser's section text already is: skip per-char NFKC
        compact = "".join(text.split())  # str.split() splits on exactly the str.isspace() characters
        return compact, _Positions(text, len(compact))
    out: list[str] = []
    pos: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        for c in unicodedata.normalize("NFKC", ch):
            if not c.isspace():
                out.append(c)
                pos.append(i)
    return "".join(out), pos


_SENTENCE = re.compile(r"[^。;!?]*[。;!?]|[^。;!?]+")  # up to and with a stop, or the unterminated tail

# Every literal one of `_extract_section`'s patterns needs in its sentence (see the tests there): a sentence
# without any of them yields no fact. None contains a stop, so a match lies inside one sentence.
_TRIGGER = re.compile("申请|办结|结转|制作|主动公开|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|其中|复议|答复"
                      "|信息处理费|收费")


def _sentences(s: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each sentence: each stop 。;!? ends one; text after the last stop is one more."""
    return [m.span() for m in _SENTENCE.finditer(s)]


def _trigger_sentences(s: str) -> list[tuple[int, int]]:
    """The spans of `_sentences(s)` that contain a `_TRIGGER` literal, in order.

    Why: a section has a few sentences and about half hold no literal any pattern needs; finding the
    literals with one regex and cutting out only their sentences skips segmenting (and testing) the rest.
    Sentences tile the text, each ending after a stop, so the one holding position p starts after the last
    stop before p, and `_SENTENCE.match` there gives the very span `_sentences` would.

    The sentence's end is found with str.find, not `_SENTENCE.match`: a section of flattened table debris
    is one stop-less run of a thousand characters, which the regex walked three times (its greedy first
    branch backtracks over the whole run before the second one matches it); no stop lies between a and p,
    so the end is one past the first stop at or after p, or the end of the text.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(s)
    search, rfind, find = _TRIGGER.search, s.rfind, s.find
    while (m := search(s, pos)) is not None:
        p = m.start()
        a = max(pos, rfind("。", pos, p) + 1, rfind(";", pos, p) + 1, rfind("!", pos, p) + 1, rfind("?", pos, p) + 1)
        e = find("。", p)
        if e < 0:
            e = n
        for stop in ";!?":  # only up to the 。 already found: a short scan on prose
            j = find(stop, p, e)
            if j >= 0:
                e = j
        b = e + 1 if e < n else n
        out.append((a, b))
        pos = b
    return out


class _Collector:
    def __init__(self, sec: Section, text: str, pos: list[int] | _Positions):
        self.sec, self.text, self.pos = sec, text, pos
        self.out: list[NarrativeFact] = []

    def add(self, key: str, value, a: int, b: int, unit: str | None = "count") -> None:
        oa = self.pos[a] if a < len(self.pos) else len(self.sec.text)
        ob = self.pos[b - 1] + 1 if 0 < b <= len(self.pos) else oa
        span = self.sec.text[oa:ob]
        self.out.append(NarrativeFact(self.sec.no, key, value, unit, span, oa))


def _extract_section(sec: Section) -> list[NarrativeFact]:
    """Facts of one section, sentence by sentence; each pattern only runs on sentences that contain the
    literal it needs (same matches, far fewer regex calls)."""
    s, pos = _compact(sec.text)
    col = _Collector(sec, s, pos)
    for a, b in _trigger_sentences(s):
        sent = s[a:b]
        if len(sent) > 400:  # flattened table debris, not prose
            continue
        has_appl = "申请" in sent
        near_appl = has_appl or "申请" in s[max(0, a - 80):a + 1]  # = "申请" in s[max(0, a - 80):b]
        channel_hits: list[tuple[int, int]] = []
        if has_appl:  # CHANNEL_RE needs 申请
            for m in CHANNEL_RE.finditer(sent):
                key = next(k for k, rx in CHANNEL_KEY_RES if rx.fullmatch(m["ch"]))
                col.add(key, int(m[2]), a + m.start(), a + m.end())
                channel_hits.append((m.start(), m.end()))
        explicit_received = False
        for key, need, rx in PATTERNS:
            if need not in sent:
                continue
            for m in rx.finditer(sent):
                if key == "applications_received":
                    mid = m["mid"] or ""
                    if CHANNEL_ANY_RE.search(mid) or MID_OTHER_RE.search(mid):
                        continue
                    if any(cs <= m.start() < ce for cs, ce in channel_hits):
                        continue
                    explicit_received = True
                elif key.startswith("applications_") and not near_appl:
                    continue  # 办结/结转 of something else (建议提案, 信访)
                elif key == "info_published_proactively" and "其他" in (m["mid"] or ""):
                    continue  # 主动公开的其他政府信息N条 is one category, not the total
                num = next(g for g in m.groups() if g and g.isdigit())
                col.add(key, int(num), a + m.start(), a + m.end())
        if channel_hits and not explicit_received and len(channel_hits) >= 2:
            total = sum(int(CHANNEL_RE.match(sent, cs)[2]) for cs, _ in channel_hits)  # type: ignore[index]
            col.add("applications_received", total, a + channel_hits[0][0], a + channel_hits[-1][1])
        if near_appl:
            for m in RESULT_RE.finditer(sent):
                col.add(RESULT_KEYS[m[1]], int(m[2]), a + m.start(), a + m.end())
            if "结转" in sent:
                for m in CARRIED_OVER_RE.finditer(sent):
                    col.add("applications_carried_over", int(m[1]), a + m.start(), a + m.end())
        if "其中" in sent and "主动公开" in s[max(0, a - 120):b]:
            tail_at = sent.index("其中")
            cats = list(CATEGORY_RE.finditer(sent, tail_at))
            if len(cats) >= 3:
                col.add("proactive_by_category", [int(m[1]) for m in cats], a + tail_at, a + cats[-1].end())
        if has_appl:  # NO_APPL_RE needs 申请
            for m in NO_APPL_RE.finditer(sent):
                if NO_APPL_OTHER_RE.search(m["mid"] + m["after"]):
                    continue
                col.add("statement_no_applications", 0, a + m.start(), a + m.end())
        if "复议" in sent:  # NO_RL_RE needs 复议
            m = NO_RL_RE.search(sent)
            if m and not CONTRA.search(sent):
                col.add("statement_no_review_litigation", 0, a + m.start(), a + m.end())
        if near_appl and ("办结" in sent or "答复" in sent):  # ALL_DONE_RE needs one of them
            m = ALL_DONE_RE.search(sent)
            if m and not OTHER_BUSINESS.search(sent):
                col.add("statement_all_completed", 0, a + m.start(), a + m.end())
        if "信息处理费" in sent or "收费" in sent:  # both fee patterns need one of them
            m = FEE_AMOUNT_RE.search(sent)
            if m:
                col.add("fee_charged", float(m[1]), a + m.start(), a + m.end(),
                        unit="yuan" if m[2] == "元" else "wan_yuan")
            else:
                m = FEE_NONE_RE.search(sent)
                if m:
                    col.add("fee_charged", 0, a + m.start(), a + m.end(), unit=None)
    return col.out


def extract_from_sections(sections: Iterable[Section]) -> list[NarrativeFact]:
    """All narrative facts, in document order; a (key, value) seen again (duplicated sentences) is dropped."""
    out: list[NarrativeFact] = []
    seen: set[tuple[str, str]] = set()
    for sec in sections:
        for nf in _extract_section(sec):
            k = (nf.key, repr(nf.value))
            if k in seen:
                continue
            seen.add(k)
            out.append(nf)
    return out


def extract_narrative(report: ParsedReport) -> list[NarrativeFact]:
    """Narrative facts of a parsed report, read from its sections (一..六)."""
    return extract_from_sections(report.sections)


def first(narrative: Iterable[NarrativeFact], key: str) -> NarrativeFact | None:
    return next((n for n in narrative if n.key == key), None)
