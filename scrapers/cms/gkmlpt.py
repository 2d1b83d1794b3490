"""Guangdong gkmlpt: the column page is a JS shell; records come from /gkmlpt/api/all/{cat}?page=N&sid=…"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlparse

from scrapers.cms.base import CmsAdapter, Link, ListPage
from scrapers.cms.hanweb import with_page

_SID = re.compile(r"\bsid['\"]?\s*[:=]\s*['\"]?(\d+)", re.I)
_CAT = re.compile(r"\b(?:column|catId|cat_id|TREE_ID)['\"]?\s*[:=]\s*['\"]?(\d+)", re.I)


class GkmlptAdapter(CmsAdapter):
    family = "gkmlpt"

    @classmethod
    def detect(cls, url: str, body: str) -> bool:
        return "/gkmlpt/" in url or "gkmlpt" in body[:20000]

    def parse_list(self, url: str, body: str, content_type: str = "") -> ListPage:
        if "/gkmlpt/api/" in urlparse(url).path or body.lstrip().startswith("{"):
            return self._api(url, body)
        page = super().parse_list(url, body, content_type)
        sid, cat = _SID.search(body), _CAT.search(body)
        if sid and cat:
            root = url.split("/gkmlpt/")[0] + "/gkmlpt/" if "/gkmlpt/" in url else urljoin(url, "/gkmlpt/")
            page.more.append(f"{root}api/all/{cat.group(1)}?page=1&sid={sid.group(1)}")
        return page

    def _api(self, url: str, body: str) -> ListPage:
        try:
            data = json.loads(body)
        except json.JSONDecodeError:
            return ListPage()
        page = ListPage()
        for art in data.get("articles") or []:
            if art.get("url") and art.get("title"):
                page.links.append(Link(urljoin(url, art["url"]), art["title"],
                                       art.get("first_publish_time") or art.get("publish_time")))
        size = int(data.get("page_size") or len(data.get("articles") or []) or 1)
        pages = -(-int(data.get("total") or 0) // size)
        page.more = [with_page(url, n) for n in range(2, pages + 1)]
        return page
