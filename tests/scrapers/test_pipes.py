"""The crawl entry point under Dagster Pipes: stats arrive as materialization metadata.

(Dagster is imported here, in the test, never under scrapers/: the child only uses dagster_pipes.)
"""

import sys

import dagster as dg

from tests.scrapers.conftest import REPO


def test_crawl_reports_stats_through_dagster_pipes(tmp_path, demo_server):
    base, _ = demo_server

    @dg.asset
    def crawled_pages(context: dg.AssetExecutionContext, pipes: dg.PipesSubprocessClient):
        cmd = [sys.executable, "-m", "scrapers.crawl", "--archive", str(tmp_path / "arc"), "--site", "demo-hlj",
               "--base-url", base, "--fast", "--log-level", "WARNING"]
        return pipes.run(command=cmd, context=context, cwd=str(REPO)).get_materialize_result()

    result = dg.materialize([crawled_pages], resources={"pipes": dg.PipesSubprocessClient()})
    assert result.success
    (mat,) = result.asset_materializations_for_node("crawled_pages")
    md = mat.metadata
    assert md["reports_found"].value == 2 and md["pages_fetched"].value >= 4
    assert md["reports_per_site"].value == {"demo-hlj": 2}
