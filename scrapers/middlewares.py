"""Downloader middlewares that Scrapy lacks; everything else is Scrapy's own (see settings.py).

- OfficialHostMiddleware: only `*.gov.cn` and the site's allowlist may be fetched — mirrors and offsite
  redirects (RedirectMiddleware re-schedules the new URL, which passes through here again) are refused
  with a reason before any connection is made.
- RetryBackoffMiddleware: Scrapy retries without waiting; this waits base·2^(n-1) s before retry n.
- FaultRecorderMiddleware: a response that RetryMiddleware is about to retry (500 then success) is archived
  as a transient fault, so the archive shows it even when the retry succeeds. It includes the retry backoff
  (the settings enable it alone, not RetryBackoffMiddleware as well).
- ChallengeMiddleware: anti-bot pages (412/521, JS cookie challenges, tiny script-only pages) are marked
  blocked and kept out of the HTTP cache; the spider archives them as `blocked`, never as reports.
- GbEncodingMiddleware: GB labels decode as GB18030; undeclared or mislabeled pages try utf-8 then gb18030
  (Scrapy's own detection misreads short GBK pages as cp949/big5).
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

GB_LABELS = {"gb2312", "gbk", "gb18030", "gb_2312-80", "x-gbk", "cp936", "csgb2312", "chinese", "euc-cn"}
_CHALLENGE_MARKERS = re.compile(
    r"__jsl_clearance|acw_sc__v2|_waf_|jsl_tc|anti[-_]?bot|slider[-_]?captcha|安全验证|请开启\s*JavaScript|"
    r"请启用\s*JavaScript|Please enable JavaScript|检测到您的访问异常|访问验证|人机验证", re.I)
# Every marker above contains one of these (as UTF-8 bytes, ASCII-lowercased): a page with none of them cannot
# match, so the costly case-insensitive alternation (~0.8 ms on a 20 kB head) only runs on the rare page that
# has one. Keep in step with _CHALLENGE_MARKERS.
_MARKER_HINTS = tuple(h.encode("utf-8") for h in (
    "jsl_", "acw_sc__v2", "_waf_", "anti", "captcha", "验证", "请开启", "请启用", "please enable", "检测到您的访问异常"))
# Each hint is all ASCII or all non-ASCII bytes, so it is searched only in the page's bytes of its kind (the
# other kind deleted): an occurrence is contiguous bytes of one kind and stays contiguous, so no hint found in
# the page is missed; a spurious joint only costs the exact regex. Each scan covers part of the page (~40 µs
# of ~90 on a 16 kB report page).
_ASCII_HINTS = tuple(h for h in _MARKER_HINTS if h.isascii())
_NON_ASCII_HINTS = tuple(h for h in _MARKER_HINTS if not h.isascii())
assert all(min(h) >= 0x80 for h in _NON_ASCII_HINTS), "a hint mixes ASCII and non-ASCII bytes"
_ASCII_BYTES = bytes(range(128))
_NON_ASCII_BYTES = bytes(range(128, 256))
_SCRIPT = re.compile(rb"<script\b.*?</script\s*>", re.I | re.S)
_TAGS = re.compile(rb"<[^>]+>")


class OffsiteRefused(IgnoreRequest):
    """A request to a host that is neither *.gov.cn nor on the site's allowlist."""


class Blocked(IgnoreRequest):
    """An anti-bot challenge page."""


def host_allowed(host: str | None, allowed: list[str] | tuple[str, ...], official_suffixes=(".gov.cn",)) -> bool:
    if not host:
        return False
    host = host.lower().rstrip(".")
    if any(host.endswith(s) or host == s.lstrip(".") for s in official_suffixes):
        return True
    return any(host == h.lower() or host.endswith("." + h.lower()) for h in allowed)


def _site_hosts(crawler: Crawler, request: Request) -> list[str]:
    spider = crawler.spider
    sites = getattr(spider, "site_by_id", {}) or {}
    site = sites.get(request.meta.get("site"))
    if site is not None:
        return list(site.allowed_hosts)
    return [h for s in sites.values() for h in s.allowed_hosts]


class _CrawlerMixin:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler):
        return cls(crawler)


class OfficialHostMiddleware(_CrawlerMixin):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.suffixes = tuple(crawler.settings.getlist("GONGKAI_OFFICIAL_SUFFIXES", [".gov.cn"]))

    def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).hostname
        allowed = _site_hosts(self.crawler, request)
        if host_allowed(host, allowed, self.suffixes):
            return None
        self.crawler.stats.inc_value("gongkai/offsite_refused")
        via = request.meta.get("redirect_urls")
        what = f"redirect from {via[0]} to" if via else "request to"
        raise OffsiteRefused(f"{what} {host!r} refused: not an official host (*.gov.cn) nor in the site "
                             f"allowlist {allowed}")


class RetryBackoffMiddleware(_CrawlerMixin):
    async def process_request(self, request: Request) -> None:
        n = int(request.meta.get("retry_times", 0))
        if n > 0:
            base = self.crawler.settings.getfloat("GONGKAI_RETRY_BACKOFF", 1.0)
            cap = self.crawler.settings.getfloat("GONGKAI_RETRY_BACKOFF_MAX", 60.0)
            await asyncio.sleep(min(cap, base * 2 ** (n - 1)))
        return None


class FaultRecorderMiddleware(RetryBackoffMiddleware):
    """Sits just outside RetryMiddleware (process_response runs before it) to archive transient errors.

    It also waits before a retry (RetryBackoffMiddleware's process_request): settings.py enables this one
    class at 560 instead of both — one middleware less for every request and response to pass through. No
    built-in middleware has a process_request between 540 (where RetryBackoffMiddleware sat) and 560, so the
    wait happens at the same point of the chain."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.retry_codes = frozenset(int(c) for c in crawler.settings.getlist("RETRY_HTTP_CODES"))

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status in self.retry_codes and not request.meta.get("dont_retry"):
            spider = self.crawler.spider
            n = int(request.meta.get("retry_times", 0)) + 1
            maxn = int(request.meta.get("max_retry_times", self.crawler.settings.getint("RETRY_TIMES")))
            # the final failed attempt reaches the spider's callback, which records it; only retried ones here
            if hasattr(spider, "record_fault") and n <= maxn:
                spider.record_fault(request, {
                    "kind": "http_error", "transient": True,
                    "reason": f"{response_status_message(response.status)} on attempt {n}, retrying"},
                    response=response)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        spider = self.crawler.spider
        if isinstance(exception, IgnoreRequest) or not hasattr(spider, "record_fault"):
            return None
        n = int(request.meta.get("retry_times", 0)) + 1
        maxn = int(request.meta.get("max_retry_times", self.crawler.settings.getint("RETRY_TIMES")))
        if n <= maxn:  # the final failure reaches the spider's errback; earlier attempts are recorded here
            kind, reason = classify_exception(exception)
            spider.record_fault(request, {"kind": kind, "transient": True,
                                          "reason": f"{reason} on attempt {n}, retrying"})
        return None


def classify_exception(exc: BaseException) -> tuple[str, str]:
    """Name a download failure for the manifest: (kind, human reason)."""
    name = type(exc).__name__
    text = str(exc) or name
    if isinstance(exc, OffsiteRefused):
        return "offsite", text
    if isinstance(exc, Blocked):
        return "blocked", text
    if isinstance(exc, IgnoreRequest):
        if "robots.txt" in text:
            return "robots", "forbidden by robots.txt"
        return "ignored", text
    if "Timeout" in name or "timed out" in text.lower() or "took longer than" in text:
        return "timeout", f"{name}: {text}"
    if "DataLoss" in text or "PotentialDataLoss" in text or ("ResponseFailed" in name and "Loss" in text):
        return "truncated", f"body shorter than Content-Length ({name}: {text[:200]})"
    if "maxsize" in text.lower() or "Cancelled" in name:
        return "too_large", f"{name}: {text[:200]}"
    if "DNS" in name or "ConnectionRefused" in name or "ConnectError" in name or "NoRoute" in name:
        return "connection", f"{name}: {text[:200]}"
    return "download_error", f"{name}: {text[:200]}"


def challenge_reason(response: Response) -> str | None:
    """Why a response looks like an anti-bot challenge rather than content (None if it does not)."""
    if response.status in (412, 521):
        return f"HTTP {response.status}: typical anti-bot challenge status"
    ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    if "html" not in ctype and not response.body[:200].lstrip().lower().startswith((b"<!doctype", b"<html", b"<script")):
        return None
    body = response.body
    if len(body) > 60_000:  # challenge pages are small; report pages are not (keeps this off the hot path)
        return None
    raw = body[:20_000]
    if _has_marker_hint(raw):
        m = _CHALLENGE_MARKERS.search(raw.decode("utf-8", "ignore"))
        if m:
            return f"challenge marker {m.group(0)!r} in page"
    scripts = _SCRIPT.findall(body) if len(body) < 8000 else []
    if scripts:
        visible = _TAGS.sub(b"", _SCRIPT.sub(b"", body)).strip()
        if len(visible) < 40:
            js = b" ".join(scripts).lower()
            # cookie-setting or eval'd script = challenge; a bare location redirect is an ordinary JS redirect
            if b"document.cookie" in js or b"eval(" in js:
                return "tiny script-only page setting a cookie by JS (JS challenge)"
    return None


def _has_marker_hint(raw: bytes) -> bool:
    """Whether any of _MARKER_HINTS occurs in `raw` ASCII-lowercased (the hints themselves are lowercase)."""
    ascii_part = raw.translate(None, _NON_ASCII_BYTES).lower()
    if any(h in ascii_part for h in _ASCII_HINTS):
        return True
    non_ascii_part = raw.translate(None, _ASCII_BYTES)
    return any(h in non_ascii_part for h in _NON_ASCII_HINTS)


class ChallengeMiddleware(_CrawlerMixin):
    """Runs before HttpCacheMiddleware's process_response so challenge pages are never cached."""

    def process_response(self, request: Request, response: Response) -> Response:
        reason = challenge_reason(response)
        if reason:
            request.meta["dont_cache"] = True
            request.meta["gongkai_blocked"] = reason
            self.crawler.stats.inc_value("gongkai/blocked")
        return response


def declared_encoding(response: TextResponse) -> str | None:
    try:
        return response._declared_encoding()  # header, BOM or <meta>: Scrapy's own lookup
    except Exception:  # pragma: no cover - defensive: private API
        return None


class GbEncodingMiddleware(_CrawlerMixin):
    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse):
            return response
        declared = (declared_encoding(response) or "").lower()
        body = response.body
        if declared in GB_LABELS or declared.replace("_", "-") in GB_LABELS:
            return response.replace(encoding="gb18030")
        if declared in ("", "utf-8", "utf8", "cp1252", "latin-1", "iso-8859-1", "ascii"):
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                try:
                    body.decode("gb18030")
                except UnicodeDecodeError:
                    return response
                request.meta["gongkai_encoding_fix"] = f"declared {declared or 'nothing'}; decoded as gb18030"
                return response.replace(encoding="gb18030")
            if declared == "":
                response = response.replace(encoding="utf-8")
            if declared in ("", "utf-8", "utf8"):
                _keep_text(response, body, text)
        return response


def _keep_text(response: TextResponse, body: bytes, text: str) -> None:
    """Hand the UTF-8 decode just done to `response.text`, which would decode the body again (same result:
    valid UTF-8 without a BOM decodes identically; Scrapy's private cache, so only if it is there and empty)."""
    if (getattr(response, "_cached_ubody", "") is None and not body.startswith(b"\xef\xbb\xbf")
            and response.encoding.replace("_", "-").lower() in ("utf-8", "utf8")):
        response._cached_ubody = text
