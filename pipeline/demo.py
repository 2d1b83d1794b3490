"""`gongkai demo`: the main job on the bundled demo portal, end to end, offline.

Starts the demo portal (`scrapers.demo_portal.serve`) on 127.0.0.1 with an ephemeral port, then runs the
whole Dagster graph in-process for every report year: crawl over real HTTP (Scrapy in a subprocess via Pipes)
→ documents → parsed reports → Parquet tables → checks, and prints a summary and a DuckDB query to start from.

The portal is one pluggable step (`portal_targets`): when `scrapers.demo_portal` is not installed yet, the
bundled fixture reports are imported into the raw archive directly and the output says so.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from pipeline.runner import parse_years, run_graph, summarize
from scrapers.archive import ArchiveWriter

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"


def demo_site_ids() -> list[str]:
    """Demo sites of the registry (`demo: true` or an id starting with `demo`)."""
    from pipeline.resources import site_registry

    return sorted(sid for sid, entry in site_registry().items() if entry.get("demo") or sid.startswith("demo"))


@contextlib.contextmanager
def portal_targets(archive: Path) -> Iterator[tuple[list[str], int | None, str]]:
    """Yield (crawl targets, expected report count or None, description) while the demo portal is up."""
    try:
        from scrapers import demo_portal
    except ImportError:
        demo_portal = None
    if demo_portal is not None:
        with demo_portal.serve(None, "127.0.0.1", 0) as base_url:
            sites = demo_site_ids()
            expected = getattr(demo_portal, "expected_reports", None)
            yield ([f"{s}={base_url}" for s in sites], expected() if callable(expected) else None,
                   f"demo portal at {base_url} ({len(sites)} sites)")
        return
    n = import_fixture_files(archive)
    yield [], n, f"demo portal not available in this build: {n} bundled fixture reports imported into the archive"


def import_fixture_files(archive: Path) -> int:
    """Fallback until the demo portal lands: archive the bundled fixture reports as detail pages."""
    files = sorted(p for d in ("seeds", "realdata") for p in (FIXTURES / d).glob("*.*")
                   if p.suffix in (".txt", ".md", ".html"))
    w = ArchiveWriter(archive)
    for p in files:
        data = p.read_bytes()
        url = f"http://demo.invalid/fixtures/{p.parent.name}/{p.name}"
        w.record({"url": url, "final_url": url, "status": 200, "sha256": w.put(data), "site": "fixtures",
                  "role": "detail", "bytes": len(data), "filename": p.name,
                  "fetched_at": "2025-02-01T00:00:00+00:00"})
    return len(files)


def run_demo(args: argparse.Namespace) -> int:
    root = str(args.out)
    archive = Path(root) / "archive"
    if getattr(args, "fresh", False):
        for sub in ("archive", "_work", "report", "fact_active", "fact_application", "fact_review_litigation",
                    "fact_narrative", "check_result", "artifact"):
            shutil.rmtree(Path(root) / sub, ignore_errors=True)
    years = parse_years(getattr(args, "years", None))
    with portal_targets(archive) as (targets, expected, description):
        print(f"demo: {description}; storage root {root}; years {years[0]}–{years[1]}", flush=True)
        results = run_graph(root, str(archive), targets, years, progress=getattr(args, "progress", None))
    print(summarize(root, results, expected=expected))
    return 0 if all(r.success for r in results) else 1


def run_portal(args: argparse.Namespace) -> int:
    """`gongkai run --site ID --years 2019-2024`: the same graph against a real portal from the registry."""
    root = str(args.out)
    archive = args.archive or str(Path(root) / "archive")
    years = parse_years(args.years)
    targets = [f"{s}={args.base_url}" if args.base_url else s for s in args.site]
    print(f"run: sites {', '.join(args.site) or '(none: archive as is)'}; storage root {root}; "
          f"years {years[0]}–{years[1]}", flush=True)
    results = run_graph(root, archive, targets, years)
    print(summarize(root, results))
    return 0 if all(r.success for r in results) else 1
