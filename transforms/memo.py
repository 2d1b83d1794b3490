"""Bounded memo tables for per-cell text functions in the parser's hot loops.

Why not functools.lru_cache: a plain dict read by `map(cache.get, texts)` costs no Python-level call per cell,
and a hit does not relink a recency list (over a large cache that is random memory traffic). The tables are
bounded by being emptied when full.

`Memo` is such a table that computes its own misses: `list(map(memo.__getitem__, texts))` reads a whole row
in C (no None test of the result afterwards), and only a text not seen yet costs a Python-level call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
CACHE_MAX = 65536


class Memo(dict[str, T], Generic[T]):
    """A dict of fn(text) for the texts seen: `memo[text]` computes and adds a missing text (the table is
    emptied first when it holds `limit` entries). Read a row by `list(map(memo.__getitem__, texts))`."""

    __slots__ = ("fn", "limit")

    def __init__(self, fn: Callable[[str], T], limit: int = CACHE_MAX) -> None:
        super().__init__()
        self.fn = fn
        self.limit = limit

    def __missing__(self, text: str) -> T:
        if len(self) >= self.limit:
            self.clear()
        value = self[text] = self.fn(text)
        return value
