"""Which links are annual reports, which are columns of them, and which are look-alikes to skip.

Titles vary (政府信息公开工作年度报告, 政务信息公开年度报告, 信息公开年报, suffixes （图片版）（超链版）) and the
same column also carries 解读/图解 posts and copies of the national 格式 notices, which mention 年度报告 but
are not reports. Attachments are recognised by extension, or by Hanweb's downfile.jsp with a file name.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qs, urlparse

ATTACHMENT_EXTS = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et")

_REPORT = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年\s*度?.{0,40}?"
    r"(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:报告|年报)"
)
_REPORT_SHORT = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*(?:政府|政务)?信息公开年报")
# 解读/图解 posts and copies of the format notices are not reports.
_SKIP = re.compile(r"解读|图解|一图读懂|图说|答记者问|格式|模板|关于印发|的通知|征求意见|培训|说明会")
_TRUNCATED = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年.{0,30}?(?:政府|政务)?信(?:息(?:公(?:开.*)?)?)?(?:…|\.\.\.?)$")
_COLUMN = re.compile(r"^(?:政府|政务)?信息公开(?:工作)?(?:年度报告|年报)(?:专栏)?$|^年度报告$|^(?:市本级|区政府工作部门|乡镇|街道|部门)(?:年报|年度报告)?$")


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip()


def classify_title(title: str | None) -> tuple[str, int | None]:
    """Return (kind, year); kind is report | maybe | skip_interpretation | skip_format | column | other.

    `maybe`: a list title cut short by the portal (…) that starts like a report (year + 信息公开); the
    spider fetches the page and decides on its full title."""
    t = norm(title)
    if not t:
        return "other", None
    m = _REPORT.search(t) or _REPORT_SHORT.search(t)
    if m:
        skip = _SKIP.search(t)
        if skip:
            word = skip.group(0)
            return ("skip_format" if word in ("格式", "模板", "关于印发", "的通知") else "skip_interpretation"), None
        if t.endswith(("…", "...")):  # cut short: a 解读/图解 suffix may be hidden; the page decides
            return "maybe", int(m.group("year"))
        return "report", int(m.group("year"))
    if _COLUMN.search(t.replace(" ", "")):
        return "column", None
    if ("年度报告" in t or "年报" in t) and _SKIP.search(t):
        return "skip_format", None
    m = _TRUNCATED.search(t)
    if m and not _SKIP.search(t):
        return "maybe", int(m.group("year"))
    return "other", None


def is_attachment_url(url: str) -> bool:
    low = url.lower()
    if "down" not in low and not any(ext in low for ext in ATTACHMENT_EXTS):  # most links: no parse needed
        return False
    p = urlparse(url)
    path = p.path.lower()
    if path.endswith(ATTACHMENT_EXTS):
        return True
    if "downfile" in path or "download" in path:
        q = parse_qs(p.query)
        names = q.get("filename", []) + q.get("file", []) + q.get("fileName", [])
        return any(n.lower().endswith(ATTACHMENT_EXTS) for n in names) or not names
    return False
