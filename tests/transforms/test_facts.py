"""transforms.facts: ParsedReport + manifest row -> rows that fit the pinned Parquet schemas."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pyarrow as pa

from pipeline.schemas import PARTITION_COLUMN, TABLES
from tests.pipeline.truth import parsed_from_truth
from transforms.facts import agency_level, canonical_url, report_documents, report_id, report_rows
from transforms.model import CheckResult, ParsedReport

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED4 = FIXTURES / "seeds" / "truth" / "004_b6ebaffc46ffe707.json"
SEED3 = FIXTURES / "seeds" / "truth" / "003_dbf068044dca84d8.json"


def _doc(url: str = "http://www.hailin.gov.cn/art/2021/2/1/a.html", sha: str = "ab" * 32) -> dict:
    return {"url": url, "sha256": sha, "role": "detail", "status": 200, "site": "hailin",
            "fetched_at": "2021-02-02T01:02:03+00:00", "parent_url": "http://www.hailin.gov.cn/col/index.html",
            "report_id": report_id(url, sha)}


def test_report_id_is_sha256_of_canonical_url_and_raw_sha():
    url, sha = "HTTP://WWW.Hailin.gov.cn/a.html#top", "cd" * 32
    expected = hashlib.sha256(("http://www.hailin.gov.cn/a.html" + sha).encode()).hexdigest()[:16]
    assert report_id(url, sha) == expected
    assert canonical_url(url) == "http://www.hailin.gov.cn/a.html"
    assert report_id(url, "ef" * 32) != expected  # new bytes at the same URL: a new report version


def test_rows_fit_the_pinned_schemas_and_carry_provenance():
    parsed = parsed_from_truth(SEED4, "seed004")
    rows = report_rows(parsed, _doc(), parser_version="test")
    assert set(rows) == set(TABLES)
    for table, table_rows in rows.items():
        names = set(TABLES[table].names) | {PARTITION_COLUMN}
        for r in table_rows:
            assert set(r) == names, (table, set(r) ^ names)
            assert r[PARTITION_COLUMN] == 2020
        pa.Table.from_pylist(table_rows, schema=TABLES[table])  # types fit: raises otherwise
    assert len(rows["fact_application"]) == 7 * 23
    assert len(rows["fact_review_litigation"]) == 15
    assert len(rows["fact_active"]) == len(parsed.facts) - 7 * 23 - 15 == 22
    for table in ("fact_active", "fact_application", "fact_review_litigation", "fact_narrative"):
        for r in rows[table]:
            assert r["report_id"] == _doc()["report_id"] and r["raw_sha256"] == "ab" * 32
            assert r["source_url"] == _doc()["url"] and r["cell_ref"]
    rep = rows["report"][0]
    assert rep["agency_name"] == "海林市人民政府" and rep["agency_level"] == "city"
    assert rep["year_source"] == "parser" and rep["template"] == "2019"
    assert rep["list_url"] == "http://www.hailin.gov.cn/col/index.html"
    proc = [r for r in rows["fact_active"] if r["content"] == "procurement"]
    assert all(isinstance(r["value"], Decimal) or r["value"] is None for r in proc)


def test_rows_come_out_in_a_fixed_order():
    a = report_rows(parsed_from_truth(SEED4, "s"), _doc(), parser_version="t")
    parsed = parsed_from_truth(SEED4, "s")
    parsed.facts.reverse()
    b = report_rows(parsed, _doc(), parser_version="t")
    assert a == b


def test_2021_reports_get_a_derived_36_row():
    rows = report_rows(parsed_from_truth(SEED3, "s3"), _doc(), parser_version="t")["fact_application"]
    derived = {r["column"]: r["value"] for r in rows if r["row"] == "3.6" and r["row_kind"] == "derived"}
    assert len(derived) == 7
    for col, value in derived.items():
        parts = [r["value"] for r in rows if r["row"].startswith("3.6.") and r["column"] == col]
        assert value == sum(v for v in parts if v is not None)


def test_year_falls_back_to_publish_date_then_fetch_date():
    doc = _doc()
    rows = report_rows(ParsedReport(source="x", publish_date="2022-01-20"), doc, parser_version="t")
    assert rows["report"][0]["report_year"] == 2021 and rows["report"][0]["year_source"] == "publish_date"
    rows = report_rows(ParsedReport(source="x"), doc, parser_version="t")
    assert rows["report"][0]["report_year"] == 2020 and rows["report"][0]["year_source"] == "fetched_at"


def test_failed_checks_are_rows_with_their_severity():
    parsed = ParsedReport(source="x", year=2020, checks=[
        CheckResult(code="T3_BALANCE", status="fail", severity="warn", scope="legal_service_org", lhs=1, rhs=0,
                    delta=1, cells=[{"row": "3.7", "column": "legal_service_org"}])])
    rows = report_rows(parsed, _doc(), parser_version="t")
    (row,) = rows["check_result"]
    assert row["status"] == "fail" and row["severity"] == "warn" and row["delta"] == 1.0
    assert '"3.7"' in row["cells"] and rows["report"][0]["n_checks_failed"] == 1


def test_report_documents_keeps_latest_successful_fetch_per_url():
    manifest = [
        {"url": "http://a.gov.cn/list.html", "role": "list_page", "sha256": "1" * 64, "status": 200},
        {"url": "http://a.gov.cn/r.html", "role": "detail", "sha256": "2" * 64, "status": 200,
         "parent_url": "http://a.gov.cn/list.html"},
        {"url": "http://a.gov.cn/r.html", "role": "detail", "sha256": "3" * 64, "status": 200,
         "parent_url": "http://a.gov.cn/list.html"},
        {"url": "http://a.gov.cn/r.pdf", "role": "attachment", "sha256": "4" * 64, "status": 200,
         "parent_url": "http://a.gov.cn/r.html"},
        {"url": "http://a.gov.cn/bad.html", "role": "detail", "sha256": "5" * 64, "status": 500},
        {"url": "http://a.gov.cn/cut.html", "role": "detail", "sha256": "6" * 64, "status": 200,
         "fault": "truncated"},
    ]
    docs = report_documents(manifest)
    assert [d["url"] for d in docs] == ["http://a.gov.cn/r.html", "http://a.gov.cn/r.pdf"]
    assert docs[0]["sha256"] == "3" * 64 and docs[0]["attachment_urls"] == ["http://a.gov.cn/r.pdf"]
    assert docs[0]["parent"]["role"] == "list_page" and docs[1]["parent"]["url"] == "http://a.gov.cn/r.html"


def test_agency_level_from_name():
    assert agency_level("海林市人民政府") == "city"
    assert agency_level("宝清县七星河乡人民政府") == "township"
    assert agency_level("沭阳县发展和改革局") == "department"
    assert agency_level("上海市人民政府办公厅") == "department"
    assert agency_level("某某", registry_level="county") == "county"
