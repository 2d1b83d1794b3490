"""The one generic portal spider, driven by the site registry and a CMS-family adapter per site.

Flow per site: column (list) pages → adapter → links classified by title (reports, sub-columns, skipped
解读/图解/格式 look-alikes) → detail pages → attachments. Every fetch is archived as raw bytes before anything
parses it, with one manifest row (scrapers/archive.py); detail rows also point to a cleaned copy (chrome
and junk tokens stripped, see scrapers/cleaning.py). Faults are rows too, each with a kind and a reason.

Arguments (``scrapy crawl portal -a key=value``): site=ID[,ID|all|demo], site_file=PATH, start_url=URL,
cms=FAMILY, allowed_hosts=H1,H2, base_url=URL (demo sites), years=2019-2024, archive=DIR, run_id=STR.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import time
import uuid
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime
from email.message import Message
from html import unescape as html_unescape
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

import scrapy
from scrapy import signals
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.response import response_status_message

from scrapers.archive import ArchiveWriter, atomic_write, blob_path, read_blob, sha256_hex
from scrapers.cleaning import clean_page, detect_noise_tokens, load_lexicon
from scrapers.cms import detect, get_adapter
from scrapers.middlewares import classify_exception
from scrapers.reports import classify_title, is_attachment_url
from scrapers.sites import Site, resolve_sites
from transforms.batching import batch_gc

KEEP_HEADERS = ("content-type", "content-length", "last-modified", "etag", "content-disposition", "location",
                "content-encoding", "date")
_KEEP = frozenset(KEEP_HEADERS)
LEARNED_TOKENS = "noise_learned.json"


def _repeating_path(url: str) -> bool:
    """/a/b/a/b/a/b/… — the classic relative-link crawl trap."""
    parts = [p for p in urlparse(url).path.split("/") if p]
    for n in (1, 2, 3):
        for i in range(len(parts) - 3 * n + 1):
            if parts[i:i + n] == parts[i + n:i + 2 * n] == parts[i + 2 * n:i + 3 * n]:
                return True
    return False


_A_TAG = re.compile(r"<a\b[^>]*?\bhref\s*=\s*[\"']?([^\"'\s>]+)[^>]*>(.*?)</a\s*>", re.I | re.S)
_TAGS = re.compile(r"<[^>]+>")
_ATTACH_HINT = re.compile(r"\.(?:pdf|docx?|wps|xlsx?|et)(?:$|[?#&])|downfile|download", re.I)


def attachment_links(html_text: str) -> list[tuple[str, str]]:
    """(href, link text) of links that look like attachments — a regex scan instead of a DOM parse, since
    this runs on every detail page while fetching (cleaning parses the page later, once)."""
    out = []
    for m in _A_TAG.finditer(html_text):
        href = html_unescape(m.group(1).strip())
        if _ATTACH_HINT.search(href):
            out.append((href, " ".join(html_unescape(_TAGS.sub("", m.group(2))).split())))
    return out


_TITLES = [re.compile(r"<meta[^>]+name=[\"']?ArticleTitle[\"']?[^>]+content=[\"']([^\"']+)", re.I),
           re.compile(r"<h1[^>]*>(.*?)</h1>", re.I | re.S), re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)]


_JS_REDIRECT = re.compile(r"(?:window\.|top\.|self\.)?location(?:\.href)?\s*=\s*['\"]([^'\"]+)['\"]"
                          r"|location\.replace\(\s*['\"]([^'\"]+)['\"]", re.I)


def js_redirect(html_text: str) -> str | None:
    """The target of a tiny page whose only content is a script redirect, else None."""
    if len(html_text) > 3000:
        return None
    visible = _TAGS.sub("", re.sub(r"(?is)<script\b.*?</script>", "", html_text)).strip()
    if len(visible) > 40:
        return None
    m = _JS_REDIRECT.search(html_text)
    return (m.group(1) or m.group(2)) if m else None


def page_title(html_text: str) -> str | None:
    """ArticleTitle meta, else <h1>, else <title>."""
    head = html_text[:200_000]
    for rx in _TITLES:
        m = rx.search(head)
        if m:
            t = " ".join(html_unescape(_TAGS.sub("", m.group(1))).split())
            if t:
                return t
    return None


def attachment_filename(response: Response) -> str:
    """The server's file name — metadata only, never used as a path."""
    cd = (response.headers.get(b"Content-Disposition") or b"")
    if cd:
        try:
            raw = cd.decode("utf-8")
        except UnicodeDecodeError:
            raw = cd.decode("gb18030", "replace")
        msg = Message()
        msg["content-disposition"] = raw
        name = msg.get_filename()
        if name:  # keep the last path component only: "../x.pdf" or "a\\b.pdf" stay plain names
            return unquote(name).replace("\\", "/").rsplit("/", 1)[-1]
    return unquote(PurePosixPath(urlparse(response.url).path).name)


class PortalSpider(scrapy.Spider):
    name = "portal"
    # Error statuses reach the callbacks so they are archived as faults (3xx stay with RedirectMiddleware).
    handle_httpstatus_list = [400, 401, 403, 404, 405, 408, 410, 412, 429, 500, 502, 503, 504, 521, 522, 524]

    def __init__(self, site: str | None = None, site_file: str | None = None, start_url: str | None = None,
                 cms: str | None = None, allowed_hosts: str | None = None, base_url: str | None = None,
                 years: str | None = None, archive: str | None = None, run_id: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sites: list[Site] = resolve_sites(site, site_file, start_url, cms, allowed_hosts, base_url, years)
        self.site_by_id = {s.id: s for s in self.sites}
        self.archive_dir = archive
        self.run_id = run_id or uuid.uuid4().hex[:12]
        self.counts: dict[str, Counter] = {s.id: Counter() for s in self.sites}
        self.list_seen: dict[str, set[str]] = {s.id: set() for s in self.sites}
        self.to_clean: list[dict[str, Any]] = []  # detail rows whose pages get cleaned at the end
        self.t_open = time.monotonic()
        self.cpu_open = time.process_time()
        self.archive: ArchiveWriter | None = None
        self.learned_tokens: list[str] = []
        # One bound method per callback for the whole crawl. Scrapy memoizes its check of each callback's
        # source (warn_on_generator_with_return_value: inspect.getsource + ast.parse, ~0.5 ms) in a weak-keyed
        # cache; a fresh bound method per request drops out of it whenever no request in flight holds an equal
        # one, and the source is parsed again. Requests still name spider methods (serializable as before).
        for name in ("parse_list", "parse_detail", "parse_attachment", "on_error"):
            setattr(self, name, getattr(self, name))

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        root = spider.archive_dir or crawler.settings.get("GONGKAI_ARCHIVE")
        spider.archive = ArchiveWriter(root, sync_every=1.0)
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        learned = Path(root) / LEARNED_TOKENS
        if learned.exists():
            spider.learned_tokens = sorted(json.loads(learned.read_text(encoding="utf-8")))
        return spider

    def _opened(self, spider=None) -> None:
        # The crawl is one long batch of short-lived objects (requests, responses, deferreds, manifest rows):
        # with CPython's default collector settings, young and full passes over every object alive since the
        # imports (Scrapy, Twisted, lxml) took ~14% of the crawl's CPU (measured: 0.8 s of 5.7 s for 2,100
        # pages). The objects alive at spider open are frozen and young passes run less often, until
        # `closed` has cleaned the pages (transforms/batching.py says why this is safe).
        self._gc_scope = ExitStack()
        if self.crawler.settings.getbool("GONGKAI_GC_BATCH", True):
            self._gc_scope.enter_context(batch_gc())
        self.cpu_open = time.process_time()  # CPU seconds of the crawl phase (benchmarks/crawl_speed.py)
        if self.archive is not None:  # manifest rows are buffered: write them out at least once a second
            from twisted.internet.task import LoopingCall

            self._flusher = LoopingCall(self.archive.flush)
            self._flusher.start(1.0, now=False)

    # ------------------------------------------------------------------ requests

    async def start(self):
        for site in self.sites:
            self.logger.info("site %s (%s, cms=%s): %s", site.id, site.name, site.cms or "auto", site.start_urls)
            for url in site.start_urls:
                req = self._list_request(url, site, site.cms, parent=None)
                if req is not None:
                    yield req

    def _meta(self, site: Site, role: str, **extra: Any) -> dict[str, Any]:
        return {"site": site.id, "role": role, **extra}

    def _list_request(self, url: str, site: Site, family: str | None, parent: str | None) -> Request | None:
        seen = self.list_seen[site.id]
        if url in seen:
            return None
        if _repeating_path(url):
            self.record_fault_url(url, site, "list_page", parent, {
                "kind": "trap_guard", "reason": "repeating path segments (relative-link crawl trap); not followed"})
            return None
        if len(seen) >= site.max_list_pages:
            self.record_fault_url(url, site, "list_page", parent, {
                "kind": "trap_guard",
                "reason": f"list-page limit {site.max_list_pages} reached for site {site.id}; not followed"})
            return None
        seen.add(url)
        return Request(url, callback=self.parse_list, errback=self.on_error,
                       meta=self._meta(site, "list_page", family=family, parent_url=parent, dont_cache=True))

    def _site(self, response_or_request) -> Site:
        return self.site_by_id[response_or_request.meta["site"]]

    # ------------------------------------------------------------------ archive helpers

    def _base_row(self, response: Response, role: str) -> dict[str, Any]:
        req = response.request
        meta = response.meta
        urls = meta.get("redirect_urls") or []
        headers = {}
        for k, v in response.headers.items():  # one pass (a lookup per kept name normalizes each name)
            name = k.decode("latin-1").lower()
            if name in _KEEP and v:
                headers[name] = v[-1].decode("latin-1")
        return {
            "url": urls[0] if urls else (req.url if req is not None else response.url),
            "final_url": response.url, "status": response.status, "headers": headers,
            "site": meta.get("site"), "role": role, "parent_url": meta.get("parent_url"),
            "title": meta.get("title"), "year": meta.get("year"),
            "content_type": headers.get("content-type"), "cached": "cached" in response.flags,
            "run_id": self.run_id, "depth": meta.get("depth"),
        }

    def _archive(self, response: Response, role: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """Store the bytes first; return the manifest row (not yet written) and a fault if any."""
        sha = self.archive.put(response.body)
        row = self._base_row(response, role)
        row.update(sha256=sha, bytes=len(response.body))
        fault = None
        if response.meta.get("gongkai_blocked"):
            fault = {"kind": "blocked", "reason": response.meta["gongkai_blocked"]}
            row.update(role="blocked", requested_role=role)
        elif response.status >= 400:
            fault = {"kind": "http_error", "reason": response_status_message(response.status)}
        if response.meta.get("gongkai_encoding_fix"):
            row["encoding_note"] = response.meta["gongkai_encoding_fix"]
        row["fault"] = fault
        return row, fault

    def _write(self, row: dict[str, Any]) -> dict[str, Any]:
        site = row.get("site")
        c = self.counts.setdefault(site, Counter())
        c["rows"] += 1
        if row.get("fault"):
            c[f"fault:{row['fault']['kind']}"] += 1
        return self.archive.record(row)

    def record_fault(self, request: Request, fault: dict[str, Any], response: Response | None = None) -> None:
        """Called by middlewares and errbacks: a fetch that did not produce content."""
        meta = request.meta
        urls = meta.get("redirect_urls") or []
        row = {"url": urls[0] if urls else request.url, "final_url": request.url, "site": meta.get("site"),
               "role": meta.get("role"), "parent_url": meta.get("parent_url"), "title": meta.get("title"),
               "year": meta.get("year"), "fault": fault, "run_id": self.run_id}
        if response is not None:
            row.update(sha256=self.archive.put(response.body), bytes=len(response.body), status=response.status)
        self._write(row)

    def record_fault_url(self, url: str, site: Site, role: str, parent: str | None, fault: dict) -> None:
        self._write({"url": url, "site": site.id, "role": role, "parent_url": parent, "fault": fault,
                     "run_id": self.run_id})

    def on_error(self, failure) -> None:
        request = failure.request
        exc = failure.value
        if isinstance(exc, HttpError):
            row, fault = self._archive(exc.response, request.meta.get("role") or "detail")
            row["fault"] = fault or {"kind": "http_error", "reason": response_status_message(exc.response.status)}
            self._write(row)
            return
        kind, reason = classify_exception(exc)
        self.logger.info("fault %s on %s: %s", kind, request.url, reason)
        self.record_fault(request, {"kind": kind, "reason": reason})

    # ------------------------------------------------------------------ callbacks

    def parse_list(self, response: Response):
        row, fault = self._archive(response, "list_page")
        site = self._site(response)
        family = response.meta.get("family")
        text = response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
        if not fault and not family:
            family = detect(response.url, text)
            row["cms_detected"] = family
            self.logger.info("site %s: CMS family detected as %s from %s", site.id, family, response.url)
        row["cms"] = family
        self._write(row)
        if fault:
            return
        js = js_redirect(text)
        if js:  # a tiny page that only forwards by script (common on column index pages)
            req = self._list_request(response.urljoin(js), site, response.meta.get("family"), response.url)
            if req is not None:
                yield req
            return
        try:
            page = get_adapter(family).parse_list(response.url, text,
                                                  (response.headers.get(b"Content-Type") or b"").decode("latin-1"))
        except Exception as exc:  # noqa: BLE001 - an odd list page must not stop the crawl; record why
            self._write({**row, "fault": {"kind": "parse_error",
                                          "reason": f"{family} adapter failed: {type(exc).__name__}: {exc}"}})
            return
        c = self.counts[site.id]
        for link in page.links:
            kind, year = classify_title(link.title)
            if kind in ("report", "maybe"):
                if not site.allows_year(year):
                    c["skipped:out_of_years"] += 1
                    continue
                meta = self._meta(site, "attachment" if is_attachment_url(link.url) else "detail",
                                  parent_url=response.url, title=link.title, year=year, report=kind == "report",
                                  maybe_report=kind == "maybe", list_date=link.date, family=family)
                cb = self.parse_attachment if meta["role"] == "attachment" else self.parse_detail
                yield Request(link.url, callback=cb, errback=self.on_error, meta=meta)
            elif kind == "column":
                req = self._list_request(link.url, site, family, response.url)
                if req is not None:
                    yield req
            elif kind.startswith("skip"):
                c[f"skipped:{kind[5:]}"] += 1
        for url in page.more:
            req = self._list_request(url, site, family, response.url)
            if req is not None:
                yield req

    def parse_detail(self, response: Response):
        if not isinstance(response, TextResponse):  # a file behind an .html link: keep it as an attachment
            yield from self.parse_attachment(response)
            return
        row, fault = self._archive(response, "detail")
        site = self._site(response)
        row["report"] = bool(response.meta.get("report")) and not fault
        if response.meta.get("maybe_report") and not fault:
            # the list title was cut short: decide on the page's own title
            full = page_title(response.text)
            kind, year = classify_title(full)
            row.update(title=full or row.get("title"), report=kind == "report",
                       year=year if kind == "report" else row.get("year"))
            if kind != "report":
                row["skipped"] = f"full title is not a report ({kind})"
        if not fault:
            row["clean_pending"] = True  # cleaned in one batch at the end (see closed())
        self._write(row)
        if fault or row.get("skipped"):
            return
        self.to_clean.append(row)
        for href, text in attachment_links(response.text):
            url = response.urljoin(href)
            if not is_attachment_url(url) or classify_title(text)[0].startswith("skip"):
                continue
            yield Request(url, callback=self.parse_attachment, errback=self.on_error,
                          meta=self._meta(site, "attachment", parent_url=response.url, title=text or None,
                                          year=response.meta.get("year"), report=False))

    def parse_attachment(self, response: Response):
        row, fault = self._archive(response, "attachment")
        if response.meta.get("role") == "detail":
            row["note"] = "detail link returned a file"
        row["filename"] = attachment_filename(response)
        row["report"] = bool(response.meta.get("report")) and not fault
        if not fault and isinstance(response, TextResponse) and b"<html" in response.body[:1024].lower():
            row["fault"] = {"kind": "not_a_document", "reason": "attachment link returned an HTML page"}
        self._write(row)

    # ------------------------------------------------------------------ cross-page noise pass

    def closed(self, reason: str) -> None:
        """Clean every fetched detail page in one pass, after the crawl.

        Why at the end: the statistical junk-token detector needs all pages of the run anyway, so each page
        is cleaned once with the tokens it finds (no re-clean rows), and the ~5-10 ms of CPU per page stays
        off the reactor while fetching. The fetch row was written when the bytes arrived; the clean row
        (`row_kind: clean`, same url) follows it and wins in `latest_by_url`.
        """
        flusher = getattr(self, "_flusher", None)
        if flusher is not None and flusher.running:
            flusher.stop()
        stats = self.crawler.stats
        if reason != "finished" and self.archive is not None:  # e.g. closespider_pagecount: say what was cut
            self._write({"url": f"run:{self.run_id}", "role": "run", "run_id": self.run_id,
                         "site": ",".join(self.site_by_id),
                         "fault": {"kind": "run_stopped",
                                   "reason": f"crawl stopped early ({reason}); pages still queued were not fetched"}})
        started = stats.get_value("start_time")  # set by CoreStats when the engine opens the spider
        crawl_s = (datetime.now(tz=UTC) - started).total_seconds() if started else time.monotonic() - self.t_open
        stats.set_value("gongkai/crawl_seconds", round(crawl_s, 3))
        stats.set_value("gongkai/crawl_cpu_seconds", round(time.process_time() - self.cpu_open, 3))
        t0, c0 = time.monotonic(), time.process_time()
        try:
            if self.crawler.settings.getbool("GONGKAI_CLEAN", True):
                self.clean_all()
        finally:
            stats.set_value("gongkai/clean_seconds", round(time.monotonic() - t0, 3))
            stats.set_value("gongkai/clean_cpu_seconds", round(time.process_time() - c0, 3))
            stats.set_value("gongkai/pages_cleaned", len(self.to_clean))
            if self.archive is not None:
                self.archive.sync()
            gc_scope = getattr(self, "_gc_scope", None)
            if gc_scope is not None:  # the collector's settings as they were before the spider opened
                gc_scope.close()

    def clean_all(self) -> None:
        if not self.to_clean or self.archive is None:
            return
        root = str(self.archive.root)
        jobs = []
        for row in self.to_clean:
            site = self.site_by_id.get(row.get("site"))
            jobs.append((root, row["sha256"], row["final_url"] or row["url"], tuple(self.learned_tokens),
                         tuple(site.allowed_hosts) if site else ()))
        results = _run_clean_jobs(jobs, self.crawler.settings.getint("GONGKAI_CLEAN_WORKERS", 0))
        done: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for row, res in zip(self.to_clean, results, strict=True):
            if "error" in res:  # a page that fails to clean keeps its raw row; the clean row says why
                self._write({**row, "row_kind": "clean", "clean_pending": False, "clean_error": res["error"]})
            else:
                done.append((row, res))
        places = sorted({s.name for s in self.sites if s.name} | {p for s in self.sites for p in s.place_names})
        found = detect_noise_tokens([res["text_with_noise"] for _, res in done], place_names=places)
        known = set(load_lexicon().get("junk_tokens", [])) | set(self.learned_tokens)
        new = {t: ev for t, ev in found.items() if t not in known}
        if new:
            self.logger.info("statistical noise detector found %s", new)
            self.learned_tokens = sorted(set(self.learned_tokens) | set(new))
            (self.archive.root / LEARNED_TOKENS).write_text(
                json.dumps(self.learned_tokens, ensure_ascii=False, indent=1), encoding="utf-8")
        for row, res in done:
            evidence = {t: new[t] for t in new if t in res["text_with_noise"]}
            if evidence:  # re-clean with the learned tokens (few pages)
                site = self.site_by_id.get(row.get("site"))
                res = _clean_job((root, row["sha256"], row["final_url"] or row["url"], tuple(self.learned_tokens),
                                  tuple(site.allowed_hosts) if site else ()))
            res.pop("text_with_noise", None)
            self._write({**row, "row_kind": "clean", "clean_pending": False, **res,
                         **({"noise_detector": evidence} if evidence else {})})


def _clean_job(job: tuple) -> dict[str, Any]:
    """Clean one archived page; store the cleaned HTML as a blob (atomic, content-addressed: safe from any
    process). Returns the manifest fields, or {"error": …}."""
    root, sha, url, tokens, hosts = job
    try:
        cp = clean_page(read_blob(root, sha), url, extra_tokens=list(tokens), allowed_hosts=hosts)
        html = cp.html.encode("utf-8")
        clean_sha = sha256_hex(html)
        path = blob_path(root, clean_sha)
        if not path.exists():
            atomic_write(path, html)
    except Exception as exc:  # noqa: BLE001 - recorded on the clean row
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {"clean_sha256": clean_sha, "noise_tokens": cp.noise_tokens, "chrome_removed": cp.chrome_removed,
            "hidden_removed": cp.hidden_removed, "clean_log": cp.log, "page_title": cp.title,
            "published": cp.published, "container": cp.container, "text_with_noise": cp.text_with_noise}


def _run_clean_jobs(jobs: list[tuple], workers: int = 0) -> list[dict[str, Any]]:
    """Clean pages in worker processes when there are many (cleaning is CPU-bound Python + lxml)."""
    n = workers or (os.cpu_count() or 1)
    if n <= 1 or len(jobs) < 64:
        return [_clean_job(j) for j in jobs]
    ctx = multiprocessing.get_context("fork")  # the crawl is over; children only run _clean_job
    with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
        return list(pool.map(_clean_job, jobs, chunksize=16))


def is_report_row(row: dict[str, Any]) -> bool:
    return bool(row.get("report")) and not row.get("fault")


__all__ = ["PortalSpider", "is_report_row"]
