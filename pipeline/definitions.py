"""Dagster Definitions of gongkai: the asset graph, its checks, the nightly schedule and the resources.

`defs` (what `dagster dev -w workspace.yaml` loads) takes its settings from the environment
(`GONGKAI_STORAGE_ROOT`, default ./data; `GONGKAI_ARCHIVE`; `GONGKAI_CRAWL`, comma-separated `SITE` or
`SITE=BASE_URL`). The CLI and the tests call `build_definitions` with explicit values instead.
"""

from __future__ import annotations

import dagster as dg

from pipeline import assets
from pipeline.resources import CrawlResource, ProgressResource, StorageResource, env_config
from pipeline.schedules import build_schedule

ALL_JOB = "gongkai"
TRANSFORM_JOB = "transform"
INGEST_JOB = "ingest"
TABLES_JOB = "tables"

ASSETS = [assets.crawled_pages, assets.documents, assets.parsed_reports, assets.report_tables,
          assets.check_results]
ASSET_CHECKS: list[dg.AssetChecksDefinition] = []  # checks are yielded by the assets themselves

all_job = dg.define_asset_job(ALL_JOB, selection=dg.AssetSelection.all(),
                              description="crawl → parse → Parquet tables → checks, for the selected years")
transform_job = dg.define_asset_job(
    TRANSFORM_JOB, selection=dg.AssetSelection.all() - dg.AssetSelection.assets(assets.crawled_pages),
    description="everything after the crawl: rebuild tables from the archive without fetching")

ingest_job = dg.define_asset_job(
    INGEST_JOB, selection=dg.AssetSelection.assets(assets.crawled_pages, assets.documents, assets.parsed_reports),
    description="crawl and parse (unpartitioned): what the CLI runs first, to learn which years have reports")
tables_job = dg.define_asset_job(
    TABLES_JOB, selection=dg.AssetSelection.assets(assets.report_tables, assets.check_results),
    description="Parquet tables and checks for the selected years, from the parse cache")
JOBS = [all_job, transform_job, ingest_job, tables_job]


def executor_for(name: str) -> dg.ExecutorDefinition | None:
    """`GONGKAI_EXECUTOR`: multiprocess (Dagster's default), in_process, celery or k8s (docs/scale-out.md).

    celery and k8s need their Dagster integration installed at the same version as dagster
    (dagster-celery / dagster-k8s ==1.13.27); the import error says so if it is missing.
    """
    if name in ("", "multiprocess"):
        return None  # Definitions' default: multiprocess for launched runs, in-process for execute_in_process
    if name == "in_process":
        return dg.in_process_executor
    if name == "celery":
        from dagster_celery import celery_executor

        return celery_executor
    if name == "k8s":
        from dagster_k8s import k8s_job_executor

        return k8s_job_executor
    raise ValueError(f"unknown GONGKAI_EXECUTOR {name!r}: multiprocess, in_process, celery or k8s")


def build_definitions(storage_root: str = "data", archive: str = "", crawl_targets: list[str] | None = None,
                      progress: bool = False, executor: str = "", crawl_args: list[str] | None = None
                      ) -> dg.Definitions:
    return dg.Definitions(
        executor=executor_for(executor),
        assets=ASSETS,
        asset_checks=ASSET_CHECKS,
        jobs=JOBS,
        schedules=[build_schedule(all_job)],
        resources={
            "storage": StorageResource(root=storage_root, archive=archive),
            "crawl": CrawlResource(targets=list(crawl_targets or []), extra_args=list(crawl_args or [])),
            "progress": ProgressResource(bar=progress),
            "pipes_subprocess_client": dg.PipesSubprocessClient(),
        },
    )


defs = build_definitions(**env_config())


def gongkai_job() -> dg.JobDefinition:
    """The full job, for `dagster.reconstructable` (multiprocess executor, `execute_job`)."""
    return defs.resolve_job_def(ALL_JOB)


def transform_job_def() -> dg.JobDefinition:
    return defs.resolve_job_def(TRANSFORM_JOB)
