"""The adapter interface and the link extraction every family shares."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import html as lxml_html

NEXT_TEXTS = ("下一页", "下页", "后页", "下一頁", "next", ">")
_DATE = re.compile(r"(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}")


@dataclass
class Link:
    url: str
    title: str
    date: str | None = None


@dataclass
class ListPage:
    links: list[Link] = field(default_factory=list)
    more: list[str] = field(default_factory=list)  # further list pages (paging, API pages)


def parse_html(text: str):
    try:
        return lxml_html.fromstring(text or "<html/>")
    except (ValueError, lxml_html.etree.ParserError):
        return lxml_html.fromstring("<html/>")


def anchor_links(doc, base_url: str) -> list[Link]:
    """Every <a href> with a usable title (title attribute first: list items often truncate the text)."""
    out: list[Link] = []
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#", "tel:")):
            continue
        title = (a.get("title") or "").strip() or " ".join(a.text_content().split())
        date = None
        parent = a.getparent()
        if parent is not None:
            m = _DATE.search(parent.text_content())
            date = m.group(0) if m else None
        out.append(Link(urljoin(base_url, href), title, date))
    return out


def next_links(doc, base_url: str) -> list[str]:
    out = []
    for a in doc.iter("a"):
        text = " ".join(a.text_content().split()).lower()
        href = (a.get("href") or "").strip()
        if href and not href.startswith(("javascript:", "#")) and text in NEXT_TEXTS:
            out.append(urljoin(base_url, href))
    return out


class CmsAdapter:
    family = "base"

    @classmethod
    def detect(cls, url: str, body: str) -> bool:  # pragma: no cover - interface
        raise NotImplementedError

    def parse_list(self, url: str, body: str, content_type: str = "") -> ListPage:
        """Links to records and further list pages found on one list response."""
        doc = parse_html(body)
        return ListPage(anchor_links(doc, url), next_links(doc, url))
