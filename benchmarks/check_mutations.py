#!/usr/bin/env python3
"""Mutation test of the reconciliation checks: do they catch a single wrong cell?

Takes every consistent fixture report (hand-checked truth of tests/fixtures/{seeds,realdata}/truth, built
into ParsedReports without the parser, narrative numbers from the truth), changes one cell at a time
(+1, -1, swap with the next cell of its printed row, blank it) and runs `run_checks`. Prints, per mutation
kind, the share of mutations some check flags (status fail; also at severity warn/error), for cells that
take part in an identity of rules.yaml and over all cells, how often a diagnosis (D_*) names the mutated
cell, and the false alarms on the unmutated reports (goal 0).

A swap of two equal values and blanking a cell that was already blank change nothing and are not counted;
blanking a 0 cell is counted separately: a blank read as 0 is consistent by construction (V_BLANK reports
`assumed_zero`), so no check can or should fail on it.

End to end (`--e2e N`, default 100): N random arithmetically valid reports of `transforms.synthetic`, rendered
in its five forms (html, tab, lines, markdown, glued), parsed by the real parser (checks attached by
`parse_document`): false alarms on the unmutated reports, then one random mutation per report (+1, -1 or a swap
with the next cell, in table 三 or 四) before rendering: the share flagged at warn/error, overall and among
reports whose mutated table the parser read back exactly.

Usage: python benchmarks/check_mutations.py [--verbose] [--e2e N]
"""

from __future__ import annotations

import copy
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.transforms.checks.truth_reports import report_from_truth, truth_files  # noqa: E402
from transforms.checks import run_checks  # noqa: E402
from transforms.checks.context import Context  # noqa: E402
from transforms.checks.rules import cell_code, compile_identities, rules  # noqa: E402
from transforms.model import ParsedReport  # noqa: E402


def neighbour_of(report: ParsedReport, i: int) -> int | None:
    """Index of the next cell in the same printed row (the previous one for the last cell)."""
    f = report.facts[i]
    rs = rules()
    if f.table == "applications":
        order, same = rs["columns"], [j for j, g in enumerate(report.facts)
                                      if g.table == "applications" and g.row == f.row]
        pos = {report.facts[j].column: j for j in same}
        ci = order.index(f.column)
    elif f.table == "review_litigation":
        order = rs["outcomes"]
        pos = {g.outcome: j for j, g in enumerate(report.facts)
               if g.table == "review_litigation" and g.proceeding == f.proceeding}
        ci = order.index(f.outcome)
    else:
        tpl = rs["active"].get(report.template, {})
        order = tpl.get(f.item, {}).get(f.content, [])
        if f.metric not in order or len(order) < 2:
            return None
        pos = {g.metric: j for j, g in enumerate(report.facts)
               if g.table == "active" and g.item == f.item and g.content == f.content}
        ci = order.index(f.metric)
    nxt = order[ci + 1] if ci + 1 < len(order) else order[ci - 1]
    return pos.get(nxt)


# the finding that names the cause of each mutation kind, with every mutated cell among its cells
RIGHT_CAUSE = {"+1": {"D_CELL"}, "-1": {"D_CELL"}, "swap": {"D_SWAP", "D_SHIFT"}, "blank": {"V_BLANK"}}


def imbalance(ctx: Context, values: dict) -> list[float]:
    """Σlhs − Σrhs of every identity instance, blanks read as 0."""
    return [sum(float(values.get(k) or 0) for k in i.lhs) - sum(float(values.get(k) or 0) for k in i.rhs)
            for i in ctx.identities]


def flags(results) -> tuple[bool, bool, list]:
    fails = [r for r in results if r.status == "fail"]
    return bool(fails), any(r.severity in ("warn", "error") for r in fails), fails


def e2e(n: int, seed: int = 20261122) -> None:
    """Render -> parse -> check on synthetic reports, unmutated and with one mutated cell."""
    from transforms.parse import parse_bytes
    from transforms.synthetic import FORMS, expected_cells, random_report, render

    rng = random.Random(seed)
    false_alarms: dict[str, int] = defaultdict(int)
    invisible: dict[str, int] = defaultdict(int)
    per_form: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # n, flagged, read exactly, flagged|exact
    examples: list[str] = []
    t0 = time.perf_counter()
    for i in range(n):
        rep = random_report(rng)
        for (item, content, metric), v in list(rep.active.items()):
            if metric == "published":  # the generator ignores A_PUB_LE (published <= public_total)
                tot = (item, content, "public_total")
                rep.active[tot] = max(rep.active[tot], v)
        form = FORMS[i % len(FORMS)]
        parsed = parse_bytes(render(rep, form)[0], f"synthetic-{i}.{form}")
        bad = [c for c in parsed.checks if c.status == "fail" and c.severity in ("warn", "error")]
        false_alarms[form] += bool(bad)
        if bad and len(examples) < 5:
            examples.append(f"unmutated {form} #{i}: {[(c.code, c.scope) for c in bad][:3]}")
        m = copy.deepcopy(rep)
        kind = rng.choice(("+1", "-1", "swap"))
        if rng.random() < 0.8:
            row = rng.choice(sorted(m.applications))
            vals, j = m.applications[row], rng.randrange(7)
        else:
            vals, j = m.review, rng.randrange(len(m.review))
        if kind == "swap":
            k = j + 1 if (j + 1) % (7 if vals is not m.review else 5) else j - 1
            if vals[k] == vals[j]:
                kind, vals[j] = "+1", vals[j] + 1
            else:
                vals[j], vals[k] = vals[k], vals[j]
        else:
            vals[j] = vals[j] + 1 if kind == "+1" or vals[j] == 0 else vals[j] - 1
        idents = compile_identities(rep.template)
        before, after = expected_cells(rep), expected_cells(m)
        if [sum(float(before[k]) for k in x.lhs) - sum(float(before[k]) for k in x.rhs) for x in idents] == \
                [sum(float(after[k]) for k in x.lhs) - sum(float(after[k]) for k in x.rhs) for x in idents]:
            invisible[form] += 1  # e.g. two outcomes of a 表四 block swapped: no identity can see it
            continue
        mp = parse_bytes(render(m, form)[0], f"synthetic-{i}-mutated.{form}")
        flagged = any(c.status == "fail" and c.severity in ("warn", "error") for c in mp.checks)
        want = {k: v for k, v in expected_cells(m).items() if k[0] != "active"}
        got = {f.key: f.value for f in mp.facts if f.table != "active" and f.row_kind != "derived"}
        exact = all(got.get(k, "missing") == v for k, v in want.items())
        st = per_form[form]
        st[0] += 1
        st[1] += flagged
        st[2] += exact
        st[3] += flagged and exact
        if not flagged and len(examples) < 10:
            examples.append(f"mutation not flagged {form} #{i} {kind}: parser read it exactly={exact}; "
                            f"errors {[e.code for e in mp.errors]}")
    dt = time.perf_counter() - t0
    print(f"\nend to end: {n} synthetic reports (render -> parse -> check), {dt:.1f} s")
    print(f"{'form':<9} {'reports':>7} {'false alarms':>13} {'mutated flagged':>16} {'read exactly':>13} "
          f"{'flagged | exact':>16}")
    tot = [0, 0, 0, 0, 0]
    for form in FORMS:
        n_, f_, e_, fe = per_form[form]
        tot = [a + b for a, b in zip(tot, (n_, false_alarms[form], f_, e_, fe), strict=True)]
        print(f"{form:<9} {n_:>7} {false_alarms[form]:>13} {f_:>9}/{n_:<6} {e_:>13} {fe:>9}/{e_:<6}")
    n_, fa, f_, e_, fe = tot
    share = f"{100.0 * fe / e_:.1f}%" if e_ else "n/a"
    print(f"{'ALL':<9} {n_:>7} {fa:>13} {f_:>9}/{n_:<6} {e_:>13} {fe:>9}/{e_:<6}  ({share} of exactly read "
          f"mutated reports flagged; {100.0 * f_ / max(n_, 1):.1f}% of all)")
    print(f"mutations invisible to every identity (not counted above): {sum(invisible.values())}; "
          "'read exactly' = the parser returned the mutated tables 三/四 cell for cell")
    for line in examples:
        print("   ", line)


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    reports = []
    false_alarm_any = false_alarm_warn = 0
    for p in truth_files():
        truth = json.loads(p.read_text(encoding="utf-8"))
        if truth.get("known_inconsistencies"):
            continue
        rep = report_from_truth(truth, p.stem)
        any_f, warn_f, fails = flags(run_checks(rep))
        false_alarm_any += any_f
        false_alarm_warn += warn_f
        if verbose and fails:
            for r in fails:
                print(f"  unmutated {p.stem}: {r.code} {r.scope} {r.severity}")
        reports.append((p.stem, rep))
    # stats[(kind, scope)] = [n, flagged_any, flagged_warn, diagnosed right, a D_* naming other cells]
    stats: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    zero_blank = 0
    invisible: dict[str, int] = defaultdict(int)
    missed: list[str] = []
    t0 = time.perf_counter()
    runs = 0
    for name, rep in reports:
        ctx = Context.build(rep)
        in_identity = {k for i in ctx.identities for k in i.keys}
        base = imbalance(ctx, ctx.values)
        for i, f in enumerate(rep.facts):
            for kind in ("+1", "-1", "swap", "blank"):
                m = copy.deepcopy(rep)
                g = m.facts[i]
                touched = [g]
                if kind in ("+1", "-1"):
                    if g.value is None:
                        continue
                    g.value = g.value + (1 if kind == "+1" else -1)
                elif kind == "swap":
                    j = neighbour_of(m, i)
                    if j is None or m.facts[j].value == g.value:
                        continue
                    h = m.facts[j]
                    g.value, h.value = h.value, g.value
                    g.raw, h.raw = h.raw, g.raw
                    touched.append(h)
                else:
                    if g.value is None:
                        continue
                    if g.value == 0:
                        zero_blank += 1
                        continue
                    g.value = None
                g.raw = "" if g.value is None else str(g.value)
                any_f, warn_f, fails = flags(run_checks(m))
                runs += 1
                codes = {cell_code(t.key) for t in touched}
                right = RIGHT_CAUSE[kind]
                diag = any(r.code in right and codes <= {c["code"] for c in r.cells} for r in fails)
                wrong = any(r.code.startswith("D_") and not codes & {c["code"] for c in r.cells} for r in fails)
                scope = "identity" if f.key in in_identity else "other"
                if scope == "identity" and imbalance(ctx, {t.key: t.value for t in m.facts}) == base:
                    invisible[kind] += 1  # a permutation/blank no identity can see (same sums)
                    scope = "invisible"
                for s in (scope, "all"):
                    st = stats[(kind, s)]
                    st[0] += 1
                    st[1] += any_f
                    st[2] += warn_f
                    st[3] += diag
                    st[4] += wrong
                if scope == "identity" and not any_f:
                    missed.append(f"{name} {cell_code(f.key)} {kind}")
    dt = time.perf_counter() - t0

    def pct(a: int, b: int) -> str:
        return f"{100.0 * a / b:6.2f}%" if b else "   n/a"

    print(f"consistent fixture reports: {len(reports)} ({', '.join(n for n, _ in reports)})")
    print(f"false alarms on unmutated reports: {false_alarm_warn} with a warn/error failure, "
          f"{false_alarm_any} with any failure (goal 0)")
    print(f"mutations run: {runs} in {dt:.1f} s ({1000 * dt / max(runs, 1):.1f} ms per report check)")
    print(f"{'kind':<6} {'cells':<9} {'n':>6} {'flagged':>9} {'share':>8} {'warn+':>8} {'right cause':>12} "
          f"{'misdiagnosed':>13}")
    for s in ("identity", "all"):
        tot = [0, 0, 0, 0, 0]
        for kind in ("+1", "-1", "swap", "blank"):
            n, a, w, d, x = stats[(kind, s)]
            tot = [p + q for p, q in zip(tot, (n, a, w, d, x), strict=True)]
            print(f"{kind:<6} {s:<9} {n:>6} {a:>9} {pct(a, n)} {pct(w, n)} {pct(d, a):>12} {x:>13}")
        n, a, w, d, x = tot
        print(f"{'ALL':<6} {s:<9} {n:>6} {a:>9} {pct(a, n)} {pct(w, n)} {pct(d, a):>12} {x:>13}")
    print(f"not counted: {zero_blank} blankings of a 0 cell (consistent when read as 0, by construction)")
    print("identity cells: mutations that change the sums of some identity; mutations of identity cells that "
          "leave every identity's sums unchanged (swapping two parts of one sum that no other identity "
          f"covers, e.g. two outcomes of a 表四 block; a 0 swapped with a blank) are in 'all' only: "
          f"{dict(invisible)}")
    print("'right cause' = share of flagged mutations named by the matching finding with every mutated cell: "
          "D_CELL for +1/-1, D_SWAP/D_SHIFT for a swap, V_BLANK for a blank; 'misdiagnosed' = mutations with a "
          "D_* finding that names none of the mutated cells")
    if missed:
        print(f"identity-cell mutations no check flagged: {len(missed)}")
        for line in missed[:30]:
            print("   ", line)
    n_e2e = int(argv[argv.index("--e2e") + 1]) if "--e2e" in argv else 100
    if n_e2e:
        e2e(n_e2e)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
