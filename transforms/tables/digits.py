"""Digit runs: cells printed with no separator ("640020470" for 64/0/0/2/0/4/70), split by arithmetic.

A run is cut into the number of cells its row needs so that every hard rule of the template holds (row sums,
block totals); parts never start with 0 unless they are "0". A total is *forced*: once the parts it sums are
chosen, the digits that follow must spell their sum, so the search only enumerates the summed parts.
When several splits satisfy every rule, callers rank them with soft plausibility rules and must say so in
`errors` — never guess silently. Work is bounded by MAX_STEPS and MAX_RESULTS.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import lru_cache

MAX_STEPS = 200_000
MAX_RESULTS = 64

Forced = Callable[[list[int]], "int | None"]


def split_tokens(tokens: list[str], n: int, forced: Forced | None = None,
                 prune: Callable[[list[int]], bool] | None = None,
                 state: Callable[[list[int]], tuple] | None = None, max_len: int = 0) -> list[list[int]]:
    """All ways to cut the digit tokens into exactly n integers (token boundaries are fixed cuts).

    `forced(prefix)` returns the value the next part must have (a total), or None when it is free;
    `prune(prefix)` returns True when no completion of the prefix can be valid;
    `state(prefix)` summarises what forced/prune depend on, so a dead end is explored only once;
    `max_len` (when > 0) caps the digits of one part.
    """
    if not tokens or any(not t.isdigit() for t in tokens):
        return []
    if sum(len(t) for t in tokens) < n or len(tokens) > n:
        return []
    if forced is None and prune is None and state is None and not max_len:
        return _split_free(tokens, n)
    tail = [sum(len(t) for t in tokens[i + 1:]) for i in range(len(tokens))]
    results: list[list[int]] = []
    steps = 0
    dead: set[tuple] = set()

    def fits(ti: int, end: int, need_after: int) -> bool:
        tok = tokens[ti]
        after = len(tok) - end + tail[ti]
        rest_tokens = len(tokens) - ti - 1
        if max_len and after > need_after * max_len:
            return False
        if end == len(tok):
            return rest_tokens <= need_after <= after
        return rest_tokens + 1 <= need_after <= after

    def rec(ti: int, pos: int, acc: list[int]) -> None:
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS or len(results) >= MAX_RESULTS:
            return
        if ti == len(tokens):
            if len(acc) == n:
                results.append(list(acc))
            return
        key = (ti, pos, state(acc)) if state is not None else None
        if key is not None and key in dead:
            return
        before = len(results)
        explore(ti, pos, acc)
        if key is not None and len(results) == before:
            dead.add(key)

    def explore(ti: int, pos: int, acc: list[int]) -> None:
        tok = tokens[ti]
        need_after = n - len(acc) - 1
        if need_after < 0:
            return
        want = forced(acc) if forced is not None else None
        if want is not None:
            s = str(want)
            end = pos + len(s)
            if want < 0 or tok[pos:end] != s or not fits(ti, end, need_after):
                return
            options = [(want, end)]
        elif tok[pos] == "0":
            options = [(0, pos + 1)] if fits(ti, pos + 1, need_after) else []
        else:
            stop = min(len(tok), pos + max_len) if max_len else len(tok)
            options = [(int(tok[pos:e]), e) for e in range(pos + 1, stop + 1) if fits(ti, e, need_after)]
        for value, end in options:
            acc.append(value)
            if prune is not None and prune(acc):
                acc.pop()
                continue
            if end == len(tok):
                rec(ti + 1, 0, acc)
            else:
                rec(ti, end, acc)
            acc.pop()

    rec(0, 0, [])
    return results


def _token_layout(tokens: list[str]) -> tuple[str, list[int], list[int]]:
    """The run as one string, the end of the token each position is in, and how many token pieces remain
    from each position (the rest of its token counts as one): what the string searches need instead of
    per-token closures."""
    s = "".join(tokens)
    size = len(s)
    token_end = [size] * size
    pieces = [1] * size + [0]
    pos = size
    for k, tok in enumerate(reversed(tokens[1:]), start=1):
        start = pos - len(tok)
        token_end[:start] = [start] * start
        pieces[:start] = [k + 1] * start
        pos = start
    return s, token_end, pieces


def _split_free(tokens: list[str], n: int) -> list[list[int]]:
    """split_tokens without constraints (table 二 runs): the same search, node for node (so the same
    results, order and bounds), over one string with per-position token ends instead of closures."""
    s, token_end, pieces = _token_layout(tokens)
    size = len(s)
    results: list[list[int]] = []
    acc: list[int] = []
    steps = 0

    def rec(p: int) -> None:
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS or len(results) >= MAX_RESULTS:
            return
        if p == size:
            if len(acc) == n:
                results.append(list(acc))
            return
        need = n - len(acc) - 1
        if need < 0:
            return
        stop = p + 1 if s[p] == "0" else token_end[p]
        for end in range(p + 1, stop + 1):
            if pieces[end] <= need <= size - end:
                acc.append(int(s[p:end]))
                rec(end)
                acc.pop()

    rec(0)
    return results


def split_row(tokens: list[str], width: int) -> list[list[int]]:
    """Cut a glued table-三 row into `width` cells whose last is the sum of the others.

    The total is a suffix of the last token (shortest first); the other `width - 1` cells cut the digits
    before it. Results come in the order of a left-to-right search that tries shorter cells first, at most
    MAX_RESULTS of them. Three arithmetic filters reject a candidate total before any search:
    - casting out nines: a number is congruent to its digit sum mod 9, and every cut uses all the digits,
      so the cells always sum to the digit sum of the head mod 9 — a total that disagrees cannot close;
    - digit counts alone bound the cells' sum (`_len_bounds`);
    - then the search itself (`_row_cuts`) only enters a cell when the rest can still make up the total.
    """
    if not tokens or any(not t.isdigit() for t in tokens):
        return []
    if not all(t.isascii() for t in tokens):
        return _split_row_plain(tokens, width)
    m = width - 1
    if m < 1:
        return []
    last = tokens[-1]
    lead = tokens[:-1]
    lead_len = sum(map(len, lead))
    lead_nines = sum(map(int, "".join(lead)))
    prefix_nines = list(itertools.accumulate(map(int, last), initial=0))
    out: list[list[int]] = []
    # the head needs m..m*len(total) digits: only these cut points k can work (checked again below)
    first = min(len(last) - 1, (m * len(last) - lead_len) // (m + 1))
    for k in range(first, max(m - lead_len, 0) - 1, -1):
        n_total = len(last) - k
        if n_total > 1 and last[k] == "0":
            continue
        head_len = lead_len + k
        # every cell is <= the total, so no cell has more digits than it; each cell needs a digit, each
        # token at least one cell
        if not head_len or head_len > m * n_total or head_len < m or len(lead) + (k > 0) > m:
            continue
        if (lead_nines + 2 * prefix_nines[k] - prefix_nines[-1]) % 9:  # head's digit sum - total's
            continue
        total = int(last[k:])
        lo, hi = _len_bounds(head_len, m, n_total)
        if not lo <= total <= hi:
            continue
        head = lead + [last[:k]] if k else lead
        out.extend(_row_cuts(head, m, total, n_total, MAX_RESULTS - len(out)))
        if len(out) >= MAX_RESULTS:
            break
    return out


def _split_row_plain(tokens: list[str], width: int) -> list[list[int]]:
    """split_row by the generic search alone, for digits other than ASCII (str.isdigit accepts them, and
    the arithmetic filters above assume 0-9): same cuts, same order, only slower."""
    last = tokens[-1]
    out: list[list[int]] = []
    for k in range(len(last) - 1, -1, -1):
        suffix = last[k:]
        if len(suffix) > 1 and suffix[0] == "0":
            continue
        total = int(suffix)
        head = tokens[:-1] + ([last[:k]] if k else [])
        if not head or sum(map(len, head)) > (width - 1) * len(suffix):
            continue

        def forced(acc: list[int], total: int = total) -> int | None:
            return total - sum(acc) if len(acc) == width - 2 else None

        def prune(acc: list[int], total: int = total) -> bool:
            return sum(acc) > total

        for parts in split_tokens(head, width - 1, forced, prune, _len_sum, max_len=len(suffix)):
            out.append(parts + [total])
            if len(out) >= MAX_RESULTS:
                return out
    return out


def _len_bounds(n_digits: int, m: int, max_len: int) -> tuple[int, int]:
    """Least and greatest sum that any cut of `n_digits` digits into m parts of 1..max_len digits can have,
    from digit counts alone: a part of l >= 2 digits lies in [10**(l-1), 10**l - 1] (no leading zero).
    The least sum comes from lengths as even as possible, the greatest from parts as long as possible."""
    q, extra = divmod(n_digits, m)
    lo = 0
    if q >= 2:
        lo += (m - extra) * 10 ** (q - 1)
    if extra and q >= 1:
        lo += extra * 10 ** q
    hi = 0
    left = n_digits
    for i in range(m):
        part = min(max_len, left - (m - i - 1))
        hi += 10 ** part - 1
        left -= part
    return lo, hi


@lru_cache(maxsize=512)
def _count_bounds(m: int, max_len: int) -> tuple[list[list[int]], list[list[int]]]:
    """lo[r][a], hi[r][a]: `_len_bounds` of `a` digits into r parts, for every r < m and a <= m*max_len;
    hi = -1 where a cannot be cut into r parts. Depends only on the row shape, so computed once."""
    size = m * max_len + 1
    lo = [[0] * size for _ in range(m)]
    hi = [[-1] * size for _ in range(m)]
    hi[0][0] = 0
    for r in range(1, m):
        for a in range(r, r * max_len + 1):
            lo[r][a], hi[r][a] = _len_bounds(a, r, max_len)
    return lo, hi


@lru_cache(maxsize=4096)
def _n_cuts(n_digits: int, m: int, max_len: int) -> int:
    """How many ways digit counts alone allow: compositions of n_digits into m parts of 1..max_len."""
    if m == 0:
        return 1 if n_digits == 0 else 0
    return sum(_n_cuts(n_digits - k, m - 1, max_len) for k in range(1, min(max_len, n_digits) + 1))


# from this many length patterns on, exact bounds (a table over every position) cost less than the
# search they save; below it, bounds from digit counts and the exact last part are enough
_EXACT_FROM = 512


_EXACT_ROWS = 3  # in the exact case, the last parts' sums are kept as sets (at most max_len**(r-1) each)


def _row_cuts(head: list[str], m: int, total: int, max_len: int, limit: int) -> list[list[int]]:
    """All cuts of the head tokens into m parts (<= max_len digits, no leading zero, token boundaries kept)
    that sum to `total`, each returned with the total appended; at most `limit`, in left-to-right order.

    A left-to-right search that tries shorter parts first and enters a part only when what is left of the
    total can still be made by the r parts cut from the last `a` digits: for the last few parts,
    `sums[r][a]` is the exact set of their possible sums (up to the total); for more parts, only bounds
    lo[r][a]..hi[r][a]. With few length patterns (short heads), sets are kept for r = 1 only (the one value
    the last digits spell) and the bounds come from digit counts alone (`_count_bounds`); otherwise (long
    heads, several tokens), sets for r <= _EXACT_ROWS and the exact least and greatest sums beyond,
    from a small dynamic programme from the right over the positions the digit counts allow.
    """
    s = "".join(head)
    if m == 1:  # the search below checks a part's sums before entering it, so the root needs this
        return [[total, total]] if len(head) == 1 and s == str(total) else []
    n = len(s)
    token_end = [n] * n
    pos = n
    for tok in reversed(head[1:]):  # the first token runs to the next one's start
        start = pos - len(tok)
        token_end[:start] = [start] * start
        pos = start
    empty: frozenset[int] = frozenset()
    sums: list[list[frozenset[int] | set[int]]] = [[frozenset((0,))] + [empty] * n]
    row1: list[frozenset[int] | set[int]] = [empty] * (n + 1)
    for a in range(1, min(max_len, n) + 1):  # r = 1: the last `a` digits as one part
        if token_end[n - a] == n and (a == 1 or s[n - a] != "0"):
            row1[a] = frozenset((int(s[n - a:]),))
    sums.append(row1)
    lo: list[list[float]]
    hi: list[list[float]]
    if len(head) == 1 and _n_cuts(n, m, max_len) < _EXACT_FROM:
        n_sets = 1
        lo, hi = _count_bounds(m, max_len)
    else:
        n_sets = min(_EXACT_ROWS, m - 1)
        digits = [int(c) for c in s]

        def options(p: int) -> list[tuple[int, int]]:
            """(end, value) of every valid part starting at p."""
            stop = p + 1 if digits[p] == 0 else min(token_end[p], p + max_len)
            out = []
            v = 0
            for e in range(p + 1, stop + 1):
                v = v * 10 + digits[e - 1]
                out.append((e, v))
            return out

        for r in range(2, n_sets + 1):
            prev = sums[r - 1]
            row: list[frozenset[int] | set[int]] = [empty] * (n + 1)
            # r parts from p need r..r*max_len digits, and m-r parts before p need m-r..(m-r)*max_len
            for p in range(max(m - r, n - r * max_len), min(n - r, (m - r) * max_len) + 1):
                got: set[int] = set()
                for e, v in options(p):
                    got.update(v + x for x in prev[n - e] if v + x <= total)
                row[n - p] = got
            sums.append(row)
        inf = float("inf")
        lo = [[inf] * (n + 1) for _ in range(m)]
        hi = [[-1] * (n + 1) for _ in range(m)]
        for a, got in enumerate(sums[n_sets]):
            if got:
                lo[n_sets][a], hi[n_sets][a] = min(got), max(got)
        for r in range(n_sets + 1, m):
            lr, hr, lq, hq = lo[r], hi[r], lo[r - 1], hi[r - 1]
            for p in range(max(m - r, n - r * max_len), min(n - r, (m - r) * max_len) + 1):
                a_, b_ = inf, -1
                for e, v in options(p):
                    h = hq[n - e]
                    if h >= 0:
                        if v + h > b_:
                            b_ = v + h
                        if v + lq[n - e] < a_:
                            a_ = v + lq[n - e]
                lr[n - p], hr[n - p] = a_, b_
    found: list[list[int]] = []
    acc: list[int] = []
    steps = 0

    def fits(r: int, a: int, x: int) -> bool:
        """Can r parts cut from the last `a` digits sum to x?"""
        return x in sums[r][a] if r <= n_sets else lo[r][a] <= x <= hi[r][a]

    def rec(p: int, r: int, rem: int) -> None:
        """Cut s[p:] into r >= 2 parts summing to rem, after the parts in acc."""
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS or len(found) >= limit:
            return
        zeros = 0
        while s[p] == "0" and r > 1:  # a 0 is a part by itself: no branching, no call
            if not fits(r - 1, n - p - 1, rem):
                break
            acc.append(0)
            zeros += 1
            p += 1
            r -= 1
        else:
            if r == 1:
                found.append(acc + [rem, total])
            elif s[p] != "0":
                need = r - 1
                for e in range(p + 1, min(token_end[p], p + max_len) + 1):
                    v = int(s[p:e])
                    x = rem - v
                    if x < 0:
                        break
                    if need == 1:  # the last part is exact: a hit is a solution
                        if x in sums[1][n - e] and len(found) < limit:
                            found.append(acc + [v, x, total])
                    elif fits(need, n - e, x):
                        acc.append(v)
                        rec(e, need, x)
                        acc.pop()
        if zeros:
            del acc[-zeros:]

    rec(0, m, total)
    return found


def _len_sum(acc: list[int]) -> tuple:
    return (len(acc), sum(acc))


def split_blocks(tokens: list[str], n: int, block: int) -> list[list[int]]:
    """Cut digit tokens into n integers where each block of `block` cells ends with its total (table 四).

    The same cuts, in the same order, as split_tokens(tokens, n, block_totals(block),
    state=block_state(block)), by a leaner search: a block's free cells are enumerated (shorter first),
    its total is the one value the next digits must spell, and a dead end is remembered by (position,
    cells placed, the open block's running sum) — all that the rest of the search depends on.
    """
    if not tokens or any(not t.isdigit() for t in tokens):
        return []
    if not all(t.isascii() for t in tokens):  # see _split_row_plain
        return split_tokens(tokens, n, block_totals(block), state=block_state(block))
    if sum(map(len, tokens)) < n or len(tokens) > n:
        return []
    s, token_end, pieces = _token_layout(tokens)
    size = len(s)
    found: list[list[int]] = []
    acc: list[int] = []
    dead: set[tuple[int, int, int]] = set()
    steps = 0

    def rec(p: int, open_sum: int) -> None:
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS or len(found) >= MAX_RESULTS:
            return
        placed = len(acc)
        if p == size:
            if placed == n:
                found.append(list(acc))
            return
        need = n - placed - 1  # cells still to place after this one
        if need < 0:
            return
        key = (p, placed, open_sum)
        if key in dead:
            return
        before = len(found)
        if placed % block == block - 1:  # the block's total: forced
            want = str(open_sum)
            end = p + len(want)
            if end <= token_end[p] and s[p:end] == want and pieces[end] <= need <= size - end:
                acc.append(open_sum)
                rec(end, 0)
                acc.pop()
        elif s[p] == "0":
            if pieces[p + 1] <= need <= size - p - 1:
                acc.append(0)
                rec(p + 1, open_sum)
                acc.pop()
        else:
            for end in range(p + 1, token_end[p] + 1):
                if pieces[end] <= need <= size - end:
                    v = int(s[p:end])
                    acc.append(v)
                    rec(end, open_sum + v)
                    acc.pop()
        if len(found) == before:
            dead.add(key)

    rec(0, 0)
    return found


def block_state(block: int) -> Callable[[list[int]], tuple]:
    """What block_totals depends on: the position and the running sum of the open block."""

    def state(acc: list[int]) -> tuple:
        k = len(acc) % block
        return (len(acc), sum(acc[len(acc) - k:]) if k else 0)

    return state


def row_total(width: int) -> Forced:
    """Table 三 row: the last of `width` cells is the sum of the others."""

    def forced(acc: list[int]) -> int | None:
        return sum(acc) if len(acc) == width - 1 else None

    return forced


def block_totals(block: int) -> Forced:
    """Table 四: each block of `block` cells ends with its total."""

    def forced(acc: list[int]) -> int | None:
        if len(acc) % block == block - 1:
            return sum(acc[len(acc) - (block - 1):])
        return None

    return forced
