"""`gongkai demo`: the main job on bundled data.

Until the Dagster graph and the demo portal land, this parses the bundled fixture reports and prints a summary;
it says so honestly in its output.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from transforms.parse import parse_path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def run_demo(args: argparse.Namespace) -> int:
    files = sorted(p for d in ("seeds", "realdata") for p in (FIXTURES / d).glob("*.*")
                   if p.suffix in (".txt", ".md", ".html"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "parsed.jsonl"
    n_facts = n_err = 0
    with target.open("w", encoding="utf-8") as fh:
        for path in files:
            rep = parse_path(path)
            n_facts += len(rep.facts)
            n_err += len(rep.errors)
            fh.write(json.dumps(rep.to_json(), ensure_ascii=False) + "\n")
            print(f"{path.name:<28} {rep.agency or '?':<20} {rep.year} template {rep.template:<7} "
                  f"facts {len(rep.facts):>3} errors {len(rep.errors)}")
    print(f"demo: parsed {len(files)} bundled reports (fixture files; crawl + Dagster graph not yet wired), "
          f"{n_facts} facts, {n_err} errors -> {target}")
    return 0
