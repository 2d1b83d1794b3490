"""Table 三 (applications): logical rows aligned to the template's rows, 7 values each.

Alignment is a monotonic sequence alignment (dynamic programming) between the observed value rows and the
template rows: a row's label votes for a template row by fuzzy similarity, a row without a label takes the
next row in template order, group rows (（三）不予公开 …) match only when printed with numbers and clearly
labelled. Digit runs are split with each row's sum and the table's column identities.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

from transforms.cells import parse_cell
from transforms.memo import Memo
from transforms.model import Fact, ParseError
from transforms.tables.digits import split_row
from transforms.tables.labels import label_sim
from transforms.tables.rows import LRow, Val, build_rows
from transforms.templates import AppRow, Template, load_template

WIDTH = 7
_SKIP_OBS = -1.0
_SKIP_DATA = -0.8
_SKIP_GROUP = 0.0


def _match_score(labels: tuple[str, ...], trow: AppRow) -> float:
    if not labels:
        return -5.0 if trow.group else 0.6
    sim = label_sim(labels, trow.labels)
    if trow.group:
        return 2.0 * sim - 1.1
    return 2.0 * sim - 0.5


@lru_cache(maxsize=16384)
def _row_scores(labels: tuple[str, ...], template_id: str) -> tuple[float, ...]:
    """Match scores of one observed label against every template row (labels recur across reports)."""
    return tuple(_match_score(labels, t) for t in load_template(template_id).app_rows)


_EPS = 1e-9  # score margin: far above float rounding of a sum of ~30 scores, far below any real score gap


@lru_cache(maxsize=16384)
def _row_choice(labels: tuple[str, ...], template_id: str) -> int | None:
    """The one clearly best move for an observed row: a template row index, -1 (skip the row), or None.

    None when two moves score within _EPS of each other (then only the full alignment can decide).
    """
    si = _row_scores(labels, template_id)
    best = max(si)
    if abs(best - _SKIP_OBS) < _EPS:
        return None
    if best < _SKIP_OBS:
        return -1
    j = si.index(best)
    floor = best - _EPS
    for k, s in enumerate(si):
        if s > floor and k != j:
            return None
    return j


def _align_direct(rows: list[LRow], trows: tuple[AppRow, ...], template_id: str) -> list[tuple[int, int]] | None:
    """The alignment when each row's own best move already forms a valid monotonic alignment; else None.

    Why this equals the dynamic programme's answer: any alignment scores at most the sum over observed rows of
    each row's best move (a template row left out costs <= 0). When every row has a unique best move (margin
    _EPS), those moves are strictly increasing and every template row they leave out is a group row (cost 0),
    this alignment reaches that bound and every other alignment falls short of it by at least _EPS, so it is
    the unique optimum that `align` would trace back.
    """
    pairs: list[tuple[int, int]] = []
    last = -1
    for i, r in enumerate(rows):
        j = _row_choice(tuple(r.labels), template_id)
        if j is None:
            return None
        if j < 0:
            continue
        if j <= last:
            return None
        pairs.append((i, j))
        last = j
    if len(pairs) != len(trows):
        used = {j for _, j in pairs}
        for j, t in enumerate(trows):
            if j not in used and not t.group:
                return None
    return pairs


def align(rows: list[LRow], trows: tuple[AppRow, ...], template_id: str) -> list[tuple[int, int]]:
    """Best monotonic matching of observed rows to template rows: list of (obs index, template index)."""
    direct = _align_direct(rows, trows, template_id)
    if direct is not None:
        return direct
    m, n = len(rows), len(trows)
    neg = float("-inf")
    dp = [[neg] * (n + 1) for _ in range(m + 1)]
    back: list[list[int]] = [[0] * (n + 1) for _ in range(m + 1)]
    dp[0][0] = 0.0
    skip_t = [(_SKIP_GROUP if t.group else _SKIP_DATA) for t in trows]
    for j in range(1, n + 1):
        dp[0][j] = dp[0][j - 1] + skip_t[j - 1]
        back[0][j] = 2
    scores = [_row_scores(tuple(r.labels), template_id) for r in rows]
    for i in range(1, m + 1):
        dp[i][0] = dp[i - 1][0] + _SKIP_OBS
        back[i][0] = 1
        si = scores[i - 1]
        for j in range(1, n + 1):
            best, how = dp[i - 1][j - 1] + si[j - 1], 0
            v = dp[i - 1][j] + _SKIP_OBS
            if v > best:
                best, how = v, 1
            v = dp[i][j - 1] + skip_t[j - 1]
            if v > best:
                best, how = v, 2
            dp[i][j], back[i][j] = best, how
    pairs: list[tuple[int, int]] = []
    i, j = m, n
    while i > 0 or j > 0:
        how = back[i][j]
        if how == 0 and i > 0 and j > 0:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif how == 1 and i > 0:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


@dataclass(slots=True)
class _Fitted:
    vals: list[Val | None]  # WIDTH slots; None = cell not printed (lost blank)
    runs: list[str] | None = None  # digit tokens to split when the row is glued
    note: str = ""


def _strip_to(values: list[Val], width: int) -> tuple[list[Val], str]:
    vals = list(values)
    while len(vals) > width and vals and vals[-1][0] == "":
        vals.pop()
    while len(vals) > width and vals and vals[0][0] == "":
        vals.pop(0)
    return vals, ""


def _choose_window(vals: list[Val], width: int) -> tuple[list[Val], str]:
    """More values than cells: keep the window whose row sum holds; by default the last `width`."""
    n_extra = len(vals) - width
    windows = [vals[k:k + width] for k in range(n_extra + 1)]

    def holds(w: list[Val]) -> bool:
        cv = [parse_cell(v[0]) for v in w]
        if any(c is None or c.value is None for c in cv):
            return False
        nums = [c.value for c in cv]  # type: ignore[union-attr]
        return sum(nums[:-1]) == nums[-1]

    good = [w for w in windows if holds(w)]
    pick = good[-1] if good else windows[-1]
    return pick, f"{len(vals)} values for {width} cells; kept {'a window whose row sum holds' if good else 'the last ' + str(width)}"


def fit_row(row: LRow, width: int = WIDTH) -> _Fitted:
    if len(row.values) == width:  # the common case: nothing to strip or place
        return _Fitted(list(row.values))
    vals, _ = _strip_to(row.values, width)
    if len(vals) == width:
        return _Fitted(list(vals))
    if len(vals) > width:
        pick, note = _choose_window(vals, width)
        return _Fitted(list(pick), note=note)
    raws = [v[0] for v in vals]
    glued = raws and not row.explicit and all(r.isdigit() for r in raws)
    if glued and sum(len(r) for r in raws) >= width:
        return _Fitted([None] * width, runs=raws, note="digit run split by arithmetic")
    if len(vals) == 1:
        return _Fitted([None] * (width - 1) + [vals[0]], note="one value for 7 cells: read as 总计, others not printed")
    slots: list[Val | None] = list(vals[:-1]) + [None] * (width - len(vals)) + [vals[-1]] if vals else [None] * width
    return _Fitted(slots, note=f"{len(vals)} values for {width} cells: first values read left to right, last as 总计")


def _identities(tpl: Template) -> list[tuple[list[str], list[str]]]:
    """Column identities lhs rows = rhs rows (per column), used to pick among digit-run splits."""
    codes = [r.code for r in tpl.data_rows]
    results = [c for c in codes if c.startswith("3.") and c != "3.7"]
    return [(["1", "2"], ["3.7", "4"]), (["3.7"], results)]


def read_applications(lines, tpl: Template, errors: list[ParseError]) -> list[Fact]:
    # One pass over the logical rows: rows with no value are dropped (the length test first: most rows hold
    # WIDTH values, so the scan for a non-blank value is rarely needed), and one-cell-per-line rows that
    # swallowed several printed rows are cut into rows of 7.
    rows: list[LRow] = []
    keep = rows.append
    for r in build_rows(lines):
        values = r.values
        n = len(values)
        if n < WIDTH:
            if any(v[0] for v in values):
                keep(r)
        elif n > WIDTH and not r.own_label and n % WIDTH == 0 and not r.explicit:
            for k in range(0, n, WIDTH):
                keep(LRow(r.labels if k == 0 else [], values[k:k + WIDTH], r.ref, False, False))
        else:
            keep(r)
    if not rows:
        errors.append(ParseError("tables", "table3_missing", "table 三 (applications) not found"))
        return []
    trows = tpl.app_rows
    pairs = align(rows, trows, tpl.id)
    if all(len(rows[i].values) == WIDTH for i, _ in pairs):
        return _facts_of_full_rows(rows, trows, pairs, tpl, errors)
    matched = {j: i for i, j in pairs}
    fitted: dict[str, tuple[LRow, AppRow, _Fitted]] = {}
    missing: list[str] = []
    for j, trow in enumerate(trows):
        if j in matched:
            row = rows[matched[j]]
            fitted[trow.code] = (row, trow, fit_row(row))
        elif not trow.group:
            missing.append(trow.code)
    if missing:
        errors.append(ParseError("tables", "table3_row_missing",
                                 f"table 三: {len(missing)} template row(s) not found: {', '.join(missing)}"))
    _solve_runs(fitted, tpl, errors)
    facts: list[Fact] = []
    append = facts.append
    columns = tpl.columns
    parts_36: dict[tuple[str, str], Fact] = {}
    for code, (row, trow, fit) in fitted.items():
        kind = "group_printed" if trow.group else "template"
        note = fit.note
        label = row.label
        n_before = len(facts)
        # Fact fields by position (a keyword call costs twice as much; ~200 facts per report):
        # table, value, raw, unit, item, content, metric, row, column, proceeding, outcome, row_kind, label_raw,
        # cell_ref, notes
        for col, v in zip(columns, fit.vals, strict=True):
            if v is None:
                append(Fact("applications", None, "", None, None, None, None, code, col, None, None, kind, label,
                            row.ref, [note, "cell not printed"] if note else ["cell not printed"]))
            else:
                raw, ref = v
                append(Fact("applications", _NUMBERS[raw], raw, None, None, None, None, code, col, None, None,
                            kind, label, ref, [note] if note else []))
        if code in _PARTS_36 and not trow.group:
            for f in facts[n_before:]:
                parts_36[(code, f.column)] = f  # type: ignore[index]
        if note and "digit run" not in note and "values for" in note and not all(
                v is None or not v[0] for v in fit.vals[:-1]):
            errors.append(ParseError("tables", "table3_shape", f"table 三 row {code}: {note}"))
    _derive_36(facts, tpl, parts_36)
    return facts


def _facts_of_full_rows(rows: list[LRow], trows: tuple[AppRow, ...], pairs: list[tuple[int, int]], tpl: Template,
                        errors: list[ParseError]) -> list[Fact]:
    """read_applications' facts when every matched row holds exactly WIDTH values (the common case).

    Such a row needs no fitting (fit_row would copy its values with no note), no digit-run split (_solve_runs
    would do nothing) and raises no shape error, so its facts come straight from its values, in template
    order (`pairs` ascends in template index), without the intermediate _Fitted objects and dict.

    Each fact is made by object.__new__ and a store per field: the same object as Fact(...) (Fact has slots
    and no __new__ or __post_init__; every field is stored), for about two thirds of the instructions of even
    a direct Fact.__init__ call, whose 15 arguments cost more than its stores (~180 facts per report).
    """
    matched = {j for _, j in pairs}
    missing = [t.code for j, t in enumerate(trows) if j not in matched and not t.group]
    if missing:
        errors.append(ParseError("tables", "table3_row_missing",
                                 f"table 三: {len(missing)} template row(s) not found: {', '.join(missing)}"))
    facts: list[Fact] = []
    append = facts.append
    columns = tpl.columns
    number = _NUMBERS.__getitem__
    new_fact = object.__new__
    parts_36: dict[tuple[str, str], Fact] = {}
    for i, j in pairs:
        row = rows[i]
        trow = trows[j]
        code = trow.code
        kind = "group_printed" if trow.group else "template"
        label = row.label
        n_before = len(facts)
        for col, (raw, ref) in zip(columns, row.values):  # noqa: B905 - the caller checked: WIDTH values each
            fact = new_fact(Fact)  # Fact("applications", number(raw), raw, row=code, column=col, ...)
            fact.table = "applications"
            fact.value = number(raw)
            fact.raw = raw
            fact.unit = fact.item = fact.content = fact.metric = fact.proceeding = fact.outcome = None
            fact.row = code
            fact.column = col
            fact.row_kind = kind
            fact.label_raw = label
            fact.cell_ref = ref
            fact.notes = []
            append(fact)
        if code in _PARTS_36 and not trow.group:
            for f in facts[n_before:]:
                parts_36[(code, f.column)] = f  # type: ignore[index]
    _derive_36(facts, tpl, parts_36)
    return facts


def _cell_number(raw: str) -> int | float | None:
    """A cell's value as a fact holds it: None for a blank or a label, integral floats as int (read through
    the memo table `_NUMBERS`)."""
    cv = parse_cell(raw)
    value = cv.value if cv is not None else None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


_NUMBERS: Memo[int | float | None] = Memo(_cell_number)  # _cell_number of the cell texts seen


_PARTS_36 = ("3.6.1", "3.6.2", "3.6.3")


def _derive_36(facts: list[Fact], tpl: Template, by: dict[tuple[str, str], Fact] | None = None) -> None:
    """2021 reports: 3.6 = Σ3.6.x as a derived row, for analysis across templates.

    `by` maps (row, column) to the template-row facts of 3.6.1-3.6.3 when the caller collected them while
    building the facts (saves a pass over all of them)."""
    if not _has_36_parts(tpl.id):
        return
    if by is None:
        by = {(f.row, f.column): f for f in facts if f.row_kind == "template"}  # type: ignore[misc]
    for col in tpl.columns:
        parts = [by.get((code, col)) for code in _PARTS_36]
        if all(p is not None and p.value is not None for p in parts):
            total = sum(p.value for p in parts)  # type: ignore[union-attr,misc]
            # Fact fields by position (see read_applications)
            facts.append(Fact("applications", total, "", None, None, None, None, "3.6", col, None, None, "derived",
                              "Σ3.6.x", "derived", []))


@lru_cache(maxsize=16)
def _has_36_parts(template_id: str) -> bool:
    """Whether the template has 3.6.1 as a data row (2021): looked up once per template, not per report."""
    return any(r.code == "3.6.1" and not r.group for r in load_template(template_id).app_rows)


def _solve_runs(fitted: dict[str, tuple[LRow, AppRow, _Fitted]], tpl: Template, errors: list[ParseError]) -> None:
    """Split glued rows: each row's sum first, then the column identities across rows."""
    cands: dict[str, list[list[int]]] = {}
    for code, (_row, _t, fit) in fitted.items():
        if fit.runs is not None:
            cands[code] = split_row(fit.runs, WIDTH)
            if not cands[code]:
                errors.append(ParseError("tables", "digit_split_impossible",
                                         f"table 三 row {code}: no split of {' '.join(fit.runs)} into 7 cells "
                                         f"satisfies the row sum"))
    if not cands:
        return
    known: dict[str, list[int | None]] = {}
    for code, (_row, _t, fit) in fitted.items():
        if fit.runs is None:
            vals = []
            for v in fit.vals:
                cv = parse_cell(v[0]) if v is not None else None
                vals.append(cv.value if cv is not None else None)
            known[code] = vals  # type: ignore[assignment]
    ambiguous = [c for c, lst in cands.items() if len(lst) > 1]
    fixed = {c: lst[0] for c, lst in cands.items() if len(lst) == 1}
    solutions = _closing_combos(cands, ambiguous, {**known, **fixed}, tpl)
    chosen: dict[str, list[int]] = dict(fixed)
    if len(solutions) >= 1:
        chosen.update(solutions[0])
        if len(solutions) > 1:
            diff = sorted({c for s in solutions for c in s if s[c] != solutions[0][c]})
            errors.append(ParseError("tables", "digit_split_ambiguous",
                                     f"table 三: {len(solutions)} splits of the glued rows {diff} satisfy every "
                                     f"identity; the first is used: {[solutions[0][c] for c in diff]}"))
    else:
        for c in ambiguous:
            chosen[c] = cands[c][0]
        if ambiguous:
            errors.append(ParseError("tables", "digit_split_ambiguous",
                                     f"table 三: no combination of splits for rows {ambiguous} satisfies the "
                                     f"column identities; per-row first splits used"))
        elif fixed and not _identities_hold({**known, **fixed}, tpl):
            errors.append(ParseError("tables", "digit_split_unverified",
                                     "table 三: glued rows split by row sums; the column identities do not hold"))
    for code, vec in chosen.items():
        row, trow, fit = fitted[code]
        ref = f"{row.ref} (split of {' '.join(fit.runs or [])})"  # one reference shared by the split's values
        fit.vals = [(str(x), ref) for x in vec]


_MAX_TRIED = 20000
_MAX_SOLUTIONS = 9


def _closing_combos(cands: dict[str, list[list[int]]], ambiguous: list[str], base: dict[str, list],
                    tpl: Template) -> list[dict[str, list[int]]]:
    """The choices of one split per ambiguous row under which every column identity holds: in the order of
    itertools.product over the rows' candidates, among its first _MAX_TRIED + 1 choices, at most
    _MAX_SOLUTIONS of them.

    An identity column only constrains the rows it names, and with integer values it is linear: it holds
    iff the fixed rows' signed sum plus the chosen splits' signed values is zero. So each split becomes a
    vector of signed contributions; columns where the candidates never differ are decided once; choices
    are made row by row in product order, and a prefix is dropped (with its whole block of choices) when
    the rows still to choose cannot make up some column. A fixed float value anywhere in a checked column
    sends the whole question to the plain per-choice check (float sums depend on their order).
    """
    if not ambiguous:
        return [{}] if _identities_hold(base, tpl) else []
    amb = set(ambiguous)
    targets: list[int] = []  # per checked column: what the ambiguous rows' signed values must add up to
    cols: list[int] = []  # its table column
    signs: list[dict[str, int]] = []  # its ambiguous rows and their sides
    for lhs, rhs in _identities(tpl):
        if not all(r in base or r in amb for r in lhs + rhs):
            continue
        side = {r: 1 for r in lhs} | {r: -1 for r in rhs}
        for c in range(WIDTH):
            fixed_vals = [base[r][c] for r in side if r not in amb]
            if any(x is None for x in fixed_vals):
                continue
            if any(not isinstance(x, int) for x in fixed_vals):
                return _closing_combos_plain(cands, ambiguous, base, tpl)
            const = sum(sign * base[r][c] for r, sign in side.items() if r not in amb)
            moving = {r: sign for r, sign in side.items() if r in amb}
            if not moving:
                if const:
                    return []  # fails whatever the choice
                continue
            targets.append(-const)
            cols.append(c)
            signs.append(moving)
    n_rows = len(ambiguous)
    # vecs[i][k]: contributions of candidate k of ambiguous row i to every checked column
    vecs = [[[sg.get(code, 0) * cand[c] for sg, c in zip(signs, cols, strict=True)]
             for cand in cands[code]] for code in ambiguous]
    # a column where every row's candidates agree holds for all choices or for none: decide it now
    live: list[int] = []
    for j, target in enumerate(targets):
        if all(len({vec[j] for vec in vecs[i]}) == 1 for i in range(n_rows)):
            if sum(vecs[i][0][j] for i in range(n_rows)) != target:
                return []
        else:
            live.append(j)
    targets = [targets[j] for j in live]
    vecs = [[[vec[j] for j in live] for vec in row] for row in vecs]
    # low[i], high[i]: per live column, the least and greatest sum rows i.. can still add
    low = [[0] * len(live) for _ in range(n_rows + 1)]
    high = [[0] * len(live) for _ in range(n_rows + 1)]
    for i in range(n_rows - 1, -1, -1):
        for j in range(len(live)):
            column = [vec[j] for vec in vecs[i]]
            low[i][j] = low[i + 1][j] + min(column)
            high[i][j] = high[i + 1][j] + max(column)
    sizes = [len(cands[code]) for code in ambiguous]
    block = [1] * n_rows  # number of choices under one choice of row i
    for i in range(n_rows - 2, -1, -1):
        block[i] = block[i + 1] * sizes[i + 1]
    solutions: list[dict[str, list[int]]] = []
    chosen: list[int] = []

    def walk(i: int, first: int, partial: list[int]) -> bool:
        """Choose row i; `first` is the product index of this block's first choice. False = stop."""
        lo, hi = low[i + 1], high[i + 1]
        for k in range(sizes[i]):
            index = first + k * block[i]
            if index > _MAX_TRIED:
                return False
            now = [a + b for a, b in zip(partial, vecs[i][k], strict=True)]
            # the rows after i must still be able to make up every live column
            if any(not lo[j] <= t - x <= hi[j] for j, (t, x) in enumerate(zip(targets, now, strict=True))):
                continue
            chosen.append(k)
            if i + 1 == n_rows:
                solutions.append({code: cands[code][kk] for code, kk in zip(ambiguous, chosen, strict=True)})
                more = len(solutions) < _MAX_SOLUTIONS
            else:
                more = walk(i + 1, index, now)
            chosen.pop()
            if not more:
                return False
        return True

    walk(0, 0, [0] * len(live))
    return solutions


def _closing_combos_plain(cands: dict[str, list[list[int]]], ambiguous: list[str], base: dict[str, list],
                          tpl: Template) -> list[dict[str, list[int]]]:
    """_closing_combos by checking every identity for every choice (values that are not all integers)."""
    solutions: list[dict[str, list[int]]] = []
    for n_tried, combo in enumerate(itertools.product(*(cands[c] for c in ambiguous))):
        if n_tried > _MAX_TRIED:
            break
        choice = dict(zip(ambiguous, combo, strict=True))
        if _identities_hold({**base, **choice}, tpl):
            solutions.append(choice)
            if len(solutions) >= _MAX_SOLUTIONS:
                break
    return solutions


def _identities_hold(table: dict[str, list], tpl: Template) -> bool:
    for lhs, rhs in _identities(tpl):
        if not all(r in table for r in lhs + rhs):
            continue
        for c in range(WIDTH):
            lv = [table[r][c] for r in lhs]
            rv = [table[r][c] for r in rhs]
            if any(x is None for x in lv + rv):
                continue
            if sum(lv) != sum(rv):
                return False
    return True
