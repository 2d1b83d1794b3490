"""`gongkai demo` and `gongkai run`: the main job end to end, as a user runs it."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.cli import main
from pipeline.io import ParquetStore


def test_demo_runs_the_graph_and_prints_a_summary(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.setenv("DAGSTER_DISABLE_TELEMETRY", "0")
    root = tmp_path / "data"
    assert main(["demo", "--out", str(root)]) == 0
    out = capsys.readouterr().out
    assert "reports found:" in out and "read_parquet(" in out and "asset checks:" in out
    home = root / ".dagster"
    assert "enabled: false" in (home / "dagster.yaml").read_text()
    import os

    assert os.environ["DAGSTER_DISABLE_TELEMETRY"] == "1" and os.environ["DAGSTER_HOME"] == str(home.resolve())
    reports = ParquetStore(str(root)).read_table("report")
    assert reports.num_rows > 0
    assert (root / "start.sql").read_text().startswith("SELECT")
    import duckdb

    duckdb.sql((root / "start.sql").read_text()).fetchall()  # the printed query runs
    monkeypatch.chdir(tmp_path)  # the README's analyst examples run against ./data
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert len(blocks) >= 2
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_run_without_sites_rebuilds_tables_from_the_archive(tmp_path, archive, monkeypatch, capsys):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    root = tmp_path / "data"
    assert main(["run", "--out", str(root), "--archive", str(archive)]) == 0
    assert "reports found: 8" in capsys.readouterr().out
