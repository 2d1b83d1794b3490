"""Digit runs: cells printed with no separator ("640020470" for 64/0/0/2/0/4/70), split by arithmetic.

A run is cut into the number of cells its row needs so that every hard rule of the template holds (row sums,
block totals); parts never start with 0 unless they are "0". A total is *forced*: once the parts it sums are
chosen, the digits that follow must spell their sum, so the search only enumerates the summed parts.
When several splits satisfy every rule, callers rank them with soft plausibility rules and must say so in
`errors` — never guess silently. Work is bounded by MAX_STEPS and MAX_RESULTS.
"""

from __future__ import annotations

from collections.abc import Callable

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


def split_row(tokens: list[str], width: int) -> list[list[int]]:
    """Cut a glued table-三 row into `width` cells whose last is the sum of the others.

    The total is a suffix of the last token (shortest first); the other `width - 1` cells cut the digits
    before it. Results come in the order of a left-to-right search that tries shorter cells first, at most
    MAX_RESULTS of them. Three arithmetic filters reject a candidate total before any search:
    - casting out nines: a number is congruent to its digit sum mod 9, and every cut uses all the digits,
      so the cells always sum to the digit sum of the head mod 9 — a total that disagrees cannot close;
    - digit counts alone bound the cells' sum (`_len_bounds`);
    - the exact least and greatest sums of the head's cuts (`_row_cuts`) prune the search itself.
    """
    if not tokens or any(not t.isdigit() for t in tokens):
        return []
    m = width - 1
    last = tokens[-1]
    lead = tokens[:-1]
    lead_len = sum(map(len, lead))
    lead_nines = sum(map(int, "".join(lead)))
    prefix_nines = [0]
    for c in last:
        prefix_nines.append(prefix_nines[-1] + ord(c) - 48)
    out: list[list[int]] = []
    for k in range(len(last) - 1, -1, -1):
        n_total = len(last) - k
        if n_total > 1 and last[k] == "0":
            continue
        head_len = lead_len + k
        # every cell is <= the total, so no cell has more digits than it; each cell needs a digit, each
        # token at least one cell
        if not head_len or head_len > m * n_total or head_len < m or len(lead) + (k > 0) > m:
            continue
        total = int(last[k:])
        if (lead_nines + prefix_nines[k] - total) % 9:
            continue
        lo, hi = _len_bounds(head_len, m, n_total)
        if not lo <= total <= hi:
            continue
        head = lead + [last[:k]] if k else lead
        out.extend(_row_cuts(head, m, total, n_total, MAX_RESULTS - len(out)))
        if len(out) >= MAX_RESULTS:
            break
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


def _row_cuts(head: list[str], m: int, total: int, max_len: int, limit: int) -> list[list[int]]:
    """All cuts of the head tokens into m parts (<= max_len digits, no leading zero, token boundaries kept)
    that sum to `total`, each returned with the total appended; at most `limit`, in left-to-right order.

    First, from the right, the least and greatest sum of every (start position, number of parts) remainder
    (a small dynamic programme over the few positions the digit counts allow); then a left-to-right search
    that only enters a part when what is left of the total lies within the remainder's bounds. The last
    part is exact (one value), so every leaf reached is a solution.
    """
    s = "".join(head)
    if m == 1:  # the search below checks a part's bounds before entering it, so the root needs this
        return [[total, total]] if len(head) == 1 and s == str(total) else []
    n = len(s)
    digits = [ord(c) - 48 for c in s]
    token_end = [0] * n
    pos = n
    for tok in reversed(head):
        start = pos - len(tok)
        for p in range(start, pos):
            token_end[p] = pos
        pos = start
    # every valid part starting at p, as (end, value), shortest first
    parts: list[tuple[tuple[int, int], ...]] = []
    for p in range(n):
        if digits[p] == 0:
            parts.append(((p + 1, 0),))
            continue
        v = 0
        opts = []
        for e in range(p + 1, min(token_end[p], p + max_len) + 1):
            v = v * 10 + digits[e - 1]
            opts.append((e, v))
        parts.append(tuple(opts))
    inf = float("inf")
    lo = [[inf] * (n + 1) for _ in range(m)]
    hi = [[-1] * (n + 1) for _ in range(m)]
    lo[0][n] = hi[0][n] = 0
    for r in range(1, m):
        lr, hr, lq, hq = lo[r], hi[r], lo[r - 1], hi[r - 1]
        # r parts from p need r..r*max_len digits, and m-r parts before p need m-r..(m-r)*max_len
        for p in range(max(m - r, n - r * max_len), min(n - r, (m - r) * max_len) + 1):
            a, b = inf, -1
            for e, v in parts[p]:
                if hq[e] >= 0:
                    if v + lq[e] < a:
                        a = v + lq[e]
                    if v + hq[e] > b:
                        b = v + hq[e]
            lr[p], hr[p] = a, b
    found: list[list[int]] = []
    acc: list[int] = []
    steps = 0

    def rec(p: int, r: int, rem: int) -> None:
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS or len(found) >= limit:
            return
        if r == 1:
            found.append(acc + [rem, total])
            return
        lq, hq = lo[r - 1], hi[r - 1]
        for e, v in parts[p]:
            x = rem - v
            if x < 0:
                break
            if lq[e] <= x <= hq[e]:
                acc.append(v)
                rec(e, r - 1, x)
                acc.pop()

    rec(0, m, total)
    return found


def _len_sum(acc: list[int]) -> tuple:
    return (len(acc), sum(acc))


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
