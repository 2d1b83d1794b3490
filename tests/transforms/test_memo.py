"""transforms/memo.py: the bounded memo tables behind the per-cell normalization, label flags and numbers."""

from __future__ import annotations

from transforms.memo import Memo


def test_memo_keeps_false_results():
    memo: Memo[bool] = Memo(lambda t: t == "x")
    assert list(map(memo.__getitem__, ["x", "y", "y"])) == [True, False, False]
    assert memo == {"x": True, "y": False}


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
