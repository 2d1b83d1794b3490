"""The `gongkai` command: parse files, check them, run the demo or a real portal crawl.

Only wiring lives here: parsing is `transforms.parse`, checks are `transforms.checks`, the graph is
`pipeline.definitions`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from transforms.parse import parse_path


def _progress(items: Sequence[Path], label: str) -> Iterable[Path]:
    """Yield items, drawing a progress bar on stderr when it is a terminal and there are many items."""
    show = sys.stderr.isatty() and len(items) > 20
    for i, item in enumerate(items, start=1):
        if show:
            width = 30
            done = int(width * i / len(items))
            sys.stderr.write(f"\r{label} [{'#' * done}{'.' * (width - done)}] {i}/{len(items)}")
            sys.stderr.flush()
        yield item
    if show:
        sys.stderr.write("\n")


def _expand(paths: Sequence[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.is_file() and not q.name.startswith(".")))
        else:
            out.append(p)
    return out


def _table_view(rep: dict) -> str:
    lines = [f"== {rep['source']}", f"   agency {rep.get('agency')}  year {rep.get('year')}  "
             f"template {rep.get('template')}  facts {len(rep['facts'])}  errors {len(rep['errors'])}"]
    for f in rep["facts"]:
        if f["table"] == "active":
            key = f"二 {f['item']} {f['content']}.{f['metric']}"
        elif f["table"] == "applications":
            key = f"三 {f['row']} {f['column']}"
        else:
            key = f"四 {f['proceeding']}.{f['outcome']}"
        val = "null" if f["value"] is None else f["value"]
        unit = f" {f['unit']}" if f.get("unit") not in (None, "count") else ""
        lines.append(f"   {key:<48} {val}{unit}   raw={f['raw']!r}")
    for c in rep.get("checks", []):
        if c["status"] == "fail":
            lines.append(f"   CHECK {c['code']} {c['scope']} {c['severity']}: {c.get('detail', '')}")
    for e in rep["errors"]:
        lines.append(f"   ERROR [{e['stage']}] {e['code']}: {e['message']}")
    return "\n".join(lines)


def cmd_parse(args: argparse.Namespace) -> int:
    files = _expand(args.files)
    for path in _progress(files, "parse"):
        rep = parse_path(path).to_json()
        if args.format == "json":
            sys.stdout.write(json.dumps(rep, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(_table_view(rep) + "\n")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from pipeline.demo import run_demo

    return run_demo(args)


def cmd_run(args: argparse.Namespace) -> int:
    from pipeline.demo import run_portal

    return run_portal(args)


def cmd_ui(args: argparse.Namespace) -> int:
    """Replace this process with `dagster dev -w workspace.yaml`, sharing DAGSTER_HOME with demo/run."""
    import os

    from pipeline.runner import REPO, prepare_dagster_home

    root = args.out if "://" in args.out else str(Path(args.out).resolve())
    prepare_dagster_home(root)
    os.environ["GONGKAI_STORAGE_ROOT"] = root
    dagster = Path(sys.executable).with_name("dagster")
    os.chdir(REPO)
    os.execv(str(dagster), [str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(args.port)])
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="gongkai", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("parse", help="parse report files (html, txt, md, pdf, docx, doc) to facts")
    p.add_argument("files", nargs="+")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.set_defaults(func=cmd_parse)
    d = sub.add_parser("demo", help="run the main job on the bundled demo portal (crawl → Parquet → checks)")
    d.add_argument("--out", default="data", help="storage root for outputs (folder or fsspec URL)")
    d.add_argument("--years", default=None, help="report years, e.g. 2019-2024 (default: all)")
    d.add_argument("--fresh", action="store_true", help="start from an empty archive and tables")
    d.set_defaults(func=cmd_demo)
    r = sub.add_parser("run", help="crawl real portals of the site registry and build the tables")
    r.add_argument("--site", action="append", default=[], help="site id (scrapers/sites/*.yaml); repeatable")
    r.add_argument("--years", default=None, help="report years, e.g. 2019-2024 (default: all)")
    r.add_argument("--out", default="data", help="storage root for outputs (folder or fsspec URL)")
    r.add_argument("--archive", default="", help="raw archive folder (default: <out>/archive)")
    r.add_argument("--base-url", default="", help="override the site's start host (mirrors, tests)")
    r.set_defaults(func=cmd_run)
    u = sub.add_parser("ui", help="open the Dagster UI (dagster dev) on the same storage root and run history")
    u.add_argument("--out", default="data", help="storage root (folder or fsspec URL)")
    u.add_argument("--port", default="3000")
    u.set_defaults(func=cmd_ui)
    args = ap.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
