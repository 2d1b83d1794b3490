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


def cmd_crawl(args: argparse.Namespace, rest: Sequence[str]) -> int:
    """`gongkai crawl …` = `python -m scrapers.crawl …` in a child process (Twisted cannot restart)."""
    import subprocess

    return subprocess.call([sys.executable, "-m", "scrapers.crawl", *rest])


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="gongkai", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("parse", help="parse report files (html, txt, md, pdf, docx, doc) to facts")
    p.add_argument("files", nargs="+")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.set_defaults(func=cmd_parse)
    d = sub.add_parser("demo", help="run the main job on the bundled demo data")
    d.add_argument("--out", default="data", help="storage root for outputs")
    d.set_defaults(func=cmd_demo)
    c = sub.add_parser("crawl", add_help=False,
                       help="crawl portals into the raw archive (options: python -m scrapers.crawl --help)")
    c.set_defaults(func=cmd_crawl)
    args, rest = ap.parse_known_args(argv)
    if args.func is cmd_crawl:
        return int(cmd_crawl(args, rest) or 0)
    if rest:
        ap.error(f"unrecognized arguments: {' '.join(rest)}")
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
