"""Acceptance (issue 4): every generated PDF/DOCX/DOC (and XLS/XLSX) version of a seed or real report parses
to exactly the facts of its truth, measured the way users measure it: `gongkai parse --format json` on the
fixture folder, then tests/tools/score.py against the per-format truth folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.transforms.documents.docs_util import DOCS, require_tool

REPO = Path(__file__).resolve().parents[3]
GONGKAI = Path(sys.executable).parent / "gongkai"
SCORE = REPO / "tests" / "tools" / "score.py"


@pytest.fixture(scope="module")
def predictions(tmp_path_factory):
    out: dict[str, Path] = {}

    def run(fmt: str) -> Path:
        if fmt not in out:
            pred = tmp_path_factory.mktemp(f"pred_{fmt}") / "pred.jsonl"
            with pred.open("w", encoding="utf-8") as fh:
                subprocess.run([str(GONGKAI), "parse", str(DOCS / fmt), "--format", "json"], stdout=fh,
                               check=True, timeout=300, cwd=REPO)
            out[fmt] = pred
        return out[fmt]

    return run


@pytest.mark.parametrize("fmt", ["pdf", "docx", "doc", "xlsx", "xls"])
def test_every_fixture_parses_to_exactly_its_truth(fmt, predictions):
    if fmt == "doc":
        require_tool("soffice")
    truth_dir = DOCS / f"truth_{fmt}"
    files = sorted((DOCS / fmt).iterdir())
    assert len(files) == len(list(truth_dir.glob("*.json"))) >= 2
    pred = predictions(fmt)
    reports = [json.loads(line) for line in pred.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(reports) == len(files)
    assert all(not r["errors"] for r in reports), [r["errors"] for r in reports if r["errors"]]
    proc = subprocess.run([sys.executable, str(SCORE), str(truth_dir), str(pred), "--verbose"],
                          capture_output=True, text=True, timeout=120)
    last = proc.stdout.strip().splitlines()[-1]
    n = len(files)
    assert proc.returncode == 0 and last.endswith(f"reports exact {n}/{n}") and "100.00%) strict" in last, proc.stdout
