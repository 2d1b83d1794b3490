"""transforms/memo.py: the bounded memo table behind the per-cell normalization and label flags."""

from __future__ import annotations

from transforms.memo import memo_map


def test_memo_map_reads_known_texts_and_stays_bounded():
    calls: list[str] = []

    def fn(t: str) -> str:
        calls.append(t)
        return t.upper()

    cache: dict[str, str] = {}
    assert memo_map(cache, fn, ["a", "b"], limit=3) == ["A", "B"]
    assert memo_map(cache, fn, ["b", "a", "b"], limit=3) == ["B", "A", "B"]
    assert calls == ["a", "b"]  # known texts are read from the table, not computed again
    memo_map(cache, fn, ["c"], limit=3)
    assert set(cache) == {"a", "b", "c"}
    memo_map(cache, fn, ["d"], limit=3)  # full: emptied before the new text is added
    assert cache == {"d": "D"}


def test_memo_map_keeps_false_results():
    cache: dict[str, bool] = {}
    assert memo_map(cache, lambda t: t == "x", ["x", "y", "y"]) == [True, False, False]
    assert cache == {"x": True, "y": False}
