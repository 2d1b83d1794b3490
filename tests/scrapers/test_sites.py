"""The site registry and the Scrapy project entry points (`scrapy list`, `scrapy crawl portal`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scrapers.archive import read_manifest
from scrapers.sites import parse_years, registry, resolve_sites

REPO = Path(__file__).resolve().parents[2]
SEED_PORTALS = {"hailin": "hailin.gov.cn", "baoqing": "baoqing.gov.cn", "nangang": "hrbng.gov.cn",
                "longkou": "longkou.gov.cn"}


def test_real_seed_portals_registered_unverified():
    reg = registry()
    for sid, host in SEED_PORTALS.items():
        s = reg[sid]
        assert not s.verified and not s.demo and s.admin_code and len(s.admin_code) == 6
        assert all(host in u and "{base}" not in u for u in s.start_urls)
        assert all(h.endswith(".gov.cn") or h.endswith("gov.cn") for h in s.allowed_hosts)


def test_demo_sites_need_base_url():
    with pytest.raises(ValueError, match="base_url"):
        resolve_sites(site="demo-hlj")
    (s,) = resolve_sites(site="demo-hlj", base_url="http://127.0.0.1:5555")
    assert s.start_urls == ["http://127.0.0.1:5555/hlj/hailin/c100190/zfxxgk_list.shtml"]


def test_adhoc_and_file_sites(tmp_path):
    (s,) = resolve_sites(start_url="http://www.x.gov.cn/ndbg/", allowed_hosts="cdn.x.com,img.x.net", years="2019-2021")
    assert s.cms is None and s.allowed_hosts == ["cdn.x.com", "img.x.net"] and s.years == (2019, 2021)
    f = tmp_path / "my.yaml"
    f.write_text("id: mine\nname: 某县\ncms: trs\nstart_urls: [http://www.y.gov.cn/a/index.html]\n", encoding="utf-8")
    (m,) = resolve_sites(site_file=str(f))
    assert m.id == "mine" and m.cms == "trs" and m.allowed_hosts == ["www.y.gov.cn"]
    f.write_text("id: bad\nstart_url: http://x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown site keys"):
        resolve_sites(site_file=str(f))


def test_parse_years():
    assert parse_years("2019-2024") == (2019, 2024) and parse_years("2020") == (2020, 2020)
    assert parse_years([2018, 2020]) == (2018, 2020)


def test_scrapy_list_and_crawl_from_repo_root(tmp_path, demo_server):
    base, _ = demo_server
    out = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=REPO, capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.split() == ["portal"], out.stderr[-2000:]
    archive = tmp_path / "arc"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", "site=demo-hlj", "-a", f"base_url={base}",
           "-a", f"archive={archive}", "-s", "HTTPCACHE_ENABLED=0", "-s", "AUTOTHROTTLE_ENABLED=0",
           "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING"]
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    rows = list(read_manifest(archive))
    assert len({r["url"] for r in rows if r.get("report")}) == 2
    assert any(r.get("clean_sha256") and r["noise_tokens"] == ["球迷网"] for r in rows)


def test_adhoc_start_url_with_detection(tmp_path, demo_server, demo_expected):
    """A portal not in the registry: start URL only, family detected from the page."""
    from tests.scrapers.conftest import run_crawl

    base, _ = demo_server
    stats = run_crawl(tmp_path / "arc", "--start-url", f"{base}/trs/zwgk/zfxxgknb/index.html",
                      "--allowed-hosts", "127.0.0.1", "--fast", "--timeout", "1", "--retry-times", "0",
                      "--years", "2020-2021")
    (site,) = stats["sites"].values()
    want = {r["url"] for r in demo_expected["sites"]["demo-trs"]["reports"] if 2020 <= r["year"] <= 2021}
    assert {r["url"] for r in site["reports"]} == want
    rows = list(read_manifest(tmp_path / "arc"))
    assert rows[0]["cms_detected"] == "trs"


@pytest.mark.parametrize("args,msg", [(["--site", "nosuch"], "unknown site"),
                                      (["--site", "demo-hlj"], "needs base_url"),
                                      ([], "no site given")])
def test_crawl_entry_point_rejects_bad_site_arguments(tmp_path, args, msg):
    out = subprocess.run([sys.executable, "-m", "scrapers.crawl", "--archive", str(tmp_path), *args], cwd=REPO,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and msg in out.stderr and "Traceback" not in out.stderr


def test_early_stop_is_recorded(tmp_path, demo_server):
    """A page-count guard that cuts the crawl short leaves a run_stopped fault, not silence."""
    from tests.scrapers.conftest import run_crawl

    base, _ = demo_server
    run_crawl(tmp_path / "arc", "--site", "demo-hanweb", "--base-url", base, "--fast", "--no-cache",
              "-s", "CLOSESPIDER_PAGECOUNT=2", "-s", "CONCURRENT_REQUESTS=1")
    rows = list(read_manifest(tmp_path / "arc"))
    stop = [r for r in rows if r.get("role") == "run"]
    assert stop and stop[0]["fault"]["kind"] == "run_stopped" and "closespider_pagecount" in stop[0]["fault"]["reason"]
