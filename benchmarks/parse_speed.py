"""Parse throughput: reports/s on one core over synthetic and fixture reports, and the ratio of gongkai's
parse time to lxml merely parsing the same HTML files (CPU time of this process, so other load on the
machine disturbs the figures less), with the garbage-collector setting of `gongkai parse`
(transforms/batching.py).

Each figure is the best of `--repeat` full passes over the corpus (timeit's rule: a slower pass is slowed by
something else on the machine, not by the code; on this 2-core VM single passes vary by +-20%). A pass parses
every document once, in corpus order, so per-document caches are no warmer than in a real run's second file.

Two HTML ratios are printed: over the synthetic pages (lean pages: a report and a line of chrome, ~27 KB,
the hardest case for the ratio because gongkai's per-cell work is the same while lxml has little to parse)
and over the real portal pages among the fixtures (CMS pages as crawled, page chrome included).

Usage: python benchmarks/parse_speed.py [--n 2000] [--seed 0] [--repeat 3]
Goals (issue 2): >= 500 reports/s; HTML ratio <= 3.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict
from pathlib import Path

from lxml import etree

from transforms.batching import batch_gc
from transforms.parse import parse_bytes
from transforms.synthetic import FORMS, random_report, render

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
MIX = {"html": 0.5, "tab": 0.15, "lines": 0.15, "markdown": 0.15, "glued": 0.05}


def corpus(n: int, seed: int) -> list[tuple[str, bytes, str]]:
    """(form, bytes, name) of `n` synthetic reports in the MIX of forms, then the seed and real fixtures
    (form "real-html" for real portal pages, "fixture" for the text ones)."""
    rng = random.Random(seed)
    docs: list[tuple[str, bytes, str]] = []
    forms = list(MIX)
    weights = [MIX[f] for f in forms]
    for _ in range(n):
        form = rng.choices(forms, weights)[0]
        data, name = render(random_report(rng), form)
        docs.append((form, data, name))
    for p in sorted((FIXTURES / "seeds").glob("*.txt")) + sorted((FIXTURES / "realdata").glob("*.*")):
        if p.suffix in (".txt", ".md", ".html"):
            form = "real-html" if p.suffix == ".html" else "fixture"
            docs.append((form, p.read_bytes(), p.name))
    return docs


def gongkai_pass(docs: list[tuple[str, bytes, str]]) -> dict[str, float]:
    """CPU seconds per form for one pass of `parse_bytes` over every document."""
    per_form: dict[str, float] = defaultdict(float)
    for form, data, name in docs:
        t0 = time.process_time()
        parse_bytes(data, name)
        per_form[form] += time.process_time() - t0
    return per_form


def lxml_pass(docs: list[tuple[str, bytes, str]]) -> dict[str, float]:
    """CPU seconds per HTML form for lxml merely parsing the same bytes (the ratio's yardstick)."""
    parser = etree.HTMLParser()
    per_form: dict[str, float] = defaultdict(float)
    for form, data, _ in docs:
        if form.endswith("html"):
            t0 = time.process_time()
            etree.fromstring(data, parser)
            per_form[form] += time.process_time() - t0
    return per_form


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3, help="passes; each figure is the best pass")
    args = ap.parse_args()
    docs = corpus(args.n, args.seed)
    counts: dict[str, int] = defaultdict(int)
    for form, _, _ in docs:
        counts[form] += 1
    for _, data, name in docs[:50]:  # warm caches and imports
        parse_bytes(data, name)
    passes: list[dict[str, float]] = []
    lxml_passes: list[dict[str, float]] = []
    with batch_gc():  # the collector setting `gongkai parse` and the pipeline's parse loop use
        for _ in range(max(1, args.repeat)):
            passes.append(gongkai_pass(docs))
            lxml_passes.append(lxml_pass(docs))
    best = min(passes, key=lambda p: sum(p.values()))
    print(f"reports: {len(docs)} ({args.n} synthetic in forms {', '.join(FORMS)} + fixtures), one core, "
          f"best of {len(passes)} passes (all passes: "
          + ", ".join(f"{len(docs) / sum(p.values()):.0f}" for p in passes) + " reports/s)")
    for form in sorted(counts):
        n, ts = counts[form], min(p[form] for p in passes)
        print(f"  {form:<9} {n:>5} reports  {n / ts:8.1f} reports/s  mean {1000 * ts / n:6.2f} ms")
    print(f"overall: {len(docs) / sum(best.values()):.1f} reports/s (goal >= 500)")
    for form, what in (("html", "synthetic pages"), ("real-html", "real portal pages")):
        if counts[form]:
            gk, lx = min(p[form] for p in passes), min(p[form] for p in lxml_passes)
            print(f"{form}: gongkai {gk:.2f} s vs lxml parse only {lx:.2f} s over {counts[form]} {what}: "
                  f"ratio {gk / lx:.2f} (goal <= 3)")


if __name__ == "__main__":
    main()
