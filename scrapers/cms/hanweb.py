"""Hanweb 大汉 JCMS: records inline in <script type="text/xml"><datastore>, more via dataproxy.jsp?page=N."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlparse, urlunparse

from scrapers.cms.base import CmsAdapter, ListPage, anchor_links, next_links, parse_html

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[.*?href=['\"]([^'\"]+)['\"]", re.S)
_TOTALPAGE = re.compile(r"<totalpage>\s*(\d+)\s*</totalpage>")
_TOTALRECORD = re.compile(r"(?:<totalrecord>\s*|totalRecord\s*[:=]\s*)(\d+)")
_PERPAGE = re.compile(r"(?:<perpage>\s*|perPage\s*[:=]\s*)(\d+)")


def with_page(url: str, page: int) -> str:
    p = urlparse(url)
    q = [(k, v) for k, v in parse_qsl(p.query, keep_blank_values=True) if k != "page"]
    return urlunparse(p._replace(query=urlencode([("page", str(page)), *q])))


class HanwebAdapter(CmsAdapter):
    family = "hanweb"

    @classmethod
    def detect(cls, url: str, body: str) -> bool:
        return "<datastore>" in body or "dataproxy.jsp" in url or "/jpage/" in body

    def parse_list(self, url: str, body: str, content_type: str = "") -> ListPage:
        records = _RECORD.findall(body)
        if not records:  # an ordinary HTML list (sub-column pages, older templates)
            return super().parse_list(url, body, content_type)
        page = ListPage()
        for rec in records:
            page.links.extend(anchor_links(parse_html(f"<div>{rec}</div>"), url))
        m = _NEXTGROUP.search(body)
        proxy = urljoin(url, m.group(1)) if m else (url if "dataproxy.jsp" in url else None)
        if proxy:
            total = _TOTALPAGE.search(body)
            if total:
                pages = int(total.group(1))
            else:
                rec, per = _TOTALRECORD.search(body), _PERPAGE.search(body)
                pages = -(-int(rec.group(1)) // int(per.group(1))) if rec and per and int(per.group(1)) else 2
            # page 1 is the inline records of the column page; the proxy serves the rest.
            page.more = [with_page(proxy, n) for n in range(2, pages + 1)]
        page.more.extend(next_links(parse_html(body), url) if "<html" in body[:2000].lower() else [])
        return page
