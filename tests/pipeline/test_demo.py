"""Acceptance: the full graph against the bundled demo portal over real HTTP, Parquet read back.

This is what `gongkai demo` runs (pipeline.demo.demo): the demo portal on 127.0.0.1:<ephemeral>, the crawl as
the `crawled_pages` asset (Scrapy in a subprocess via Dagster Pipes), documents → parsed reports → tables →
checks for every year with reports, in-process, on a persistent Dagster instance under the storage root.
"""

from __future__ import annotations

import re
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipeline.demo import demo
from pipeline.io import ParquetStore
from pipeline.runner import parse_years, summarize
from tests.pipeline.helpers import checks

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    tmp = tmp_path_factory.mktemp("demo")
    mp.delenv("DAGSTER_HOME", raising=False)
    mp.setenv("DAGSTER_DISABLE_TELEMETRY", "0")
    root = tmp / "data"
    results, expected, base = demo(str(root), parse_years(None), progress=False)
    yield tmp, root, results, expected, base
    mp.undo()


def test_every_demo_report_is_found_parsed_and_in_parquet(demo_run):
    _, root, results, expected, base = demo_run
    assert all(r.success for r in results)
    store = ParquetStore(str(root))
    reports = store.read_table("report").to_pylist()
    by_url = {r["source_url"]: r for r in reports} | {r["list_url"]: r for r in reports if r["list_url"]}
    assert len(expected) >= 5
    for exp in expected:
        rep = by_url.get(exp["url"])
        assert rep is not None, f"missing {exp['url']}"
        assert rep["n_facts"] > 0, exp["url"]
        assert rep["site"].startswith("demo-")
    assert len(reports) == len(expected)  # challenge pages, faults and look-alike posts are not reports
    con = duckdb.connect()
    facts = dict(con.sql(f"SELECT report_id, count(*) FROM read_parquet('{root}/fact_application/*/*.parquet', "
                         "hive_partitioning=true) GROUP BY 1").fetchall())
    assert all(facts.get(r["report_id"], 0) >= 161 for r in reports)
    crawl = next(e for r in results for e in r.get_asset_materialization_events()
                 if e.asset_key == dg.AssetKey("crawled_pages")).materialization.metadata
    assert crawl["demo.reports_found"].value == len(expected)
    assert crawl["demo.faults"].value > 0 and crawl["demo.pages_fetched"].value > len(expected)
    assert (root / ".dagster" / "dagster.yaml").read_text().count("enabled: false") == 1


def test_seed_004_inconsistency_is_a_warn_asset_check(demo_run):
    _, root, results, _, base = demo_run
    warn = {k: v for r in results for k, v in checks(r).items()}[("check_result", "report_consistency")]
    assert not warn.passed and warn.severity == dg.AssetCheckSeverity.WARN
    hailin = [f for f in warn.metadata["failures"].value
              if f["source_url"] == base + "/hlj/hailin/c100190/202102/c01_800.shtml" and f["check"] == "T3_BALANCE"]
    assert {f["scope"] for f in hailin} == {"column legal_service_org", "column other_org"}
    rows = ParquetStore(str(root)).read_table("check_result").to_pylist()
    assert any(r["check_code"] == "T3_BALANCE" and r["status"] == "fail" and r["source_url"].endswith("c01_800.shtml")
               for r in rows)


def test_summary_and_readme_examples_run_on_the_demo_output(demo_run, monkeypatch):
    tmp, root, results, expected, base = demo_run
    text = summarize(str(root), results, expected=expected, strip_prefix=base)
    assert f"reports found: {len(expected)} (expected {len(expected)})" in text and "missing:" not in text
    duckdb.sql((root / "start.sql").read_text()).fetchall()  # the printed query runs
    monkeypatch.chdir(tmp)  # the README's analyst examples read ./data
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert len(blocks) >= 2
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
