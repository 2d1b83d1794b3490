"""Cell-by-cell comparison of a ParsedReport with a truth file (same semantics as tests/tools/score.py)."""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def truth_cells(t: dict) -> dict[tuple, object]:
    cells: dict[tuple, object] = {}
    for a in t["active"]:
        cells[("active", a["item"], a["content"], a["metric"])] = (a["value"], a.get("unit"))
    for row, vals in t["applications"].items():
        for col, v in zip(t["columns"], vals, strict=True):
            cells[("applications", row, col)] = v
    for key, v in t["review_litigation"].items():
        proceeding, outcome = key.split(".")
        cells[("review_litigation", proceeding, outcome)] = v
    return cells


def predicted_cells(report) -> dict[tuple, object]:
    out: dict[tuple, object] = {}
    for f in report.facts:
        if f.table == "active":
            out[f.key] = (f.value, f.unit)
        elif f.row_kind == "template" or f.table != "applications":
            out[f.key] = f.value
    return out


def diff_against_truth(report, truth_path: Path) -> list[str]:
    """Human-readable differences; empty when every truth cell (value, and unit for table 二) matches."""
    t = json.loads(truth_path.read_text(encoding="utf-8"))
    want, got = truth_cells(t), predicted_cells(report)
    problems = [f"{k}: want {v!r} got {got.get(k, 'MISSING')!r}" for k, v in want.items() if got.get(k, "MISSING") != v]
    for field in ("year", "template"):
        if str(getattr(report, field)) != str(t[field]):
            problems.append(f"{field}: want {t[field]!r} got {getattr(report, field)!r}")
    return problems
