"""Yearly partitions: one per report year, 2008 (first reports under the 2007 条例) to the current year."""

from __future__ import annotations

import dagster as dg

FIRST_YEAR = 2008

# Dagster has no built-in yearly partitions; end_offset=1 includes the current (still open) year.
report_years = dg.TimeWindowPartitionsDefinition(
    start=str(FIRST_YEAR), fmt="%Y", cron_schedule="0 0 1 1 *", timezone="Asia/Shanghai", end_offset=1,
)


def all_year_keys() -> list[str]:
    return report_years.get_partition_keys()
