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


def test_blob_writes_archived_bytes_packed_or_loose(tmp_path, capsysbinary):
    from scrapers.archive import ArchiveWriter

    archive = tmp_path / "archive"
    loose = ArchiveWriter(archive).put(b"<html>loose page</html>")
    writer = ArchiveWriter(archive, sync_every=1.0)  # a crawl's writer packs blobs into a segment
    packed = writer.put("%PDF-1.4 附件".encode())
    writer.sync()
    assert main(["blob", packed, "--archive", str(archive)]) == 0
    assert capsysbinary.readouterr().out == "%PDF-1.4 附件".encode()
    out = tmp_path / "page.html"
    assert main(["blob", loose, "--archive", str(archive), "-o", str(out)]) == 0
    assert out.read_bytes() == b"<html>loose page</html>"
    assert main(["blob", "0" * 64, "--archive", str(archive)]) == 1
    assert b"not in the archive" in capsysbinary.readouterr().err
