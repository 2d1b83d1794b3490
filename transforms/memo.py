"""Bounded memo tables for per-cell text functions in the parser's hot loops.

Why not functools.lru_cache: a plain dict read by `map(cache.get, texts)` costs no Python-level call per cell,
and a hit does not relink a recency list (over a large cache that is random memory traffic). The tables are
bounded by being emptied when full; the hot callers read known texts in place and call `memo_map` for a row
holding a text not seen yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
CACHE_MAX = 65536


def memo_map(cache: dict[str, T], fn: Callable[[str], T], texts: list[str], limit: int = CACHE_MAX) -> list[T]:
    """[fn(t) for t in texts], known texts read from `cache`, new ones computed and added (the cache is emptied
    first when it holds `limit` entries). `fn` never returns None."""
    out = list(map(cache.get, texts))
    if None in out:
        if len(cache) >= limit:
            cache.clear()
        for i, v in enumerate(out):
            if v is None:
                t = texts[i]
                out[i] = cache[t] = fn(t)
    return out  # type: ignore[return-value]
