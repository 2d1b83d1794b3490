"""Thin adapters per CMS family (report-format.md §8): how list pages list records and page onward.

Every adapter turns one list-ish response (column page, paging reply, JSON API reply) into links to
candidate records plus further list URLs. The spider decides what is a report; adapters only read markup.
"""

from __future__ import annotations

from scrapers.cms.base import CmsAdapter, Link, ListPage
from scrapers.cms.generic import GenericAdapter
from scrapers.cms.gkmlpt import GkmlptAdapter
from scrapers.cms.hanweb import HanwebAdapter
from scrapers.cms.hlj import HljAdapter
from scrapers.cms.trs import TrsAdapter

ADAPTERS: dict[str, type[CmsAdapter]] = {
    "hanweb": HanwebAdapter,
    "trs": TrsAdapter,
    "hlj": HljAdapter,
    "gkmlpt": GkmlptAdapter,
    "generic": GenericAdapter,
}
# Detection order: the most specific markers first, the link-following fallback last.
DETECT_ORDER = ("hanweb", "gkmlpt", "hlj", "trs", "generic")


def get_adapter(family: str | None) -> CmsAdapter:
    if family in (None, "", "auto"):
        raise KeyError("family not given; use detect()")
    if family not in ADAPTERS:
        raise KeyError(f"unknown CMS family {family!r}; known: {', '.join(ADAPTERS)}")
    return ADAPTERS[family]()


def detect(url: str, body: str) -> str:
    """Name the CMS family of a page from its URL and markup."""
    for name in DETECT_ORDER:
        if ADAPTERS[name].detect(url, body):
            return name
    return "generic"


__all__ = ["ADAPTERS", "CmsAdapter", "Link", "ListPage", "detect", "get_adapter"]
