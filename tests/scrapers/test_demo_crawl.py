"""Crawl the whole demo portal over real HTTP, twice, with the real entry point in a subprocess."""

from __future__ import annotations

import json
import unicodedata
from urllib.parse import urlparse

import pytest
from lxml import html as lxml_html

from scrapers.archive import has_blob, read_blob, read_manifest
from scrapers.cleaning import to_text
from tests.scrapers.conftest import FIXTURES, run_crawl

FAST = ["--fast", "--timeout", "1.0", "--retry-times", "1", "--backoff", "0.05"]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory, demo_server):
    base, srv = demo_server
    archive = tmp_path_factory.mktemp("crawl") / "archive"
    n0 = len(srv.hits)
    first = run_crawl(archive, "--site", "demo", "--base-url", base, *FAST)
    n1 = len(srv.hits)
    second = run_crawl(archive, "--site", "demo", "--base-url", base, *FAST)
    rows = list(read_manifest(archive))
    return {"archive": archive, "first": first, "second": second, "rows": rows, "base": base,
            "hits_first": srv.hits[n0:n1], "hits_second": srv.hits[n1:]}


def _rows(crawled, run: str):
    rid = crawled[run]["run_id"]
    return [r for r in crawled["rows"] if r.get("run_id") == rid]


def _path(url: str) -> str:
    p = urlparse(url)
    return p.path + (f"?{p.query}" if p.query else "")


def test_every_expected_report_found_per_site(crawled, demo_expected):
    rows = _rows(crawled, "first")
    lines = []
    for site, exp in demo_expected["sites"].items():
        found = {r["url"] for r in rows if r.get("site") == site and r.get("report") and not r.get("fault")}
        want = {r["url"] for r in exp["reports"]}
        lines.append(f"{site}: found {len(found & want)}/{len(want)}")
        assert want, f"{site} holds no reports: the demo is broken"
        assert want <= found, f"{site}: missing {sorted(want - found)}"
        assert found <= want, f"{site}: look-alikes taken as reports: {sorted(found - want)}"
    print("\n".join(lines))
    assert crawled["first"]["totals"]["reports"] == sum(len(e["reports"]) for e in demo_expected["sites"].values())


def test_report_rows_carry_title_and_year(crawled, demo_expected):
    by_url = {r["url"]: r for r in _rows(crawled, "first") if r.get("report")}
    for exp in demo_expected["sites"].values():
        for rep in exp["reports"]:
            row = by_url[rep["url"]]
            assert row["year"] == rep["year"] and row["title"] == rep["title"]


def test_every_attachment_archived(crawled, demo_expected):
    rows = _rows(crawled, "first")
    ok = {r["url"]: r for r in rows if r.get("role") == "attachment" and not r.get("fault")}
    for site, exp in demo_expected["sites"].items():
        for url in exp["attachments"]:
            assert url in ok, f"{site}: attachment not archived: {url}"
            row = ok[url]
            data = read_blob(crawled["archive"], row["sha256"])
            assert len(data) == row["bytes"] > 0
            assert not data.lstrip().lower().startswith(b"<html")
            assert row["filename"] and "/" not in row["filename"]
    assert sum(len(e["attachments"]) for e in demo_expected["sites"].values()) >= 5


def test_every_fault_recorded_with_reason(crawled, demo_expected):
    rows = [r for r in _rows(crawled, "first") if r.get("fault")]
    for r in rows:
        assert r["fault"]["kind"] and len(r["fault"]["reason"]) > 5, r
    for site, exp in demo_expected["sites"].items():
        for f in exp["faults"]:
            hit = [r for r in rows if r["fault"]["kind"] == f["kind"] and (
                _path(r["url"]).startswith(f["path"]) if f.get("match") == "prefix" else r["url"] == f["url"])]
            assert hit, f"{site}: fault {f['kind']} at {f['path']} not recorded"
    kinds = set(crawled["first"]["faults_by_kind"])
    assert {"timeout", "truncated", "blocked", "offsite", "robots", "http_error", "trap_guard"} <= kinds


def test_blocked_pages_are_never_reports(crawled, demo_expected):
    blocked = [r for r in _rows(crawled, "first") if r.get("role") == "blocked"]
    assert len(blocked) == sum(1 for e in demo_expected["sites"].values() for f in e["faults"]
                               if f["kind"] == "blocked")
    assert not any(r.get("report") for r in blocked)


def test_nothing_lost(crawled, demo_expected):
    """Every report, attachment and fault the demo holds ends as a success row or a fault row; every blob
    the manifest names exists; raw bytes are exactly what the server sent."""
    rows = _rows(crawled, "first")
    accounted = {r["url"] for r in rows if r.get("report") or r.get("role") == "attachment" or r.get("fault")}
    for exp in demo_expected["sites"].values():
        for url in [r["url"] for r in exp["reports"]] + exp["attachments"]:
            assert url in accounted
    for r in rows:
        for key in ("sha256", "clean_sha256"):
            if r.get(key):
                assert has_blob(crawled["archive"], r[key])
    root = crawled["archive"]
    det = next(r for r in rows if r.get("role") == "detail" and "/hlj/" in r["url"] and not r.get("fault"))
    raw = read_blob(root, det["sha256"])
    assert "球迷网".encode() in raw  # the raw page stays untouched


def test_cleaned_detail_page_has_no_chrome_or_noise(crawled):
    truth = json.loads(next((FIXTURES / "seeds" / "truth").glob("004_*.json")).read_text(encoding="utf-8"))
    rows = [r for r in _rows(crawled, "first") if r.get("role") == "detail" and "/hlj/" in r["url"]
            and r.get("clean_sha256")]
    assert rows
    row = rows[-1]
    clean = read_blob(crawled["archive"], row["clean_sha256"]).decode("utf-8")
    text = unicodedata.normalize("NFKC", to_text(lxml_html.fromstring(clean)))
    assert "球迷网" not in text and "一、总体情况" in text and "372" in text
    for chrome in truth["chrome"]:
        assert chrome not in text, chrome
    assert row["noise_tokens"] == ["球迷网"]
    assert row["chrome_removed"] and any("球迷网" in line for line in row["clean_log"])


def test_gbk_pages_decoded(crawled):
    rows = [r for r in _rows(crawled, "first") if r.get("site") == "demo-generic" and r.get("role") == "detail"
            and r.get("clean_sha256")]
    assert rows
    clean = read_blob(crawled["archive"], rows[0]["clean_sha256"]).decode("utf-8")
    assert "王岗镇" in clean and "政府信息公开" in clean
    assert rows[0]["encoding_note"].endswith("gb18030")
    trs = [r for r in _rows(crawled, "first") if r.get("site") == "demo-trs" and r.get("clean_sha256")]
    assert any("七星河乡" in read_blob(crawled["archive"], r["clean_sha256"]).decode() for r in trs)


def test_second_run_downloads_no_detail_page_or_attachment(crawled, demo_expected):
    first_ok = {_path(r["final_url"]) for r in _rows(crawled, "first")
                if r.get("role") in ("detail", "attachment") and not r.get("fault")}
    first_ok |= {_path(r["url"]) for r in _rows(crawled, "first")
                 if r.get("role") in ("detail", "attachment") and not r.get("fault")}
    assert len(first_ok) >= 10
    again = [h for h in crawled["hits_second"] if h in first_ok]
    assert again == [], f"re-downloaded: {again}"
    assert crawled["second"]["totals"]["downloaded_detail_or_attachment"] == 0
    assert crawled["second"]["totals"]["cache_hits"] >= len(first_ok) // 2
    # list pages are always refetched, and the second run still finds every report (from the cache)
    starts = {e["start"] for e in demo_expected["sites"].values()}
    assert starts <= set(crawled["hits_second"])
    assert crawled["second"]["totals"]["reports"] == crawled["first"]["totals"]["reports"]


def test_stats_json_shape(crawled):
    s = crawled["first"]
    assert s["totals"]["pages_fetched"] > 20 and s["totals"]["attachments"] >= 5
    for site in s["sites"].values():
        assert {"reports_found", "faults", "cache_hits", "attachments", "pages_fetched"} <= set(site)


def test_statistical_detector_learns_an_unknown_junk_token(crawled, demo_expected):
    """The demo holds a hijacked copy whose junk token is not in the lexicon: the cross-page detector
    must find it, remove it from the cleaned page, log why, and remember it for the next runs."""
    from scrapers.cleaning import load_lexicon

    lexicon = set(load_lexicon()["junk_tokens"])
    unknown = {t for e in demo_expected["sites"].values() for toks in e["noise"].values() for t in toks} - lexicon
    assert unknown, "the demo must hold a junk token outside the lexicon"
    learned = set(json.loads((crawled["archive"] / "noise_learned.json").read_text(encoding="utf-8")))
    assert unknown <= learned
    for exp in demo_expected["sites"].values():
        for path, tokens in exp["noise"].items():
            url = crawled["base"] + path
            clean_rows = [r for r in _rows(crawled, "first") if r["url"] == url and r.get("row_kind") == "clean"]
            assert clean_rows, path
            row = clean_rows[-1]
            assert sorted(row["noise_tokens"]) == sorted(tokens)
            clean = read_blob(crawled["archive"], row["clean_sha256"]).decode("utf-8")
            assert not any(t in clean for t in tokens)
            if set(tokens) & unknown:
                assert set(row["noise_detector"]) == set(tokens) & unknown
                assert row["noise_detector"][next(iter(set(tokens) & unknown))]["hits"] >= 3
    # the second run knows the token from the archive: no detector evidence needed any more
    second = [r for r in _rows(crawled, "second") if r.get("row_kind") == "clean" and set(r["noise_tokens"]) & unknown]
    assert second and not any(r.get("noise_detector") for r in second)


def test_found_vs_expected_table(crawled, demo_expected):
    from scrapers.demo_portal.verify import format_table, found_vs_expected

    res = found_vs_expected(crawled["archive"], demo_expected, crawled["first"]["run_id"])
    print(format_table(res))
    for r in res.values():
        assert r["reports_found"] == r["reports_expected"] > 0 and not r["extra"]
        assert r["attachments_archived"] == r["attachments_expected"]
        assert r["faults_recorded"] == r["faults_expected"]
    again = found_vs_expected(crawled["archive"], demo_expected, crawled["second"]["run_id"])
    assert all(r["detail_or_attachment_downloads"] == 0 for r in again.values())
