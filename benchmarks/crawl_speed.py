"""Crawl speed: the full portal spider vs a bare Scrapy spider fetching the same URLs, on localhost.

    .venv/bin/python benchmarks/crawl_speed.py [--pages 2000] [--per-list 20] [--concurrency 32]

Generates a TRS-style portal (createPageHTML list pages, report detail pages rendered from the seed reports
with chrome), serves it on 127.0.0.1 (ephemeral port), then runs, each in its own subprocess:
  1. the full spider (`python -m scrapers.crawl --fast`: all middlewares, HTTP cache, raw archive, cleaning),
  2. a bare scrapy.Spider given exactly the URLs the full spider fetched, with the same concurrency.
Prints pages/s for each (Scrapy's own elapsed_time_seconds, so interpreter start-up is excluded) and the
ratio full/bare (goal ≥ 0.9). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scrapers import settings as scrapy_settings  # noqa: E402
from scrapers.archive import read_manifest  # noqa: E402
from scrapers.demo_portal import serve  # noqa: E402
from scrapers.demo_portal.build import detail_page, list_page, text_to_html  # noqa: E402

BARE = textwrap.dedent("""
    import json, sys, time
    import scrapy
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    urls = json.load(open(sys.argv[1]))

    class Bare(scrapy.Spider):
        name = "bare"

        async def start(self):
            for u in urls:
                yield scrapy.Request(u, callback=self.parse, dont_filter=True)

        def parse(self, response):
            pass

    p = CrawlerProcess({"LOG_LEVEL": "ERROR", "CONCURRENT_REQUESTS": int(sys.argv[3]),
                        "CONCURRENT_REQUESTS_PER_DOMAIN": int(sys.argv[3]), "CONCURRENT_ITEMS": int(sys.argv[4]),
                        "ROBOTSTXT_OBEY": False, "TELNETCONSOLE_ENABLED": False})
    c = p.create_crawler(Bare)
    cpu = {}

    def on_open(spider):  # module-level functions: Scrapy holds signal handlers by weak reference
        cpu["open"] = time.process_time()

    def on_close(spider):
        cpu["close"] = time.process_time()

    c.signals.connect(on_open, signal=signals.spider_opened)
    c.signals.connect(on_close, signal=signals.spider_closed)
    p.crawl(c)
    p.start()
    s = c.stats.get_stats()
    json.dump({"responses": s.get("downloader/response_count", 0), "elapsed": s.get("elapsed_time_seconds"),
               "cpu": cpu["close"] - cpu["open"]}, open(sys.argv[2], "w"))
""")


def generate(root: Path, pages: int, per_list: int) -> str:
    """A large TRS-style column; returns the column path."""
    seeds = sorted((REPO / "tests" / "fixtures" / "seeds").glob("*.txt"))
    bodies = [text_to_html(p.read_text(encoding="utf-8")) for p in seeds]
    site = {"family": "trs", "name": "基准测试县人民政府"}
    col = root / "bench" / "xxgk" / "ndbg"
    items = []
    for i in range(pages):
        y = 2015 + i % 10
        title = f"第{i}镇{y}年政府信息公开工作年度报告"
        rel = f"{y}01/t{y}0115_{i}.html"
        (col / rel).parent.mkdir(parents=True, exist_ok=True)
        (col / rel).write_text(detail_page(site, title, f"{y}-01-15", bodies[i % len(bodies)], [], False, "utf-8"),
                               encoding="utf-8")
        items.append({"title": title, "date": f"{y}-01-15", "href": rel})
    chunks = [items[i:i + per_list] for i in range(0, len(items), per_list)]
    for n, chunk in enumerate(chunks):
        script = f'<script>createPageHTML({len(chunks)}, {n}, "index", "html");</script>'
        name = "index.html" if n == 0 else f"index_{n}.html"
        (col / name).write_text(list_page(site, chunk, "utf-8", extra=script), encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow:\n", encoding="utf-8")
    return "/bench/xxgk/ndbg/index.html"


def run_full(tmp: Path, site: Path, n: int, concurrency: int) -> dict:
    stats_path = tmp / f"full{n}.json"
    subprocess.run([sys.executable, "-m", "scrapers.crawl", "--archive", str(tmp / f"archive{n}"),
                    "--site-file", str(site), "--fast", "--concurrency", str(concurrency),
                    "--stats-json", str(stats_path), "--log-level", "ERROR"], cwd=REPO, check=True,
                   capture_output=True)
    return json.loads(stats_path.read_text(encoding="utf-8"))


def run_bare(tmp: Path, n: int, concurrency: int) -> dict:
    # Same concurrency as the full spider, CONCURRENT_ITEMS included: Scrapy starts that many asyncio workers
    # per response to drain the callback's output, even when it yields nothing (default 100, ~1 ms per page).
    subprocess.run([sys.executable, str(tmp / "bare.py"), str(tmp / "urls.json"), str(tmp / f"bare{n}.json"),
                    str(concurrency), str(scrapy_settings.CONCURRENT_ITEMS)], cwd=REPO, check=True)
    return json.loads((tmp / f"bare{n}.json").read_text(encoding="utf-8"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--per-list", type=int, default=20)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--repeat", type=int, default=3, help="alternate full/bare runs; best of each is kept "
                                                          "(other processes on the machine add noise)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        start = generate(tmp / "portal", args.pages, args.per_list)
        with serve(tmp / "portal") as base:
            site = tmp / "bench.yaml"
            site.write_text(json.dumps({"id": "bench", "name": "基准测试县", "cms": "trs", "start_urls": [base + start],
                                        "allowed_hosts": ["127.0.0.1"], "max_list_pages": 100000},
                                       ensure_ascii=False), encoding="utf-8")  # JSON is YAML
            (tmp / "bare.py").write_text(BARE, encoding="utf-8")
            fulls, bares = [], []
            for n in range(args.repeat):
                full = run_full(tmp, site, n, args.concurrency)
                if n == 0:
                    urls = [r["url"] for r in read_manifest(tmp / "archive0")
                            if r.get("sha256") and r.get("row_kind") != "clean"]
                    (tmp / "urls.json").write_text(json.dumps(urls), encoding="utf-8")
                fulls.append(full)
                bares.append(run_bare(tmp, n, args.concurrency))
        print(f"portal: {args.pages} report pages + {-(-args.pages // args.per_list)} list pages, "
              f"concurrency {args.concurrency}, {args.repeat} alternating runs each (best kept), "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
        rates = []
        for full, bare in zip(fulls, bares, strict=True):
            sc = full["scrapy"]
            crawl_s, clean_s = sc["gongkai/crawl_seconds"], sc.get("gongkai/clean_seconds", 0.0)
            crawl_cpu, clean_cpu = sc["gongkai/crawl_cpu_seconds"], sc.get("gongkai/clean_cpu_seconds", 0.0)
            pages = full["totals"]["pages_fetched"]
            rates.append({"full": pages / crawl_s, "e2e": pages / (crawl_s + clean_s),
                          "bare": bare["responses"] / bare["elapsed"], "full_cpu": pages / crawl_cpu,
                          "e2e_cpu": pages / (crawl_cpu + clean_cpu), "bare_cpu": bare["responses"] / bare["cpu"]})
            print(f"  run: full {pages} pages: crawl {crawl_s:.2f} s wall / {crawl_cpu:.2f} s CPU, cleaning "
                  f"{clean_s:.2f} s wall / {clean_cpu:.2f} s CPU (reports found {full['totals']['reports']}); "
                  f"bare {bare['responses']} pages: {bare['elapsed']:.2f} s wall / {bare['cpu']:.2f} s CPU")
        best = {k: max(r[k] for r in rates) for k in rates[0]}
        print(f"wall clock (best of {args.repeat}; other processes on the machine make this noisy):")
        print(f"  full spider, crawl phase   : {best['full']:.1f} pages/s (archive, HTTP cache, all middlewares)")
        print(f"  full spider, incl. cleaning: {best['e2e']:.1f} pages/s (cleaning pass after the crawl)")
        print(f"  bare spider                : {best['bare']:.1f} pages/s")
        print(f"  ratio full/bare (crawl phase): {best['full'] / best['bare']:.2f} (goal >= 0.9)")
        print(f"  ratio full/bare (end to end, incl. cleaning): {best['e2e'] / best['bare']:.2f}")
        print("CPU time of the crawling process (robust to machine load):")
        print(f"  full spider, crawl phase   : {best['full_cpu']:.1f} pages per CPU-second")
        print(f"  full spider, incl. cleaning: {best['e2e_cpu']:.1f} pages per CPU-second")
        print(f"  bare spider                : {best['bare_cpu']:.1f} pages per CPU-second")
        print(f"  ratio full/bare (crawl phase): {best['full_cpu'] / best['bare_cpu']:.2f}")
        print(f"  ratio full/bare (end to end, incl. cleaning): {best['e2e_cpu'] / best['bare_cpu']:.2f}")

if __name__ == "__main__":
    main()
