"""`gongkai demo` and `gongkai run`: the main job end to end, as a user runs it."""

from __future__ import annotations

from pipeline.cli import main


def test_demo_command_parses_its_options(monkeypatch):
    import pipeline.demo as demo_module

    seen = {}

    def fake_demo(root, years, keep=False, progress=None):  # the real demo runs in tests/pipeline/test_demo.py
        seen.update(root=root, years=years, keep=keep)
        return [], [], ""

    monkeypatch.setattr(demo_module, "demo", fake_demo)
    monkeypatch.setattr(demo_module, "summarize", lambda *a, **k: "summary")
    assert main(["demo", "--out", "somewhere", "--years", "2020-2021", "--keep"]) == 0
    assert seen == {"root": "somewhere", "years": ("2020", "2021"), "keep": True}


def test_run_without_sites_rebuilds_tables_from_the_archive(tmp_path, archive, monkeypatch, capsys):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    root = tmp_path / "data"
    assert main(["run", "--out", str(root), "--archive", str(archive)]) == 0
    assert "reports found: 8" in capsys.readouterr().out
