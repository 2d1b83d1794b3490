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
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scrapers.archive import read_manifest  # noqa: E402
from scrapers.demo_portal import serve  # noqa: E402
from scrapers.demo_portal.build import detail_page, list_page, text_to_html  # noqa: E402

BARE = textwrap.dedent("""
    import json, sys
    import scrapy
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
                        "CONCURRENT_REQUESTS_PER_DOMAIN": int(sys.argv[3]), "ROBOTSTXT_OBEY": False,
                        "TELNETCONSOLE_ENABLED": False})
    c = p.create_crawler(Bare)
    p.crawl(c)
    p.start()
    s = c.stats.get_stats()
    json.dump({"responses": s.get("downloader/response_count", 0),
               "elapsed": s.get("elapsed_time_seconds")}, open(sys.argv[2], "w"))
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--per-list", type=int, default=20)
    ap.add_argument("--concurrency", type=int, default=32)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        start = generate(tmp / "portal", args.pages, args.per_list)
        with serve(tmp / "portal") as base:
            stats_path = tmp / "full.json"
            site = tmp / "bench.yaml"
            site.write_text(json.dumps({"id": "bench", "name": "基准测试县", "cms": "trs", "start_urls": [base + start],
                                        "allowed_hosts": ["127.0.0.1"], "max_list_pages": 100000},
                                       ensure_ascii=False), encoding="utf-8")  # JSON is YAML
            subprocess.run([sys.executable, "-m", "scrapers.crawl", "--archive", str(tmp / "archive"),
                            "--site-file", str(site), "--fast", "--concurrency", str(args.concurrency), "--stats-json", str(stats_path),
                            "--log-level", "ERROR"], cwd=REPO, check=True, capture_output=True)
            full = json.loads(stats_path.read_text(encoding="utf-8"))
            urls = [r["url"] for r in read_manifest(tmp / "archive") if r.get("sha256") and r.get("row_kind") != "clean"]
            (tmp / "urls.json").write_text(json.dumps(urls), encoding="utf-8")
            (tmp / "bare.py").write_text(BARE, encoding="utf-8")
            subprocess.run([sys.executable, str(tmp / "bare.py"), str(tmp / "urls.json"), str(tmp / "bare.json"),
                            str(args.concurrency)], cwd=REPO, check=True)
            bare = json.loads((tmp / "bare.json").read_text(encoding="utf-8"))
        full_pages = full["totals"]["pages_fetched"]
        sc = full["scrapy"]
        crawl_s, clean_s = sc["gongkai/crawl_seconds"], sc.get("gongkai/clean_seconds", 0.0)
        full_rate = full_pages / crawl_s
        e2e_rate = full_pages / (crawl_s + clean_s)
        bare_rate = bare["responses"] / bare["elapsed"]
        print(f"portal: {args.pages} report pages + {-(-args.pages // args.per_list)} list pages, "
              f"concurrency {args.concurrency}")
        print(f"full spider, crawl phase : {full_pages} pages in {crawl_s:.2f} s = {full_rate:.1f} pages/s "
              f"(reports found {full['totals']['reports']}; archive, HTTP cache, all middlewares)")
        print(f"full spider, + cleaning  : {clean_s:.2f} s for {sc.get('gongkai/pages_cleaned')} pages -> "
              f"{e2e_rate:.1f} pages/s end to end")
        print(f"bare spider              : {bare['responses']} pages in {bare['elapsed']:.2f} s = "
              f"{bare_rate:.1f} pages/s")
        print(f"ratio full/bare (crawl phase): {full_rate / bare_rate:.2f} (goal >= 0.9)")
        print(f"ratio full/bare (end to end, incl. cleaning): {e2e_rate / bare_rate:.2f}")


if __name__ == "__main__":
    main()
