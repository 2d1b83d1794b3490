"""Fallback for unknown portals: follow every link on the column page plus 下一页-style paging."""

from __future__ import annotations

from scrapers.cms.base import CmsAdapter


class GenericAdapter(CmsAdapter):
    family = "generic"

    @classmethod
    def detect(cls, url: str, body: str) -> bool:
        return True
