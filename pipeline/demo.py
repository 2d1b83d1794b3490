"""`gongkai demo`: the main job on the bundled demo portal, end to end, offline.

Starts the demo portal (`scrapers.demo_portal.serve`) on 127.0.0.1 with an ephemeral port, then runs the
whole Dagster graph in-process for every report year: crawl over real HTTP (Scrapy in a subprocess via Pipes)
→ documents → parsed reports → Parquet tables → checks, and prints a summary and a DuckDB query to start from.

Each demo starts fresh (the portal's port changes from run to run, so its URLs are new reports): the
archive and tables under the storage root are replaced; `--keep` keeps them.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.runner import parse_years, run_graph, summarize
from pipeline.schemas import TABLES

DEMO_CRAWL_ARGS = ["--fast", "--timeout", "3", "--log-level", "WARNING"]  # localhost: no politeness delays, short timeouts, quiet Scrapy


@contextlib.contextmanager
def portal_targets(workdir: Path) -> Iterator[tuple[list[str], list[dict], str]]:
    """Build and serve the bundled demo portal; yield (crawl targets, expected reports, description).

    The crawl itself is the graph's `crawled_pages` asset (Scrapy in a subprocess via Dagster Pipes) fetching
    from this server over real HTTP on 127.0.0.1 with an ephemeral port.
    """
    from scrapers.demo_portal import build, expected, serve

    root = build(workdir / "demo-portal")
    with serve(root, "127.0.0.1", 0) as base_url:
        exp = expected(root, base_url)
        reports = [r for site in exp["sites"].values() for r in site["reports"]]
        yield ([f"demo={base_url}"], reports,
               f"demo portal at {base_url} ({len(exp['sites'])} sites, {len(reports)} reports to find)")


def demo(root: str, years: tuple[str, str], keep: bool = False, progress: bool | None = None
         ) -> tuple[list[Any], list[dict], str]:
    """The main job: serve the demo portal, run the graph over it; returns (run results, expected, base URL)."""
    archive = Path(root) / "archive"
    if not keep:
        for sub in ("archive", "_work", *TABLES):
            shutil.rmtree(Path(root) / sub, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="gongkai-demo-") as tmp, \
            portal_targets(Path(tmp)) as (targets, expected, description):
        print(f"demo: {description}; storage root {root}; years {years[0]}–{years[1]}", flush=True)
        results = run_graph(root, str(archive), targets, years, progress=progress, crawl_args=DEMO_CRAWL_ARGS)
        base = targets[0].split("=", 1)[1]
    return results, expected, base


def run_demo(args: argparse.Namespace) -> int:
    root = str(args.out)
    results, expected, base = demo(root, parse_years(getattr(args, "years", None)), getattr(args, "keep", False))
    print(summarize(root, results, expected=expected, strip_prefix=base))
    return 0 if all(r.success for r in results) else 1


def run_portal(args: argparse.Namespace) -> int:
    """`gongkai run --site ID --years 2019-2024`: the same graph against a real portal from the registry."""
    root = str(args.out)
    archive = args.archive or str(Path(root) / "archive")
    years = parse_years(args.years)
    targets = [f"{s}={args.base_url}" if args.base_url else s for s in args.site]
    print(f"run: sites {', '.join(args.site) or '(none: archive as is)'}; storage root {root}; "
          f"years {years[0]}–{years[1]}", flush=True)
    results = run_graph(root, archive, targets, years, crawl_args=["--years", f"{years[0]}-{years[1]}"])
    print(summarize(root, results))
    return 0 if all(r.success for r in results) else 1
