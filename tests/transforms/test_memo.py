"""transforms/memo.py: the bounded memo tables behind the per-cell normalization, label flags and numbers."""

from __future__ import annotations

from transforms.memo import Memo, memo_map


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


def test_memo_computes_missing_texts_once_and_stays_bounded():
    calls: list[str] = []

    def fn(t: str) -> str | None:
        calls.append(t)
        return None if t == "-" else t.upper()

    memo: Memo[str | None] = Memo(fn, limit=3)
    assert list(map(memo.__getitem__, ["a", "-", "a"])) == ["A", None, "A"]
    assert memo["-"] is None and calls == ["a", "-"]  # None is a result like any other, computed once
    assert memo.get("b") is None and "b" not in memo  # get() reads without computing
    memo["b"]
    assert set(memo) == {"a", "-", "b"}
    assert memo["c"] == "C" and memo == {"c": "C"}  # full: emptied before the new text is added
