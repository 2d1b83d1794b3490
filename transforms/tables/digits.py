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

    The total is a suffix of the last token: for each possible suffix, the other cells are enumerated with
    their running sum bounded by it and the last of them forced to close the sum.
    """
    if not tokens or any(not t.isdigit() for t in tokens):
        return []
    last = tokens[-1]
    out: list[list[int]] = []
    for k in range(len(last) - 1, -1, -1):
        suffix = last[k:]
        if len(suffix) > 1 and suffix[0] == "0":
            continue
        total = int(suffix)
        head = tokens[:-1] + ([last[:k]] if k else [])
        # every part is <= the total, so no part has more digits than it
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
