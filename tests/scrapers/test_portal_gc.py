"""The portal spider's collector scope: raised young threshold and frozen start-up objects during the crawl,
the process's own settings restored once the spider has closed (a long-lived process is unaffected)."""

from __future__ import annotations

import gc

import pytest
from scrapy.utils.test import get_crawler

from scrapers.spiders.portal import PortalSpider
from transforms.batching import YOUNG_THRESHOLD

SITE = "id: gc-test\nname: 测试县\ncms: generic\nstart_urls: ['http://127.0.0.1:9/']\nallowed_hosts: ['127.0.0.1']\n"


def _spider(tmp_path, **settings):
    site = tmp_path / "site.yaml"
    site.write_text(SITE, encoding="utf-8")
    crawler = get_crawler(PortalSpider, settings_dict={"GONGKAI_CLEAN": False, **settings})
    return PortalSpider.from_crawler(crawler, site_file=str(site), archive=str(tmp_path / "archive"))


@pytest.mark.parametrize("enabled", [True, False])
def test_gc_scope_lasts_from_open_to_close(tmp_path, enabled):
    before = gc.get_threshold()
    spider = _spider(tmp_path, GONGKAI_GC_BATCH=enabled)
    spider._opened()
    try:
        if enabled:
            assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
            assert gc.get_freeze_count() > 0
        else:
            assert gc.get_threshold() == before
            assert gc.get_freeze_count() == 0
    finally:
        spider.closed("finished")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
