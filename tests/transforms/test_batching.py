"""batch_gc: collector relaxed inside a parse batch, the process's own setting restored afterwards."""

from __future__ import annotations

import gc

import pytest

from transforms.batching import YOUNG_THRESHOLD, batch_gc


def test_batch_gc_freezes_and_restores() -> None:
    before = gc.get_threshold()
    with batch_gc():
        assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
        assert gc.get_freeze_count() > 0  # the imports of this test run are frozen
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_batch_gc_restores_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(ValueError), batch_gc():
        raise ValueError("a bad document")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_cycles_made_inside_a_batch_are_still_collected() -> None:
    class Node:
        pass

    with batch_gc():
        a, b = Node(), Node()
        a.other, b.other = b, a
        del a, b
        assert gc.collect() >= 2
