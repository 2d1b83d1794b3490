"""Heilongjiang province platform (hailin.gov.cn, harbin.gov.cn): /{site}/c{col}/zfxxgk_list.shtml.

Paging: zfxxgk_list_2.shtml … announced by a `totalPage`/`pageCount` script variable or 下一页 links.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from scrapers.cms.base import CmsAdapter, ListPage, anchor_links, next_links, parse_html

_LIST = re.compile(r"/(zfxxgk_(?:zc)?list)(?:_\d+)?\.shtml")
_TOTAL = re.compile(r"(?:totalPage|pageCount|countPage)\s*[:=]\s*['\"]?(\d+)")


class HljAdapter(CmsAdapter):
    family = "hlj"

    @classmethod
    def detect(cls, url: str, body: str) -> bool:
        return bool(_LIST.search(url)) or "zfxxgk_list" in body or bool(re.search(r"/c0\d_\d+\.shtml", body))

    def parse_list(self, url: str, body: str, content_type: str = "") -> ListPage:
        doc = parse_html(body)
        page = ListPage(anchor_links(doc, url), next_links(doc, url))
        m, total = _LIST.search(url), _TOTAL.search(body)
        if m and total:
            stem = m.group(1)
            page.more.extend(urljoin(url, f"{stem}_{k}.shtml") for k in range(2, int(total.group(1)) + 1))
        return page
