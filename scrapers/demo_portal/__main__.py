"""Run the demo portal by hand: `python -m scrapers.demo_portal [--port 8000] [--root DIR] [--build-only]`."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from scrapers.demo_portal.build import FIXTURES, build
from scrapers.demo_portal.server import serve


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m scrapers.demo_portal", description=__doc__)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0, help="0 = any free port")
    ap.add_argument("--root", help="build into this folder (default: a temporary folder)")
    ap.add_argument("--fixtures", default=str(FIXTURES))
    ap.add_argument("--build-only", action="store_true", help="build, print the folder, exit")
    args = ap.parse_args(argv)
    root = Path(args.root) if args.root else Path(tempfile.mkdtemp(prefix="gongkai-demo-"))
    build(root, args.fixtures)
    if args.build_only:
        print(root)
        return 0
    srv = serve(root, args.host, args.port)
    base = srv.start()
    print(f"demo portal {base} (files in {root}); expected reports: {root / 'expected.json'}")
    print(f"crawl it: python -m scrapers.crawl --archive data/archive --site demo --base-url {base} --fast "
          f"--timeout 3")
    sys.stdout.flush()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
