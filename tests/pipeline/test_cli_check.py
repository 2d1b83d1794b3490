"""`gongkai check DIR_OR_FILES`: real files through the real parser, failures printed as a table."""

import json
import shutil
from pathlib import Path

from pipeline.cli import main

FIX = Path(__file__).resolve().parents[1] / "fixtures"


def test_check_folder_prints_the_swap(capsys):
    rc = main(["check", str(FIX / "seeds")])
    out = capsys.readouterr().out
    assert rc == 0
    lines = [ln for ln in out.splitlines() if ln.startswith("004_")]
    assert any("D_SWAP" in ln and "warn" in ln for ln in lines)
    assert not any(ln.startswith(("000_", "001_", "002_", "003_")) and " warn " in ln for ln in out.splitlines())
    assert "5 report(s) checked" in out


def test_check_json_and_cross_year(tmp_path, capsys):
    # the same report saved twice as two years of one agency: the later copy is a republished report
    src = (FIX / "seeds" / "004_b6ebaffc46ffe707.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(src, encoding="utf-8")
    (tmp_path / "b.txt").write_text(src.replace("2020", "2021"), encoding="utf-8")
    shutil.copy(FIX / "seeds" / "001_ca48803eb8e502d4.txt", tmp_path / "c.txt")
    rc = main(["check", str(tmp_path), "--format", "json", "--lang", "zh"])
    rows = [json.loads(ln) for ln in capsys.readouterr().out.splitlines()]
    assert rc == 0
    codes = {(r["file"], r["code"]) for r in rows}
    assert ("a.txt", "D_SWAP") in codes
    assert ("b.txt", "V_DUP") in codes  # cross-year over the folder: same tables as the year before
    assert ("b.txt", "X_ITEMS19") in codes  # 2021 prior_items != 2020 prior_items + change
    assert not [r for r in rows if r["file"] == "c.txt" and r["severity"] != "info"]
    assert all(r["message"] for r in rows)
