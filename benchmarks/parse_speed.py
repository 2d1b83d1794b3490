"""Parse throughput: reports/s on one core over synthetic and fixture reports, and the ratio of gongkai's
parse time to lxml merely parsing the same HTML files (CPU time of this process, so other load on the
machine disturbs the figures less), with the garbage-collector setting of `gongkai parse`
(transforms/batching.py).

Usage: python benchmarks/parse_speed.py [--n 2000] [--seed 0]
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
            form = "html" if p.suffix == ".html" else "fixture"
            docs.append((form, p.read_bytes(), p.name))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    docs = corpus(args.n, args.seed)
    for _, data, name in docs[:50]:  # warm caches and imports
        parse_bytes(data, name)
    per_form: dict[str, list[float]] = defaultdict(list)
    total = 0.0
    with batch_gc():  # the collector setting `gongkai parse` and the pipeline's parse loop use
        for form, data, name in docs:
            t0 = time.process_time()
            parse_bytes(data, name)
            dt = time.process_time() - t0
            per_form[form].append(dt)
            total += dt
        html = [(data, name) for form, data, name in docs if form == "html"]
        parser = etree.HTMLParser()
        t0 = time.process_time()
        for data, _ in html:
            etree.fromstring(data, parser)
        lxml_time = time.process_time() - t0
    gk_html = sum(per_form["html"])
    print(f"reports: {len(docs)} ({args.n} synthetic in forms {', '.join(FORMS)} + fixtures), one core")
    for form in sorted(per_form):
        ts = per_form[form]
        print(f"  {form:<9} {len(ts):>5} reports  {len(ts) / sum(ts):8.1f} reports/s  "
              f"mean {1000 * sum(ts) / len(ts):6.2f} ms")
    print(f"overall: {len(docs) / total:.1f} reports/s (goal >= 500)")
    print(f"html: gongkai {gk_html:.2f} s vs lxml parse only {lxml_time:.2f} s over {len(html)} files: "
          f"ratio {gk_html / lxml_time:.2f} (goal <= 3)")


if __name__ == "__main__":
    main()
