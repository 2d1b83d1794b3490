"""The graph under the multiprocess executor (scale-out path), the nightly schedule, the partitions."""

from __future__ import annotations

from datetime import datetime

import dagster as dg
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from pipeline import definitions
from pipeline.io import ParquetStore
from pipeline.partitions import all_year_keys, report_years
from tests.pipeline.conftest import REPORT_FILES


def test_multiprocess_executor_materializes_the_graph(tmp_path, archive, monkeypatch):
    root = tmp_path / "data"
    monkeypatch.setenv("GONGKAI_STORAGE_ROOT", str(root))
    monkeypatch.setenv("GONGKAI_ARCHIVE", str(archive))
    monkeypatch.setenv("DAGSTER_DISABLE_TELEMETRY", "1")
    keys = all_year_keys()
    (tmp_path / "home").mkdir()
    with dg.instance_for_test(temp_dir=str(tmp_path / "home")) as instance:
        # documents + parsed_reports: two steps, each in its own process (~5–10 s of process start-up each)
        job = dg.reconstructable(definitions.transform_job_def).get_subset(
            asset_selection={dg.AssetKey("documents"), dg.AssetKey("parsed_reports")})
        with dg.execute_job(job, instance=instance,
                            run_config={"execution": {"config": {"multiprocess": {"max_concurrent": 2}}}},
                            tags={ASSET_PARTITION_RANGE_START_TAG: keys[0],
                                  ASSET_PARTITION_RANGE_END_TAG: keys[-1]}) as result:
            assert result.success
            assert result.dagster_run.run_config["execution"]["config"]["multiprocess"]["max_concurrent"] == 2
    index = ParquetStore(str(root)).read_arrow("_work/parsed_index.parquet")
    assert index.num_rows == len(REPORT_FILES)


def test_nightly_schedule_targets_the_season_years():
    defs = definitions.build_definitions()
    schedule = defs.resolve_schedule_def("publication_season_nightly")
    assert schedule.cron_schedule == "0 2 * 1-4 *" and schedule.execution_timezone == "Asia/Shanghai"
    ctx = dg.build_schedule_context(scheduled_execution_time=datetime(2025, 2, 3, 2, 0))
    (request,) = list(schedule.evaluate_tick(ctx).run_requests)
    assert request.tags[ASSET_PARTITION_RANGE_START_TAG] == "2023"
    assert request.tags[ASSET_PARTITION_RANGE_END_TAG] == "2024"


def test_yearly_partitions_from_2008_to_the_current_year():
    keys = report_years.get_partition_keys()
    assert keys[0] == "2008" and keys[-1] == str(datetime.now().year)
    assert keys == [str(y) for y in range(2008, datetime.now().year + 1)]
    for name in ("report", "fact_application", "check_result"):
        node = definitions.defs.resolve_asset_graph().get(dg.AssetKey(name))
        assert node.partitions_def == report_years
        assert node.backfill_policy == dg.BackfillPolicy.single_run()
