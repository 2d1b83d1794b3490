"""`gongkai extract`: the extractors' view of a file, for people debugging a parse."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.cli import main

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "documents"


def test_extract_shows_table_rows_with_span_markers(capsys):
    assert main(["extract", str(DOCS / "pdf" / "real_012.pdf")]) == 0
    out = capsys.readouterr().out
    assert "format pdf  status ok" in out
    assert "一、本年新收政府信息公开申请数量 | ↑ | ↑ | 26" in out


def test_extract_json_and_errors(capsys):
    assert main(["extract", "--format", "json", str(DOCS / "bad" / "encrypted.pdf")]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["status"] == "error" and doc["errors"][0]["code"] == "encrypted"
