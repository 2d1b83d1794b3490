"""TRS WCM: createPageHTML(count, index, "index", "html") → index.html, index_1.html, … index_{count-1}.html."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from scrapers.cms.base import CmsAdapter, ListPage, anchor_links, next_links, parse_html

_CALL = re.compile(r"createPageHTML\s*\(([^)]*)\)")
_PLAIN = re.compile(r"[\w-]+")
_DETAIL = re.compile(r"/t\d{8}_\d+\.s?html?$")


def page_urls(url: str, body: str) -> list[str]:
    out = []
    for call in _CALL.finditer(body):
        args = [a.strip().strip("'\"") for a in call.group(1).split(",")]
        ints = [int(a) for a in args if a.isdigit()]
        exts = [i for i, a in enumerate(args) if a in ("html", "shtml", "htm")]
        if len(ints) < 2 or not exts:
            continue
        count, ext_i = ints[0], exts[0]
        prefix, ext = args[ext_i - 1], args[ext_i]
        first = urljoin(url, f"{prefix}.{ext}")
        out.append(first)
        if _PLAIN.fullmatch(prefix) and first.endswith(f"/{prefix}.{ext}"):  # siblings: no urljoin per page
            stem = first[:-len(ext) - 1]
            out.extend(f"{stem}_{k}.{ext}" for k in range(1, count))
        else:
            out.extend(urljoin(url, f"{prefix}_{k}.{ext}") for k in range(1, count))
    return out


class TrsAdapter(CmsAdapter):
    family = "trs"

    @classmethod
    def detect(cls, url: str, body: str) -> bool:
        return "createPageHTML" in body or "TRS_Editor" in body or bool(re.search(r"t\d{8}_\d+\.s?html", body))

    def parse_list(self, url: str, body: str, content_type: str = "") -> ListPage:
        doc = parse_html(body)
        links = anchor_links(doc, url)
        return ListPage(links, page_urls(url, body) + next_links(doc, url))
