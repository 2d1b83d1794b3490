"""Acceptance on the fixture reports: seed 004 flagged with the swap named, no false alarms elsewhere —
on truth-built reports and through the real parser."""

import json
from pathlib import Path

import pytest

from transforms.checks import check_rows, ruleset_version, run_checks
from transforms.model import Fact, ParsedReport
from transforms.parse import attach_checks, parse_path

from .helpers import fails
from .truth_reports import FIX, load, truth_files

CLEAN = [p for p in truth_files() if not json.loads(p.read_text("utf-8"))["known_inconsistencies"]]
SOURCES = sorted((FIX / "seeds").glob("*.txt")) + sorted(p for p in (FIX / "realdata").iterdir()
                                                          if p.suffix in (".txt", ".md", ".html"))


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.stem)
def test_no_false_alarm_on_clean_truth(path):
    res = run_checks(load(path, with_sections=True))
    assert fails(res) == [], [(r.code, r.scope, r.message_en) for r in fails(res)]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_parser_output_carries_checks(path: Path):
    rep = parse_path(path)
    assert rep.checks, "parse_document must attach checks"
    bad = fails(rep.checks)
    if path.name.startswith("004_"):
        assert "D_SWAP" in {r.code for r in bad}
        assert {r.code for r in bad} == {"T3_BALANCE", "T3_RESULTS", "D_SWAP"}
    else:
        assert bad == [], [(r.code, r.scope, r.message_en) for r in bad]
    assert not [e for e in rep.errors if e.stage == "check"]


def test_a_check_crash_becomes_a_recorded_error():
    rep = ParsedReport(source="broken.txt", template="2019", year=2020,
                       facts=[Fact("applications", "x", "x", row="1", column="total")])  # type: ignore[arg-type]
    attach_checks(rep)
    assert rep.checks == []
    assert rep.errors and rep.errors[0].stage == "check" and "broken.txt" in rep.errors[0].message


def test_check_rows_follow_the_check_result_schema():
    rows = check_rows(run_checks(load(truth_files()[4])), "r1", "2026-11-22T05:00:00Z")
    assert rows and set(rows[0]) == {"report_id", "check_code", "scope", "lhs", "rhs", "delta", "status",
                                     "severity", "detail", "ruleset_version", "run_at"}
    swap = next(r for r in rows if r["check_code"] == "D_SWAP")
    assert json.loads(swap["detail"])["cells"][0]["code"].startswith("3.7/")
    assert swap["ruleset_version"] == ruleset_version()
