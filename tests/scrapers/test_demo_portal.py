"""The demo portal builder (deterministic, real table markup) and its server's scripted faults."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request

from lxml import html as lxml_html

from scrapers.demo_portal import build, serve
from scrapers.demo_portal.build import text_to_html
from tests.scrapers.conftest import FIXTURES


def _digest(root) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_is_deterministic(tmp_path, demo_root):
    again = build(tmp_path / "again", FIXTURES)
    assert _digest(again) == _digest(demo_root)


def test_every_site_has_reports_faults_and_paging(demo_root):
    import json

    exp = json.loads((demo_root / "expected.json").read_text(encoding="utf-8"))
    assert set(exp["sites"]) == {"demo-hanweb", "demo-trs", "demo-hlj", "demo-gkmlpt", "demo-generic"}
    for site in exp["sites"].values():
        assert site["reports"] and all(r["year"] and r["title"] for r in site["reports"])
    kinds = {f["kind"] for s in exp["sites"].values() for f in s["faults"]}
    assert kinds == {"http_error", "timeout", "truncated", "blocked", "offsite", "robots", "trap_guard"}


def test_tables_get_rowspan_and_colspan():
    text = next((FIXTURES / "seeds").glob("000_*.txt")).read_text(encoding="utf-8")
    doc = lxml_html.fromstring(f"<div>{text_to_html(text)}</div>")
    tables = doc.findall(".//table")
    assert len(tables) >= 3
    spans = [td for td in doc.iter("td") if td.get("rowspan") or td.get("colspan")]
    assert any(td.get("rowspan") for td in spans) and any(td.get("colspan") for td in spans)
    labels = [td.text_content() for td in doc.iter("td") if td.get("rowspan")]
    assert "三、本年度办理结果" in labels


def test_gbk_site_is_gbk_bytes(demo_root):
    raw = (demo_root / "generic/xxgk/ndbg/index.htm").read_bytes()
    assert b"charset" not in raw.lower()
    raw.decode("gb18030")
    try:
        raw.decode("utf-8")
        raise AssertionError("expected GBK bytes, got valid UTF-8")
    except UnicodeDecodeError:
        pass


def test_server_scripted_faults(tmp_path):
    root = build(tmp_path / "p", FIXTURES)
    with serve(root) as base:
        page = "/hanweb/art/2021/1/25/art_1234_1000.html"
        try:
            urllib.request.urlopen(base + page, timeout=5)
            raise AssertionError("first request should fail")
        except urllib.error.HTTPError as err:
            assert err.code == 500
        assert urllib.request.urlopen(base + page, timeout=5).status == 200
        proxy = urllib.request.urlopen(base + "/hanweb/module/web/jpage/dataproxy.jsp?page=2&webid=2", timeout=5)
        assert b"<totalpage>" in proxy.read()
        assert urllib.request.urlopen(base + "/robots.txt", timeout=5).read().startswith(b"User-agent")


def test_demo_portal_module_builds(tmp_path):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "scrapers.demo_portal", "--root", str(tmp_path / "d"),
                          "--build-only"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and (tmp_path / "d" / "expected.json").exists()


def test_gongkai_crawl_subcommand_reaches_the_entry_point():
    from pipeline.cli import main

    assert main(["crawl", "--help"]) == 0
