"""Crawl entry point for scripts and the Dagster pipeline (run it in a subprocess: Twisted cannot restart).

    python -m scrapers.crawl --archive DIR (--site ID | --site-file PATH | --start-url URL [--cms F]
        [--allowed-hosts H1,H2]) [--base-url http://127.0.0.1:PORT] [--years 2019-2024] [--stats-json PATH]
        [--fast] [--httpcache-dir DIR]

Runs one CrawlerProcess, writes the raw archive + manifest, then summarises this run's manifest rows into a
stats JSON (pages fetched, reports found per site, attachments, faults by kind, cache hits). When launched by
Dagster (PipesSubprocessClient) it reports progress with `pipes.log` and the stats with
`report_asset_materialization`; standalone, Pipes is skipped. Exit status 0 unless the crawl itself crashed —
faults are data, recorded in the manifest.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import uuid
from collections import Counter
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from scrapers.archive import atomic_write, read_manifest


def _pipes():
    """A Dagster Pipes context when launched by Dagster, else None (dagster_pipes only, never dagster)."""
    try:
        from dagster_pipes import PipesEnvVarParamsLoader, open_dagster_pipes
    except ImportError:
        return None
    if not PipesEnvVarParamsLoader().is_dagster_pipes_process():
        return None
    return open_dagster_pipes()


def summarize(archive: str | Path, run_id: str, scrapy_stats: dict[str, Any] | None = None) -> dict[str, Any]:
    """Per-site and total figures of one run, computed from the manifest rows it wrote."""
    sites: dict[str, dict[str, Any]] = {}
    for row in read_manifest(archive):
        if row.get("run_id") != run_id:
            continue
        s = sites.setdefault(row.get("site") or "?", {
            "pages_fetched": 0, "downloaded": 0, "cache_hits": 0, "list_pages": 0, "detail_pages": 0,
            "attachments": 0, "reports": [], "faults": Counter(), "transient_faults": Counter(),
            "downloaded_detail_or_attachment": 0, "noise_tokens": Counter(), "fault_rows": []})
        fault = row.get("fault")
        if row.get("row_kind") == "clean":  # the cleaning pass annotates a fetch; it is not one
            for t in row.get("noise_tokens") or []:
                s["noise_tokens"][t] += 1
            s["pages_cleaned"] = s.get("pages_cleaned", 0) + 1
            continue
        if fault:
            key = "transient_faults" if fault.get("transient") else "faults"
            s[key][fault["kind"]] += 1
            s["fault_rows"].append({"url": row["url"], "kind": fault["kind"], "reason": fault.get("reason"),
                                    "transient": bool(fault.get("transient"))})
        if row.get("sha256") and not (fault and fault.get("transient")):
            s["pages_fetched"] += 1
            if row.get("cached"):
                s["cache_hits"] += 1
            else:
                s["downloaded"] += 1
                if row.get("role") in ("detail", "attachment") and not fault:
                    s["downloaded_detail_or_attachment"] += 1
        if fault:
            continue
        role = row.get("role")
        key = {"list_page": "list_pages", "detail": "detail_pages", "attachment": "attachments"}.get(role)
        if key:
            s[key] += 1
        if row.get("report"):
            s["reports"].append({"url": row["url"], "title": row.get("title"), "year": row.get("year"),
                                 "role": role})
    totals = Counter()
    faults = Counter()
    for s in sites.values():
        for k in ("pages_fetched", "downloaded", "cache_hits", "list_pages", "detail_pages", "attachments",
                  "downloaded_detail_or_attachment"):
            totals[k] += s.get(k, 0)
        totals["reports"] += len(s["reports"])
        faults.update(s["faults"])
        for k in ("faults", "transient_faults", "noise_tokens"):
            s[k] = dict(s[k])
        s["reports_found"] = len(s["reports"])
    out: dict[str, Any] = {"run_id": run_id, "archive": str(archive), "totals": dict(totals),
                           "faults_by_kind": dict(faults), "sites": sites}
    if scrapy_stats:
        keep = ("httpcache/hit", "httpcache/miss", "httpcache/firsthand", "downloader/request_count",
                "downloader/response_count", "retry/count", "item_scraped_count", "finish_reason",
                "elapsed_time_seconds", "gongkai/offsite_refused", "gongkai/blocked", "robotstxt/forbidden",
                "gongkai/crawl_seconds", "gongkai/clean_seconds", "gongkai/pages_cleaned")
        out["scrapy"] = {k: (v if isinstance(v, int | float | str) else str(v))
                         for k, v in scrapy_stats.items() if k in keep}
    return out


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m scrapers.crawl", description=__doc__.split("\n\n")[0])
    ap.add_argument("--archive", required=True, help="archive root (raw/ + manifest.jsonl)")
    ap.add_argument("--site", help="registry id(s), comma-separated, or 'all' / 'demo'")
    ap.add_argument("--site-file", help="path to a site YAML file (anywhere on disk)")
    ap.add_argument("--start-url", help="ad-hoc site: start URL(s), comma-separated")
    ap.add_argument("--cms", help="CMS family (hanweb, trs, hlj, gkmlpt, generic); default: detect")
    ap.add_argument("--allowed-hosts", action="append", help="extra official hosts (comma-separated)")
    ap.add_argument("--base-url", help="base URL of the demo portal (replaces {base} in demo sites)")
    ap.add_argument("--years", help="report years to keep, e.g. 2019-2024")
    ap.add_argument("--stats-json", help="write the run's stats here")
    ap.add_argument("--httpcache-dir", help="HTTP cache for incremental runs (default: ARCHIVE/httpcache)")
    ap.add_argument("--fast", action="store_true", help="no politeness delays (localhost demo/benchmarks)")
    ap.add_argument("--timeout", type=float, help="download timeout, seconds")
    ap.add_argument("--retry-times", type=int)
    ap.add_argument("--backoff", type=float, help="retry backoff base, seconds")
    ap.add_argument("--concurrency", type=int)
    ap.add_argument("--no-cache", action="store_true", help="disable the HTTP cache")
    ap.add_argument("--run-id")
    ap.add_argument("--log-level", default="INFO")
    ap.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                    help="any Scrapy setting")
    return ap


def settings_for(args: argparse.Namespace):
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("scrapers.settings", priority="project")
    archive = Path(args.archive).resolve()
    settings.set("GONGKAI_ARCHIVE", str(archive), priority="cmdline")
    settings.set("HTTPCACHE_DIR", str(Path(args.httpcache_dir).resolve() if args.httpcache_dir
                                      else archive / "httpcache"), priority="cmdline")
    settings.set("LOG_LEVEL", args.log_level, priority="cmdline")
    if args.fast:
        for k, v in {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "DOWNLOAD_DELAY_JITTER": 0,
                     "CONCURRENT_REQUESTS": 32, "CONCURRENT_REQUESTS_PER_DOMAIN": 32}.items():
            settings.set(k, v, priority="cmdline")
    if args.concurrency:
        settings.set("CONCURRENT_REQUESTS", args.concurrency, priority="cmdline")
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", args.concurrency, priority="cmdline")
    if args.timeout is not None:
        settings.set("DOWNLOAD_TIMEOUT", args.timeout, priority="cmdline")
    if args.retry_times is not None:
        settings.set("RETRY_TIMES", args.retry_times, priority="cmdline")
    if args.backoff is not None:
        settings.set("GONGKAI_RETRY_BACKOFF", args.backoff, priority="cmdline")
    if args.no_cache:
        settings.set("HTTPCACHE_ENABLED", False, priority="cmdline")
    for item in args.set:
        k, _, v = item.partition("=")
        settings.set(k, v, priority="cmdline")
    return settings


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from scrapy.crawler import CrawlerProcess

    from scrapers.spiders.portal import PortalSpider

    run_id = args.run_id or uuid.uuid4().hex[:12]
    hosts = ",".join(args.allowed_hosts or []) or None
    spider_args = {"site": args.site, "site_file": args.site_file, "start_url": args.start_url, "cms": args.cms,
                   "allowed_hosts": hosts, "base_url": args.base_url, "years": args.years,
                   "archive": str(Path(args.archive).resolve()), "run_id": run_id}
    pipes = _pipes()
    with pipes if pipes is not None else nullcontext():
        log = pipes.log if pipes is not None else logging.getLogger("scrapers.crawl")
        process = CrawlerProcess(settings_for(args))
        crawler = process.create_crawler(PortalSpider)
        try:
            process.crawl(crawler, **spider_args)
        except ValueError as exc:  # bad site arguments: say why, no traceback
            print(f"error: {exc}", file=sys.stderr)
            return 2
        log.info(f"crawl {run_id} starting: {', '.join(f'{k}={v}' for k, v in spider_args.items() if v)}")
        process.start()
        stats = summarize(args.archive, run_id, crawler.stats.get_stats() if crawler.stats else None)
        if args.stats_json:
            atomic_write(Path(args.stats_json),
                         json.dumps(stats, ensure_ascii=False, indent=1, default=str).encode("utf-8"))
        t = stats["totals"]
        per_site = {k: v["reports_found"] for k, v in stats["sites"].items()}
        log.info(f"crawl {run_id} done: {t.get('pages_fetched', 0)} pages, {t.get('reports', 0)} reports "
                 f"{per_site}, {t.get('attachments', 0)} attachments, faults {stats['faults_by_kind']}, "
                 f"cache hits {t.get('cache_hits', 0)}")
        if pipes is not None:
            pipes.report_asset_materialization(metadata={
                "pages_fetched": t.get("pages_fetched", 0), "reports_found": t.get("reports", 0),
                "attachments": t.get("attachments", 0), "cache_hits": t.get("cache_hits", 0),
                "downloaded": t.get("downloaded", 0),
                "faults_by_kind": {"raw_value": stats["faults_by_kind"], "type": "json"},
                "reports_per_site": {"raw_value": per_site, "type": "json"},
                "run_id": run_id, "archive": str(args.archive)})
        print(json.dumps({"run_id": run_id, "totals": t, "faults_by_kind": stats["faults_by_kind"],
                          "reports_per_site": per_site}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
