"""Backfill at scale: the transform part of the Dagster graph over 1k, 10k, 100k synthetic reports.

For each size N: a child process renders N synthetic reports (transforms.synthetic: random but valid tables
in HTML, PDF-like text, one-cell-per-line text, markdown; agencies repeat across 2019–2025 so cross-year
checks have pairs) into a raw archive; a second, fresh child process runs the `transform` job in-process
(documents → parsed_reports → report tables → check_result, years 2019–2025 in one single-run backfill) on
an ephemeral Dagster instance and reports wall seconds, CPU seconds and its peak RSS (ru_maxrss). Prints one
line per size and the per-report cost, so linearity is visible.

Usage:
    python benchmarks/backfill_scale.py                      # 1k and 10k
    python benchmarks/backfill_scale.py --sizes 1000,10000,100000
Goals (issue 5): time linear in reports; peak RSS <= 1 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FORMS = {"html": 0.5, "tab": 0.15, "lines": 0.15, "markdown": 0.15, "glued": 0.05}
YEARS = list(range(2019, 2026))
PLACES = ["海林市", "宝清县", "龙口市", "平潭", "沭阳县", "怀化市", "广元市", "莆田市", "定西市", "武汉市", "济南市",
          "南京市", "杭州市", "合肥市", "福州市", "南昌市", "长沙市", "成都市", "贵阳市", "昆明市"]
BODIES = ["人民政府", "人民政府办公室", "发展和改革局", "教育局", "生态环境局", "财政局", "民政局", "司法局",
          "住房和城乡建设局", "交通运输局"]


def agency_name(k: int) -> str:
    place, rest = PLACES[k % len(PLACES)], k // len(PLACES)
    body, rest = BODIES[rest % len(BODIES)], rest // len(BODIES)
    return f"{place}{'第' + str(rest) + '区' if rest else ''}{body}"


def generate(archive: Path, n: int, seed: int = 5) -> dict:
    """Render n reports into `archive` (streamed: one report in memory at a time)."""
    from scrapers.archive import MANIFEST, MANIFEST_FIELDS, ArchiveWriter
    from transforms.synthetic import random_report, render

    rng = random.Random(seed)
    forms, weights = list(FORMS), list(FORMS.values())
    w = ArchiveWriter(archive)
    started = time.perf_counter()
    # One manifest line per page, same row shape as ArchiveWriter.record, without its per-row fsync.
    with (archive / MANIFEST).open("w", encoding="utf-8") as fh:
        for i in range(n):
            year = YEARS[i % len(YEARS)]
            rep = random_report(rng, "2019" if year <= 2020 else "2021")
            rep.year, rep.agency = year, agency_name(i // len(YEARS))
            data, name = render(rep, rng.choices(forms, weights)[0])
            url = f"http://bench.gov.cn.test/xxgk/ndbg/{year}/{i}/{name}"
            row = dict.fromkeys(MANIFEST_FIELDS)
            row.update(url=url, final_url=url, status=200, sha256=w.put(data), bytes=len(data), site="bench",
                       role="detail", parent_url=f"http://bench.gov.cn.test/xxgk/ndbg/index_{i // 20}.html",
                       fetched_at=f"{year + 1}-02-01T00:00:00+00:00", filename=name)
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    return {"generate_s": round(time.perf_counter() - started, 1)}


def transform(archive: Path, root: Path) -> dict:
    """Run the transform job once over all years; return timings, counts and this process's peak RSS."""
    import warnings

    import dagster as dg
    from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

    warnings.filterwarnings("ignore")
    os.environ["DAGSTER_DISABLE_TELEMETRY"] = "1"
    from pipeline.definitions import TRANSFORM_JOB, build_definitions
    from pipeline.io import ParquetStore

    defs = build_definitions(storage_root=str(root), archive=str(archive))
    job = defs.resolve_job_def(TRANSFORM_JOB)
    wall, cpu = time.perf_counter(), time.process_time()
    result = job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        tags={ASSET_PARTITION_RANGE_START_TAG: str(YEARS[0]), ASSET_PARTITION_RANGE_END_TAG: str(YEARS[-1])})
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    steps = {e.step_key: round(e.event_specific_data.duration_ms / 1000, 1)
             for e in result.all_events if e.event_type_value == "STEP_SUCCESS"}
    rss_after = {}  # peak RSS of the process when each step finished (asset metadata)
    for e in result.get_asset_materialization_events():
        m = e.event_specific_data.materialization
        if "peak_rss_mib" in m.metadata:
            rss_after[e.step_key] = max(rss_after.get(e.step_key, 0), m.metadata["peak_rss_mib"].value)
    store = ParquetStore(str(root))
    rows = {t: store.dataset(t).count_rows() for t in ("report", "fact_application", "check_result")}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    return {"success": result.success, "transform_s": round(wall, 1), "cpu_s": round(cpu, 1),
            "peak_rss_mib": round(peak), "steps": steps, "rss_after_step": rss_after, "rows": rows}


def _child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], cwd=REPO, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--workdir", default="", help="where archives and tables go (default: a temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the generated archives and tables")
    ap.add_argument("--child", nargs=3, metavar=("STAGE", "ARCHIVE", "N_OR_ROOT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        stage, archive, arg = args.child
        res = generate(Path(archive), int(arg)) if stage == "generate" else transform(Path(archive), Path(arg))
        print(json.dumps(res, ensure_ascii=False))
        return 0

    work = Path(args.workdir or tempfile.mkdtemp(prefix="gongkai-backfill-"))
    print(f"backfill_scale: transform job (documents → parsed_reports → 6 tables → check_result), years "
          f"{YEARS[0]}–{YEARS[-1]}, in-process executor, {os.cpu_count()} CPUs; work dir {work}")
    print(f"{'reports':>9} {'gen s':>7} {'transform s':>12} {'cpu s':>7} {'ms/report':>10} {'peak RSS MiB':>13}  steps (s)")
    for n in (int(s) for s in args.sizes.split(",")):
        archive, root = work / f"archive-{n}", work / f"data-{n}"
        shutil.rmtree(archive, ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)
        archive.mkdir(parents=True)
        gen = _child(["--child", "generate", str(archive), str(n)])
        res = _child(["--child", "transform", str(archive), str(root)])
        assert res["success"] and res["rows"]["report"] == n, res
        print(f"{n:>9} {gen['generate_s']:>7} {res['transform_s']:>12} {res['cpu_s']:>7} "
              f"{1000 * res['transform_s'] / n:>10.2f} {res['peak_rss_mib']:>13}  {res['steps']}  "
              f"RSS MiB after step {res['rss_after_step']}  rows {res['rows']}",
              flush=True)
        if not args.keep:
            shutil.rmtree(archive, ignore_errors=True)
            shutil.rmtree(root, ignore_errors=True)
    if not args.keep and not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
