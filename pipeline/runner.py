"""Running the graph from the CLI: DAGSTER_HOME, the in-process run over a range of years, the summary.

`gongkai demo` and `gongkai run` share this. Runs go into a persistent Dagster instance under the storage
root (`<root>/.dagster`, telemetry off) unless DAGSTER_HOME is set, so `dagster dev` pointed at the same home
shows their history, metadata and asset-check results.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

REPO = Path(__file__).resolve().parent.parent
DAGSTER_YAML = "telemetry:\n  enabled: false\n"


def prepare_dagster_home(storage_root: str) -> Path:
    """Point DAGSTER_HOME at a persistent folder with a dagster.yaml that turns telemetry off.

    Both switches are needed: `DAGSTER_DISABLE_TELEMETRY=1` alone only stops the upload, the yaml stops the
    local logging too (stack-notes.md).
    """
    os.environ["DAGSTER_DISABLE_TELEMETRY"] = "1"
    home = os.environ.get("DAGSTER_HOME")
    if home:
        path = Path(home)
    elif "://" in storage_root and not storage_root.startswith("file://"):
        path = Path.home() / ".gongkai" / "dagster"
    else:
        path = Path(storage_root.removeprefix("file://")).resolve() / ".dagster"
    path.mkdir(parents=True, exist_ok=True)
    cfg = path / "dagster.yaml"
    if not cfg.exists():
        template = REPO / "dagster.yaml"
        cfg.write_text(template.read_text(encoding="utf-8") if template.exists() else DAGSTER_YAML,
                       encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(path)
    return path


def parse_years(spec: str | None) -> tuple[str, str]:
    """`2019-2024`, `2021` or None (all partitions) -> first and last partition key."""
    from pipeline.partitions import all_year_keys

    keys = all_year_keys()
    if not spec:
        return keys[0], keys[-1]
    first, _, last = spec.partition("-")
    first, last = first.strip(), (last or first).strip()
    for y in (first, last):
        if y not in keys:
            raise SystemExit(f"year {y} is outside the partitions {keys[0]}–{keys[-1]}")
    if int(first) > int(last):
        raise SystemExit(f"bad year range {spec!r}")
    return first, last


def run_graph(storage_root: str, archive: str, crawl_targets: list[str], years: tuple[str, str],
              progress: bool | None = None, log_level: str = "INFO", crawl_args: list[str] | None = None
              ) -> list[Any]:
    """Run the graph in-process: crawl + parse first, then the yearly tables for the years that need them.

    Two runs rather than one over every partition: each partition of a single-run backfill costs Dagster
    event writes, so the tables run covers only the span of years that have reports now or had partitions
    before (those are emptied), within `years`. Returns the run results (ingest, tables).
    """
    import dagster as dg

    from pipeline.assets import _read_index
    from pipeline.definitions import INGEST_JOB, TABLES_JOB, build_definitions
    from pipeline.io import ParquetStore
    from pipeline.schemas import TABLES

    prepare_dagster_home(storage_root)
    show = sys.stderr.isatty() if progress is None else progress
    defs = build_definitions(storage_root=storage_root, archive=archive, crawl_targets=crawl_targets,
                             progress=show, crawl_args=crawl_args)
    run_config = {"loggers": {"console": {"config": {"log_level": log_level}}}}
    results = []
    with dg.DagsterInstance.get() as instance:
        ingest = defs.resolve_job_def(INGEST_JOB)
        if not crawl_targets:  # nothing to crawl: the archive is used as it is
            ingest = ingest.get_subset(asset_selection={dg.AssetKey("documents"), dg.AssetKey("parsed_reports")})
        results.append(ingest.execute_in_process(instance=instance, raise_on_error=False, run_config=run_config))
        if not results[-1].success:
            return results
        store = ParquetStore(storage_root)
        present = {r["report_year"] for r in _read_index(store) if r["report_year"] is not None}
        for table in TABLES:
            present.update(store.years(table))
        wanted = sorted(y for y in present if int(years[0]) <= y <= int(years[1]))
        if wanted:
            results.append(defs.resolve_job_def(TABLES_JOB).execute_in_process(
                instance=instance, raise_on_error=False, run_config=run_config,
                tags={ASSET_PARTITION_RANGE_START_TAG: str(wanted[0]),
                      ASSET_PARTITION_RANGE_END_TAG: str(wanted[-1])}))
    return results


def summarize(storage_root: str, results: list[Any], expected: list[dict] | None = None,
              strip_prefix: str = "") -> str:
    """What a user wants to see after a run: what was found and parsed, facts, failing checks, where to start."""
    from pipeline.assets import _read_index
    from pipeline.io import ParquetStore
    from pipeline.schemas import FACT_TABLES

    store = ParquetStore(storage_root)
    index = _read_index(store)
    parsed_ok = sum(1 for r in index if r["parse_status"] == "ok")
    with_facts = sum(1 for r in index if r["n_facts"])
    ok = all(r.success for r in results)
    lines = [f"runs {'succeeded' if ok else 'FAILED'}: " + ", ".join(f"{r.job_def.name} {r.run_id}" for r in results),
             f"reports found: {len(index)}" + (f" (expected {len(expected)})" if expected is not None else "")
             + f"; parsed ok: {parsed_ok}; with table facts: {with_facts}"]
    if expected is not None:
        found = {r["found_url"] for r in index} | {r["url"] for r in index}
        missing = [e for e in expected if e["url"] not in found]
        for e in missing:
            lines.append(f"  missing: {e['url'].removeprefix(strip_prefix)} {e.get('title', '')}")
    years: dict[Any, int] = {}
    for r in index:
        years[r["report_year"]] = years.get(r["report_year"], 0) + 1
    lines.append("by report year: " + ", ".join(f"{y}: {n}" for y, n in sorted(years.items(), key=str)))
    lines.append("facts: " + ", ".join(f"{t} {store.read_table(t).num_rows}" for t in FACT_TABLES))
    checks = store.read_table("check_result")
    failed = checks.filter(_fail_mask(checks)) if checks.num_rows else checks
    lines.append(f"checks: {checks.num_rows} evaluated, {failed.num_rows} failed")
    evaluations = [ev for r in results for ev in _check_evaluations(r)]
    failing = [ev for ev in evaluations if not ev[2]]
    lines.append(f"asset checks: {len(evaluations) - len(failing)} passed, {len(failing)} failed"
                 + "".join(f"\n  {ev[3].upper()} {ev[0]}.{ev[1]}" for ev in failing))
    if failed.num_rows:
        lines.append("failing checks (first 10):")
        for row in failed.slice(0, 10).to_pylist():
            lines.append(f"  {row['report_year']} {row['check_code']:<12} {row['scope'] or '':<22} "
                         f"lhs={row['lhs']} rhs={row['rhs']}  {row['source_url']}")
    sql = start_query(storage_root)
    lines += ["", "start exploring with DuckDB (the query is also in start.sql under the storage root):", sql]
    if store.is_local:
        store.write_bytes("start.sql", (sql + "\n").encode("utf-8"))
        lines.append(f"  run it: .venv/bin/python -c \"import duckdb; "
                     f"duckdb.sql(open('{storage_root.rstrip('/')}/start.sql').read()).show()\"")
    return "\n".join(lines)


def start_query(storage_root: str) -> str:
    """Applications received per agency and year: the first question most analysts ask."""
    root = storage_root.rstrip("/")
    return (f"SELECT r.report_year, r.agency_name, r.template, f.value AS applications_received\n"
            f"FROM read_parquet('{root}/fact_application/*/*.parquet', hive_partitioning = true) f\n"
            f"JOIN read_parquet('{root}/report/*/*.parquet', hive_partitioning = true) r USING (report_id)\n"
            f"WHERE f.row = '1' AND f.column = 'total'\nORDER BY r.report_year, r.agency_name;")


def _fail_mask(table: Any) -> Any:
    import pyarrow.compute as pc

    return pc.equal(table["status"], "fail")


def _check_evaluations(result: Any) -> Iterable[tuple[str, str, bool, str]]:
    for ev in result.get_asset_check_evaluations():
        yield ("/".join(ev.asset_key.path), ev.check_name, ev.passed, ev.severity.value.lower())
