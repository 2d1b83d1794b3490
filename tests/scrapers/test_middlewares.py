"""Middlewares on real Scrapy responses: GB decoding, challenge detection, the official-host rule."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.utils.test import get_crawler

from scrapers.middlewares import (
    ChallengeMiddleware,
    GbEncodingMiddleware,
    OfficialHostMiddleware,
    OffsiteRefused,
    challenge_reason,
    classify_exception,
    host_allowed,
)
from scrapers.spiders.portal import PortalSpider

GB_TEXT = "海林市2020年度政府信息公开工作年度报告：镕（GB18030 beyond GB2312）"


def _html(body: bytes, url="http://www.a.gov.cn/x.html", ctype=b"text/html", status=200, cls=HtmlResponse):
    req = Request(url)
    return cls(url, body=body, headers={"Content-Type": ctype}, status=status, request=req), req


def _mw(cls):
    return cls.from_crawler(get_crawler(PortalSpider))


@pytest.mark.parametrize("ctype,meta", [
    (b"text/html", b""),                                  # nothing declared, short GBK page
    (b"text/html; charset=utf-8", b""),                   # mislabeled as utf-8
    (b"text/html", b'<meta charset="gb2312">'),            # GB2312 label, GB18030 character
    (b"text/html; charset=GBK", b""),
])
def test_gb_pages_decode_as_gb18030(ctype, meta):
    body = b"<html><head>" + meta + b"</head><body><p>" + GB_TEXT.encode("gb18030") + b"</p></body></html>"
    resp, req = _html(body, ctype=ctype)
    out = _mw(GbEncodingMiddleware).process_response(req, resp)
    assert GB_TEXT in out.text


def test_utf8_pages_untouched():
    body = ("<html><body>" + GB_TEXT + "</body></html>").encode("utf-8")
    resp, req = _html(body)
    out = _mw(GbEncodingMiddleware).process_response(req, resp)
    assert GB_TEXT in out.text and "gongkai_encoding_fix" not in req.meta


def test_binary_responses_pass_through():
    resp, req = _html(b"%PDF-1.4 \xff\xfe", ctype=b"application/pdf", cls=Response)
    assert _mw(GbEncodingMiddleware).process_response(req, resp) is resp


@pytest.mark.parametrize("body,status,blocked", [
    (b"<html><script>document.cookie='__jsl_clearance=1';location.href=location.href</script></html>", 200, True),
    (b"<html><script>var a=eval('x');document.cookie=a;</script><body></body></html>", 200, True),
    (b"<html><body>blocked</body></html>", 412, True),
    (b"<html><body></body></html>", 521, True),
    (b"<html><body><p>\xe8\xaf\xb7\xe5\xbc\x80\xe5\x90\xaf JavaScript</p></body></html>", 200, True),
    (b"<html><head><script src='/jquery.js'></script></head><body>" + "正文".encode() * 40 + b"</body></html>",
     200, False),
    (b"<?xml version='1.0'?><datastore><recordset></recordset></datastore>", 200, False),
])
def test_challenge_detection(body, status, blocked):
    resp, req = _html(body, status=status, cls=TextResponse if body.startswith(b"<?xml") else HtmlResponse,
                      ctype=b"text/xml" if body.startswith(b"<?xml") else b"text/html")
    assert (challenge_reason(resp) is not None) is blocked
    _mw(ChallengeMiddleware).process_response(req, resp)
    assert bool(req.meta.get("gongkai_blocked")) is blocked
    assert bool(req.meta.get("dont_cache")) is blocked  # challenge pages never reach the HTTP cache


@pytest.mark.parametrize("host,allowed,ok", [
    ("www.hailin.gov.cn", [], True), ("hailin.gov.cn", [], True), ("gov.cn.haose21.com", [], False),
    ("www.haose21.com", ["www.hailin.gov.cn"], False), ("127.0.0.1", ["127.0.0.1"], True),
    ("sub.example.org", ["example.org"], True), ("badexample.org", ["example.org"], False), (None, [], False),
])
def test_host_allowed(host, allowed, ok):
    assert host_allowed(host, allowed) is ok


def test_official_host_guard_refuses_mirror_redirect_with_reason():
    crawler = get_crawler(PortalSpider)
    crawler.spider = PortalSpider(start_url="http://www.hailin.gov.cn/a/", allowed_hosts="cdn.hailin.net")
    mw = OfficialHostMiddleware.from_crawler(crawler)
    site = crawler.spider.sites[0].id
    assert mw.process_request(Request("http://www.hailin.gov.cn/x", meta={"site": site})) is None
    assert mw.process_request(Request("http://cdn.hailin.net/f.pdf", meta={"site": site})) is None
    req = Request("http://www.haose21.com/x", meta={"site": site, "redirect_urls": ["http://www.hailin.gov.cn/x"]})
    with pytest.raises(OffsiteRefused) as err:
        mw.process_request(req)
    assert "redirect from http://www.hailin.gov.cn/x" in str(err.value) and "haose21" in str(err.value)
    assert classify_exception(err.value)[0] == "offsite"


def test_fault_recorder_waits_before_a_retry_like_retry_backoff(monkeypatch):
    import asyncio

    from scrapers import middlewares, settings
    from scrapers.middlewares import FaultRecorderMiddleware

    waits = []

    async def fake_sleep(s):
        waits.append(s)

    monkeypatch.setattr(middlewares.asyncio, "sleep", fake_sleep)
    mw = _mw(FaultRecorderMiddleware)
    for n in (0, 1, 3):
        asyncio.run(mw.process_request(Request("http://www.a.gov.cn/x", meta={"retry_times": n})))
    assert waits == [1.0, 4.0]
    assert "scrapers.middlewares.RetryBackoffMiddleware" not in settings.DOWNLOADER_MIDDLEWARES  # no double wait


def test_marker_hint_prefilter_misses_no_hint():
    import random

    from scrapers.middlewares import _CHALLENGE_MARKERS, _MARKER_HINTS, _has_marker_hint

    rnd = random.Random(6)
    pieces = [h.decode() for h in _MARKER_HINTS] + ["JSL_", "Anti-Bot", "CAPTCHA", "Please Enable JavaScript",
                                                     "安全", "验", "证", "请", "开启", "an", "ti", "_", "<p>", "年度报告",
                                                     "\u00e9", "x" * 50, "政府信息公开"]
    for _ in range(3000):
        raw = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))).encode(rnd.choice(["utf-8", "gb18030"]))
        if any(h in raw.lower() for h in _MARKER_HINTS):  # what the prefilter must find (it may find more:
            assert _has_marker_hint(raw), raw            # the exact regex decides then)
        if _CHALLENGE_MARKERS.search(raw.decode("utf-8", "ignore")):
            assert _has_marker_hint(raw)  # the prefilter never hides a marker
