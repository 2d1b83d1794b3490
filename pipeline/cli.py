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

from transforms.batching import batch_gc
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
            lines.append(f"   CHECK {c['code']} {c['scope']} {c['severity']}: {c.get('message_en') or c.get('detail', '')}")
    for e in rep["errors"]:
        lines.append(f"   ERROR [{e['stage']}] {e['code']}: {e['message']}")
    return "\n".join(lines)


def cmd_parse(args: argparse.Namespace) -> int:
    files = _expand(args.files)
    with batch_gc():
        for path in _progress(files, "parse"):
            rep = parse_path(path).to_json()
            if args.format == "json":
                sys.stdout.write(json.dumps(rep, ensure_ascii=False) + "\n")
            else:
                sys.stdout.write(_table_view(rep) + "\n")
    return 0


def _check_rows(results: list, source: str, show_all: bool, lang: str) -> list[tuple[str, ...]]:
    rows = []
    for c in results:
        if c.status != "fail" and not show_all:
            continue
        rows.append((Path(c.source or source).name, c.code, c.severity, c.status, c.scope,
                     "" if c.lhs is None else f"{c.lhs:g}", "" if c.rhs is None else f"{c.rhs:g}",
                     c.message_zh if lang == "zh" else c.message_en))
    return rows


# a folder of reports often holds truth files, manifests and notes next to them: never parse those as reports
NOT_REPORTS = {".json", ".jsonl", ".tsv", ".csv", ".yaml", ".yml", ".py", ".parquet"}


def cmd_check(args: argparse.Namespace) -> int:
    """Parse files, run per-report checks and cross-year checks over all of them, print failures as a table."""
    from transforms.checks import run_checks, run_cross_year

    files = _expand(args.paths)
    data_files = [f for f in files if f.suffix.lower() in NOT_REPORTS]
    files = [f for f in files if f.suffix.lower() not in NOT_REPORTS]
    reports = []
    rows: list[tuple[str, ...]] = []
    skipped = len(data_files)
    for path in _progress(files, "check"):
        rep = parse_path(path)
        if rep.parse_status == "failed" and not rep.facts:
            skipped += 1  # not a report (truth JSON, a manifest, an unreadable file): nothing to check
            continue
        if not rep.checks:
            try:
                rep.checks = run_checks(rep)
            except Exception as exc:  # a check bug is reported, the run goes on
                rows.append((path.name, "CHECK_CRASH", "error", "fail", "", "", "", f"{type(exc).__name__}: {exc}"))
        reports.append(rep)
        rows += _check_rows(rep.checks, rep.source, args.all, args.lang)
        for e in rep.errors:
            if e.stage == "check":
                rows.append((path.name, e.code, "error", "fail", "", "", "", e.message))
    rows += _check_rows(run_cross_year(reports), "", args.all, args.lang)
    if args.format == "json":
        keys = ("file", "code", "severity", "status", "scope", "lhs", "rhs", "message")
        for r in rows:
            sys.stdout.write(json.dumps(dict(zip(keys, r, strict=True)), ensure_ascii=False) + "\n")
        return 0
    header = ("file", "code", "severity", "status", "scope", "lhs", "rhs", "message")
    widths = [min(max([len(h)] + [len(r[i]) for r in rows]), cap)
              for i, (h, cap) in enumerate(zip(header, (28, 14, 8, 12, 36, 8, 8, 200), strict=True))]
    def fmt(r: tuple[str, ...]) -> str:
        return "  ".join(str(v)[:w].ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
    sys.stdout.write(fmt(header) + "\n" + "  ".join("-" * w for w in widths) + "\n")
    for r in rows:
        sys.stdout.write(fmt(r) + "\n")
    n_fail = sum(1 for r in rows if r[3] == "fail")
    sys.stdout.write(f"{len(reports)} report(s) checked, {skipped} file(s) skipped (not parsed), {n_fail} failed check(s)"
                     f"{' (warn/error: ' + str(sum(1 for r in rows if r[3] == 'fail' and r[2] != 'info')) + ')' if n_fail else ''}\n")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from pipeline.demo import run_demo

    return run_demo(args)


def cmd_extract(args: argparse.Namespace) -> int:
    """Show what the extractors make of files (before parsing): lines in reading order, table rows as cells."""
    try:
        return _print_extracted(args)
    except BrokenPipeError:  # `gongkai extract x.pdf | head`: the reader left, not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _print_extracted(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from transforms.documents import extract

    for path in _expand(args.files):
        doc = extract(path.read_bytes(), str(path))
        if args.format == "json":
            sys.stdout.write(json.dumps(asdict(doc), ensure_ascii=False) + "\n")
            continue
        sys.stdout.write(f"== {doc.source}  format {doc.format}  status {doc.status}  lines {len(doc.lines)}\n")
        for e in doc.errors:
            sys.stdout.write(f"   ERROR [{e.stage}] {e.code}: {e.message}\n")
        for note in doc.notes:
            sys.stdout.write(f"   note {note}\n")
        for line in doc.lines:
            text = " | ".join("↑" if c.span else c.text for c in line.cells) if line.is_table_row else line.text
            sys.stdout.write(f"   {line.ref:<24} {'T' if line.is_table_row else ' '} {text}\n")
    return 0


def _add_extract_parser(sub: argparse._SubParsersAction) -> None:
    x = sub.add_parser("extract", help="show the text lines and table grids extracted from files (any format)")
    x.add_argument("files", nargs="+")
    x.add_argument("--format", choices=["json", "text"], default="text")
    x.set_defaults(func=cmd_extract)


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


def cmd_blob(args: argparse.Namespace) -> int:
    """Raw bytes of an archived fetch by content hash (artifact.sha256 / raw_sha256 of any fact), packed or
    loose, so provenance can be followed back to the exact bytes without knowing the archive layout."""
    from scrapers.archive import read_blob

    try:
        data = read_blob(args.archive, args.sha256)
    except FileNotFoundError:
        print(f"gongkai blob: {args.sha256} is not in the archive {args.archive}", file=sys.stderr)
        return 1
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


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
    c = sub.add_parser("check", help="run the reconciliation checks (incl. cross-year) and print failures")
    c.add_argument("paths", nargs="+", metavar="DIR_OR_FILES")
    c.add_argument("--all", action="store_true", help="also print passing, na and assumed_zero results")
    c.add_argument("--lang", choices=["en", "zh"], default="en", help="language of the messages")
    c.add_argument("--format", choices=["table", "json"], default="table")
    c.set_defaults(func=cmd_check)
    d = sub.add_parser("demo", help="run the main job on the bundled demo portal (crawl → Parquet → checks)")
    d.add_argument("--out", default="data", help="storage root for outputs (folder or fsspec URL)")
    d.add_argument("--years", default=None, help="report years, e.g. 2019-2024 (default: all)")
    d.add_argument("--keep", action="store_true",
                   help="keep the previous demo's archive and tables (default: start fresh)")
    d.set_defaults(func=cmd_demo)
    _add_extract_parser(sub)
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
    b = sub.add_parser("blob", help="write the raw archived bytes of a sha256 (artifact.sha256, raw_sha256)")
    b.add_argument("sha256")
    b.add_argument("--archive", default="data/archive", help="raw archive folder (default: data/archive)")
    b.add_argument("-o", "--output", default="", help="write to this file instead of stdout")
    b.set_defaults(func=cmd_blob)
    cr = sub.add_parser("crawl", add_help=False,
                       help="crawl portals into the raw archive (options: python -m scrapers.crawl --help)")
    cr.set_defaults(func=cmd_crawl)
    args, rest = ap.parse_known_args(argv)
    if args.func is cmd_crawl:
        return int(cmd_crawl(args, rest) or 0)
    if rest:
        ap.error(f"unrecognized arguments: {' '.join(rest)}")
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
