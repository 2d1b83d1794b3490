"""Compare a crawl of the demo portal with what the portal holds (expected.json): found/expected per site."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from scrapers.archive import read_manifest


def _path(url: str) -> str:
    p = urlparse(url)
    return p.path + (f"?{p.query}" if p.query else "")


def found_vs_expected(archive: str | Path, expected: dict[str, Any], run_id: str) -> dict[str, dict[str, Any]]:
    """Per demo site: reports found/expected (+ missing, extra), attachments archived/expected, faults
    recorded/expected, and detail/attachment downloads that did not come from the HTTP cache."""
    rows = [r for r in read_manifest(archive) if r.get("run_id") == run_id]
    out: dict[str, dict[str, Any]] = {}
    for site, exp in expected["sites"].items():
        srows = [r for r in rows if r.get("site") == site]
        found = {_path(r["url"]) for r in srows if r.get("report") and not r.get("fault")}
        want = {r["path"] for r in exp["reports"]}
        fault_paths = [{**f, "path": f["path"]} for f in exp["faults"]]
        atts = {_path(r["url"]) for r in srows if r.get("role") == "attachment" and not r.get("fault")
                and r.get("sha256")}
        faults = [r for r in srows if r.get("fault")]
        recorded = 0
        for f in fault_paths:
            ok = any(r["fault"]["kind"] == f["kind"] and r["fault"].get("reason") and (
                _path(r["url"]).startswith(f["path"]) if f.get("match") == "prefix" else _path(r["url"]) == f["path"])
                for r in faults)
            recorded += ok
        downloaded = sum(1 for r in srows if r.get("role") in ("detail", "attachment") and r.get("sha256")
                         and not r.get("fault") and not r.get("cached") and r.get("row_kind") != "clean")
        out[site] = {"reports_found": len(found & want), "reports_expected": len(want),
                     "missing": sorted(want - found), "extra": sorted(found - want),
                     "attachments_archived": len(atts & {_path(a) if "://" in a else a for a in exp["attachments"]}),
                     "attachments_expected": len(exp["attachments"]),
                     "faults_recorded": recorded, "faults_expected": len(exp["faults"]),
                     "detail_or_attachment_downloads": downloaded}
    return out


def format_table(result: dict[str, dict[str, Any]]) -> str:
    lines = [f"{'site':<14} {'reports':>9} {'attachments':>12} {'faults':>8} {'downloads':>10}"]
    for site, r in result.items():
        lines.append(f"{site:<14} {r['reports_found']:>4}/{r['reports_expected']:<4} "
                     f"{r['attachments_archived']:>6}/{r['attachments_expected']:<5} "
                     f"{r['faults_recorded']:>3}/{r['faults_expected']:<4} {r['detail_or_attachment_downloads']:>10}")
        if r["missing"] or r["extra"]:
            lines.append(f"   missing {r['missing']} extra {r['extra']}")
    return "\n".join(lines)
