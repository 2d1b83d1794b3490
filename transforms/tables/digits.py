"""Digit runs: cells printed with no separator ("640020470" for 64/0/0/2/0/4/70), split by arithmetic.

A run is cut into the number of cells its row needs so that every hard rule of the template holds (row sums,
block totals); parts never start with 0 unless they are "0". When several splits satisfy every rule, callers
rank them with soft plausibility rules and must say so in `errors` — never guess silently.
Work is bounded: enumeration stops at MAX_STEPS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

MAX_STEPS = 200_000
MAX_RESULTS = 64

Check = Callable[[list[int]], bool]


def is_digit_run(raw: str) -> bool:
    return raw.isdigit()


def split_tokens(tokens: list[str], n: int, check: Check | None = None) -> list[list[int]]:
    """All ways to cut the digit tokens into exactly n integers (token boundaries are fixed cuts).

    `check(prefix)` is called on every partial list and returns False to prune it.
    """
    if not tokens or any(not t.isdigit() for t in tokens):
        return []
    total_digits = sum(len(t) for t in tokens)
    if total_digits < n or len(tokens) > n:
        return []
    results: list[list[int]] = []
    steps = 0

    def parts_of(tok: str, start: int) -> Iterator[tuple[int, int]]:
        """Next part of `tok` from `start`: (value, end). A leading 0 is a part of its own."""
        if tok[start] == "0":
            yield 0, start + 1
            return
        for end in range(start + 1, len(tok) + 1):
            yield int(tok[start:end]), end

    def rec(ti: int, pos: int, acc: list[int]) -> None:
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS or len(results) >= MAX_RESULTS:
            return
        if ti == len(tokens):
            if len(acc) == n:
                results.append(list(acc))
            return
        tok = tokens[ti]
        remaining_digits = len(tok) - pos + sum(len(t) for t in tokens[ti + 1:])
        remaining_tokens = len(tokens) - ti - 1
        need = n - len(acc)
        if need <= 0 or remaining_digits < need:
            return
        for value, end in parts_of(tok, pos):
            # parts still needed must fit: at least one per remaining token, at most one per digit
            after = len(tok) - end + sum(len(t) for t in tokens[ti + 1:])
            if end == len(tok):
                if need - 1 < remaining_tokens or need - 1 > after:
                    continue
            elif need - 1 > after or need - 1 < remaining_tokens + 1:
                continue
            acc.append(value)
            if check is None or check(acc):
                if end == len(tok):
                    rec(ti + 1, 0, acc)
                else:
                    rec(ti, end, acc)
            acc.pop()

    rec(0, 0, [])
    return results


def row_sum_check(width: int) -> Check:
    """Table 三 row: the six applicant columns add up to the total (last) column."""

    def check(acc: list[int]) -> bool:
        if len(acc) == width:
            return sum(acc[:-1]) == acc[-1]
        return True

    return check


def block_sum_check(block: int) -> Check:
    """Table 四: each block of `block` cells ends with its total."""

    def check(acc: list[int]) -> bool:
        if acc and len(acc) % block == 0:
            b = acc[-block:]
            return sum(b[:-1]) == b[-1]
        return True

    return check
