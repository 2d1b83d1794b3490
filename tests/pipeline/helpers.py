"""Run the gongkai graph in-process for tests."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from pipeline.definitions import build_definitions
from pipeline.partitions import all_year_keys


def run(root: Path, archive: Path, job: str = "gongkai", years: tuple[str, str] | None = None,
        crawl_targets: list[str] | None = None, instance: dg.DagsterInstance | None = None
        ) -> dg.ExecuteInProcessResult:
    keys = all_year_keys()
    first, last = years or (keys[0], keys[-1])
    defs = build_definitions(storage_root=str(root), archive=str(archive), crawl_targets=crawl_targets)
    return defs.resolve_job_def(job).execute_in_process(
        instance=instance, raise_on_error=True,
        tags={ASSET_PARTITION_RANGE_START_TAG: first, ASSET_PARTITION_RANGE_END_TAG: last})


def checks(result: dg.ExecuteInProcessResult) -> dict[tuple[str, str], dg.AssetCheckEvaluation]:
    return {("/".join(e.asset_key.path), e.check_name): e for e in result.get_asset_check_evaluations()}


def parquet_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("report_year=*/*.parquet"))}
