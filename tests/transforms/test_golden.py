"""Golden tests: every seed and real report parses to exactly its hand-checked truth (values and units)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.transforms.truth import FIXTURES, diff_against_truth
from transforms.parse import parse_path

CASES = sorted(
    [(p, FIXTURES / "seeds" / "truth" / (p.name.rsplit(".", 1)[0] + ".json")) for p in (FIXTURES / "seeds").glob("*.txt")]
    + [(FIXTURES / "realdata" / json.loads(t.read_text())["file"], t) for t in (FIXTURES / "realdata" / "truth").glob("*.json")]
)


@pytest.mark.parametrize(("path", "truth"), CASES, ids=[c[0].name for c in CASES])
def test_report_matches_truth(path: Path, truth: Path) -> None:
    report = parse_path(path)
    assert diff_against_truth(report, truth) == []


def test_cases_cover_all_fixtures() -> None:
    assert len(CASES) == 8


def test_cli_output_scores_exact(tmp_path: Path) -> None:
    """The CLI's JSON Lines, scored by the shared score.py, is exact for every report."""
    files = [str(p) for p, _ in CASES]
    out = subprocess.run([sys.executable, "-m", "pipeline.cli", "parse", *files, "--format", "json"],
                         capture_output=True, text=True, check=True)
    pred = tmp_path / "pred.jsonl"
    pred.write_text(out.stdout, encoding="utf-8")
    assert len(out.stdout.splitlines()) == len(files)
    score = Path(__file__).resolve().parents[1] / "tools" / "score.py"
    for truth_dir, n in ((FIXTURES / "seeds" / "truth", 5), (FIXTURES / "realdata" / "truth", 3)):
        res = subprocess.run([sys.executable, str(score), str(truth_dir), str(pred)], capture_output=True, text=True)
        assert res.returncode == 0, res.stdout
        assert f"reports exact {n}/{n}" in res.stdout
