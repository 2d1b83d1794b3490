"""Nightly runs during the publication season.

Reports for year Y appear from January to the end of March of Y+1 (条例 Art.49: departments by 1月31日,
governments by 3月31日), with stragglers in April; outside Jan–Apr nothing new is expected. Each night crawls
and rebuilds years Y−1 and Y (late reports of the year before still show up).
"""

from __future__ import annotations

import dagster as dg
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

SEASON_CRON = "0 2 * 1-4 *"  # 02:00 Beijing time, every night of January to April


def build_schedule(job: dg.UnresolvedAssetJobDefinition) -> dg.ScheduleDefinition:
    @dg.schedule(job=job, cron_schedule=SEASON_CRON, execution_timezone="Asia/Shanghai",
                 name="publication_season_nightly", default_status=dg.DefaultScheduleStatus.STOPPED)
    def publication_season_nightly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        year = context.scheduled_execution_time.year - 1
        return dg.RunRequest(
            run_key=f"season-{context.scheduled_execution_time:%Y-%m-%d}",
            tags={ASSET_PARTITION_RANGE_START_TAG: str(year - 1), ASSET_PARTITION_RANGE_END_TAG: str(year)},
        )

    return publication_season_nightly
