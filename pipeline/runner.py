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
              job: str = "gongkai", progress: bool | None = None, log_level: str = "INFO") -> Any:
    """One in-process run of `job` over the partition range `years` (single-run backfill policy)."""
    import dagster as dg
    from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

    from pipeline.definitions import build_definitions

    prepare_dagster_home(storage_root)
    show = sys.stderr.isatty() if progress is None else progress
    defs = build_definitions(storage_root=storage_root, archive=archive, crawl_targets=crawl_targets,
                             progress=show)
    with dg.DagsterInstance.get() as instance:
        return defs.resolve_job_def(job).execute_in_process(
            instance=instance, raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
            tags={ASSET_PARTITION_RANGE_START_TAG: years[0], ASSET_PARTITION_RANGE_END_TAG: years[1]})


def summarize(storage_root: str, result: Any, expected: int | None = None) -> str:
    """What a user wants to see after a run: what was found and parsed, facts, failing checks, where to start."""
    from pipeline.assets import _read_index
    from pipeline.io import ParquetStore
    from pipeline.schemas import FACT_TABLES

    store = ParquetStore(storage_root)
    index = _read_index(store)
    parsed_ok = sum(1 for r in index if r["parse_status"] == "ok")
    with_facts = sum(1 for r in index if r["n_facts"])
    lines = [f"run {'succeeded' if result.success else 'FAILED'} ({result.run_id})",
             f"reports found: {len(index)}" + (f" (expected {expected})" if expected is not None else "")
             + f"; parsed ok: {parsed_ok}; with table facts: {with_facts}"]
    years: dict[Any, int] = {}
    for r in index:
        years[r["report_year"]] = years.get(r["report_year"], 0) + 1
    lines.append("by report year: " + ", ".join(f"{y}: {n}" for y, n in sorted(years.items(), key=str)))
    lines.append("facts: " + ", ".join(f"{t} {store.read_table(t).num_rows}" for t in FACT_TABLES))
    checks = store.read_table("check_result")
    failed = checks.filter(_fail_mask(checks)) if checks.num_rows else checks
    lines.append(f"checks: {checks.num_rows} evaluated, {failed.num_rows} failed")
    evaluations = list(_check_evaluations(result))
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
