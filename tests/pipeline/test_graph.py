"""Materialize the whole graph on an archive of the fixture reports and read the Parquet back."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from pipeline.io import ParquetStore
from pipeline.schemas import FACT_TABLES, TABLES
from scrapers.archive import ArchiveWriter
from tests.pipeline.conftest import REPORT_FILES, build_archive
from tests.pipeline.helpers import checks, parquet_files, run
from transforms.parse import parse_path

SEED4 = next(p for p in REPORT_FILES if p.name.startswith("004_"))


def _parser_reads_tables() -> bool:
    return bool(parse_path(SEED4).facts)


def test_graph_writes_every_report_with_its_facts(tmp_path, archive):
    result = run(tmp_path / "data", archive)
    assert result.success
    store = ParquetStore(str(tmp_path / "data"))
    reports = store.read_table("report").to_pylist()
    urls = sorted(r["source_url"] for r in reports)
    assert urls == sorted(f"http://fixtures.gov.cn.test/xxgk/ndbg/{p.name}" for p in REPORT_FILES)
    assert len({r["report_id"] for r in reports}) == len(reports)
    for table in TABLES:  # every table readable with its pinned schema
        assert store.read_table(table).schema.names[:-1] == TABLES[table].names
    con = duckdb.connect()
    root = (tmp_path / "data").as_posix()
    n_table = 0  # every table fact the parser found is in the Parquet, once
    for table in FACT_TABLES[:3]:
        n_table += con.sql(f"SELECT count(*) FROM read_parquet('{root}/{table}/*/*.parquet', "
                           f"hive_partitioning=true)").fetchall()[0][0]
    assert n_table == sum(r["n_facts"] for r in reports)
    artifacts = store.read_table("artifact").to_pylist()
    assert {(a["report_id"], a["role"]) for a in artifacts} == (
        {(r["report_id"], "detail_html") for r in reports} | {(r["report_id"], "list_page") for r in reports})
    found = checks(result)
    for key in [(t, "schema") for t in TABLES] + [("report", "parse_errors"), ("parsed_reports", "parse_failures")]:
        assert found[key].passed, key
        assert found[key].severity == dg.AssetCheckSeverity.ERROR
    if _parser_reads_tables():
        assert all(r["n_facts"] > 0 and r["template"] in ("2019", "2021") for r in reports)
        assert {r["report_year"] for r in reports} >= {2020, 2021}


def test_seed_004_inconsistency_is_a_warn_asset_check(tmp_path):
    """Seed 004 alone in an archive: its swapped 3.7 cells fail T3_BALANCE, shown as a WARN asset check."""
    archive = tmp_path / "archive"
    build_archive(archive, [SEED4])
    result = run(tmp_path / "data", archive)
    warn = checks(result)[("check_result", "report_consistency")]
    assert not warn.passed and warn.severity == dg.AssetCheckSeverity.WARN
    failures = warn.metadata["failures"].value
    assert {f["check"] for f in failures} >= {"T3_BALANCE"}
    assert {f["scope"] for f in failures if f["check"] == "T3_BALANCE"} == {"column legal_service_org",
                                                                            "column other_org"}
    rows = ParquetStore(str(tmp_path / "data")).read_table("check_result").to_pylist()
    assert any(r["check_code"] == "T3_BALANCE" and r["status"] == "fail" for r in rows)


def test_rerun_is_idempotent_and_byte_identical(tmp_path, archive):
    root = tmp_path / "data"
    run(root, archive)
    first = parquet_files(root)
    assert first
    run(root, archive)  # rerun: parse cache hit
    assert parquet_files(root) == first
    fresh = tmp_path / "fresh"
    run(fresh, archive)  # a fresh storage root: parsed again from the archive
    assert parquet_files(fresh) == first
    store = ParquetStore(str(root))
    year = str(store.years("report")[0])
    n_before = store.read_table("report").num_rows
    run(root, archive, job="transform", years=(year, year))  # re-materialize one year
    reports = store.read_table("report")
    assert reports.num_rows == n_before
    assert len(set(reports["report_id"].to_pylist())) == n_before
    assert parquet_files(root) == first


def test_bad_document_is_recorded_and_the_run_goes_on(tmp_path, archive):
    w = ArchiveWriter(archive)
    for name, data in (("empty.html", b"   "), ("garbage.bin", bytes(range(256)) * 8)):
        url = f"http://fixtures.gov.cn.test/xxgk/ndbg/{name}"
        w.record({"url": url, "status": 200, "sha256": w.put(data), "site": "fixtures", "role": "attachment",
                  "fetched_at": "2025-02-01T00:00:00+00:00", "parent_url": "http://fixtures.gov.cn.test/x"})
    result = run(tmp_path / "data", archive)
    assert result.success
    reports = {r["source_url"].rsplit("/", 1)[-1]: r
               for r in ParquetStore(str(tmp_path / "data")).read_table("report").to_pylist()}
    assert len(reports) == len(REPORT_FILES) + 2
    assert reports["empty.html"]["parse_errors"][0]["code"] == "empty_file"
    assert reports["empty.html"]["parse_errors"][0]["stage"] == "extract"
    err = checks(result)[("report", "parse_errors")]
    assert not err.passed and err.severity == dg.AssetCheckSeverity.ERROR
    assert "empty.html" in {e["url"].rsplit("/", 1)[-1] for e in err.metadata["errors"].value}


def test_years_without_reports_are_emptied(tmp_path, archive):
    root = tmp_path / "data"
    run(root, archive)
    store = ParquetStore(str(root))
    year = store.years("report")[0]
    empty = tmp_path / "empty-archive"
    empty.mkdir()
    run(root, empty, job="transform", years=(str(year), str(year)))
    assert store.years("report") == [y for y in store.years("report") if y != year]
    assert year not in store.years("fact_application")


def test_pipeline_does_not_parse(tmp_path: Path):
    """pipeline/ only wires: no parsing or crawling code (no regexes, no HTML parsing, no Scrapy)."""
    src = Path(__file__).resolve().parents[2] / "pipeline"
    for path in src.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for forbidden in ("import re\n", "import scrapy", "from bs4", "import lxml"):
            assert forbidden not in text, (path.name, forbidden)


def test_cross_year_carry_over_is_checked_against_the_previous_year(tmp_path):
    """Two years of one agency whose carry-over disagrees: X_CARRY fails in check_result of the later year."""
    import random

    from transforms.synthetic import random_report, render

    rng = random.Random(7)
    archive = tmp_path / "archive"
    w = ArchiveWriter(archive)
    first = random_report(rng, "2019")
    first.year, first.agency = 2020, "测试县人民政府"
    second = random_report(rng, "2021")
    second.year, second.agency = 2021, "测试县人民政府"
    second.applications["2"] = [v + 1 for v in first.applications["4"][:-1]] + [first.applications["4"][-1] + 6]
    for rep in (first, second):
        data, name = render(rep, "html")
        url = f"http://x.gov.cn.test/ndbg/{rep.year}/{name}"
        w.record({"url": url, "status": 200, "sha256": w.put(data), "site": "x", "role": "detail",
                  "fetched_at": f"{rep.year + 1}-01-20T00:00:00+00:00"})
    result = run(tmp_path / "data", archive)
    rows = ParquetStore(str(tmp_path / "data")).read_table("check_result").to_pylist()
    carry = [r for r in rows if r["check_code"] == "X_CARRY"]
    assert carry and all(r["cross_year"] and r["report_year"] == 2021 for r in carry)
    assert any(r["status"] == "fail" for r in carry)
    warn = checks(result)[("check_result", "cross_year_consistency")]
    assert not warn.passed and warn.severity == dg.AssetCheckSeverity.WARN
