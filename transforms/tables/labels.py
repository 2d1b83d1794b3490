"""Fuzzy label matching: observed label text (possibly a fragment, possibly prefixed by group labels and
headers) against the label variants of the template.

Similarity is on character bigrams after dropping numbering, punctuation and spaces:
0.7 x overlap/min(|a|,|b|) (a fragment or a superset still scores high) + 0.3 x Dice (prefers the closest).
Both the most specific label segment and the whole label are tried; the better counts.
Results are cached: the same labels recur across thousands of reports.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from transforms.tables.rows import label_segments


def clean_label(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[.、])", "", t)
    t = re.sub(r"\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|(?<!\d)\d[.、]", "", t)
    return re.sub(r"[^\u3400-\u9fffA-Za-z]+", "", t)


def bigrams(text: str) -> frozenset[str]:
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


@lru_cache(maxsize=4096)
def _variant_grams(labels: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    return tuple(bigrams(clean_label(v)) for v in labels)


def gram_sim(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    if not inter:
        return 0.0
    return 0.7 * inter / min(len(a), len(b)) + 0.3 * 2 * inter / (len(a) + len(b))


@lru_cache(maxsize=65536)
def _observed(text: str) -> tuple[frozenset[str], int]:
    """Bigrams and cleaned length of an observed label text: computed once, then compared with every
    template row (label_sim is asked for one observed label against each of ~30 rows)."""
    cleaned = clean_label(text)
    return bigrams(cleaned), len(cleaned)


@lru_cache(maxsize=16384)
def _last_segment(labels: tuple[str, ...]) -> str | None:
    segs = label_segments(list(labels))
    return segs[-1] if segs else None


@lru_cache(maxsize=65536)
def text_sim(observed: str, variants: tuple[str, ...]) -> float:
    g = _observed(observed)[0]
    return max((gram_sim(g, v) for v in _variant_grams(variants)), default=0.0)


@lru_cache(maxsize=65536)
def label_sim(labels: tuple[str, ...], variants: tuple[str, ...]) -> float:
    """Similarity of an observed label (list of parts) to a template row's label variants, in [0, 1]."""
    if not labels:
        return 0.0
    last = _last_segment(labels)
    best = 0.0
    if last is not None:
        s = text_sim(last, variants)
        # a one- or two-character fragment ("理", "公开") is weak evidence on its own
        if _observed(last)[1] <= 2:
            s *= 0.6
        best = s
    joined = "".join(labels[-3:])
    return max(best, text_sim(joined, variants) * 0.95)
