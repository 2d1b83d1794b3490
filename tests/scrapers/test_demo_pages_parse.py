"""The demo portal's detail pages, once cleaned, still carry every number of the seed reports.

Joins this package to the parser (transforms.parse): the cleaned HTML the archive stores is what the
pipeline parses, so chrome/noise stripping must not cost a single table cell.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from scrapers.cleaning import clean_page
from tests.scrapers.conftest import FIXTURES, REPO

_spec = importlib.util.spec_from_file_location("score", REPO / "tests" / "tools" / "score.py")
score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)


def _seed_pages(demo_root):
    exp = json.loads((demo_root / "expected.json").read_text(encoding="utf-8"))
    return [(site, r) for site, e in exp["sites"].items() for r in e["reports"]
            if r.get("source", "").startswith("seeds/") and r.get("body") == "html"]


def test_cleaned_demo_pages_parse_to_truth(demo_root):
    parse_bytes = pytest.importorskip("transforms.parse").parse_bytes
    pages = _seed_pages(demo_root)
    assert len(pages) >= 4
    for site, rep in pages:
        raw = (demo_root / rep["path"].lstrip("/")).read_bytes()
        cp = clean_page(raw, "http://127.0.0.1" + rep["path"])
        html = f"<html><head><meta charset='utf-8'><title>{cp.title}</title></head><body>{cp.html}</body></html>"
        parsed = parse_bytes(html.encode("utf-8"), rep["path"]).to_json()
        stem = rep["source"].split("/")[1].rsplit(".", 1)[0]
        truth = json.loads((FIXTURES / "seeds" / "truth" / f"{stem}.json").read_text(encoding="utf-8"))
        want, got = score.truth_cells(truth), score.pred_cells(parsed)
        wrong = [k for k, v in want.items() if not score.same(v, got.get(k))]
        assert not wrong, f"{site} {rep['path']}: {len(wrong)} cells differ, e.g. {wrong[:3]}"
        assert parsed["year"] == truth["year"]
