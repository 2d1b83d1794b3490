"""Cheap Cells and ref labels for the extractors that make hundreds of Lines per document.

Why: after parsing, building the Document's objects is most of what the text and HTML extractors spend (a
Cell costs a Python __init__ call, an f-string ref per Line a format call). Two things make that cheaper
without changing any value:
- `CellMap`: one Cell per distinct text. Cells are never mutated once extracted (the extractors already
  share their blank and span-placeholder cells), and cells repeat a lot, within a report ("0", blank lines)
  and across reports (the template's row and column labels, small numbers), so most lookups hit and cost a
  dict probe in C instead of a constructor. `document_cells()` hands every document the one shared,
  bounded map: a per-document map made the ~100 label cells of every report again.
- `ref_labels`: the ref strings ("line 12", "table 2 row 5") are the same for every document, so each
  prefix's labels are formatted once and sliced (bounded: long tails and rare prefixes are formatted).
"""

from __future__ import annotations

from collections.abc import Callable

from transforms.model import Cell


class CellMap(dict):
    """text -> the one Cell with that text, made on first use. Use one map per document (`cells[text]`, or
    `map(cells.__getitem__, texts)` which stays in C for the texts already seen)."""

    def __missing__(self, text: str) -> Cell:
        cell = self[text] = Cell(text)
        return cell


_SHARED = CellMap()
_SHARED_MAX = 20_000  # distinct texts kept across documents (prose lines are mostly one-off: then cleared)


def document_cells() -> Callable[[str], Cell]:
    """The Cell maker of one document (text -> its Cell): the shared map's lookup, emptied first when it has
    grown past `_SHARED_MAX` texts, so its size stays bounded in a long run."""
    if len(_SHARED) > _SHARED_MAX:
        _SHARED.clear()
    return _SHARED.__getitem__


_LABELS: dict[str, list[str]] = {}
_MAX_LABELS = 5000  # labels kept per prefix (numbers 0..4999)
_MAX_PREFIXES = 64  # "line", "para" and the first tables' "table N row" prefixes


def ref_labels(prefix: str, n: int) -> list[str]:
    """[f"{prefix} 0", f"{prefix} 1", ..., f"{prefix} {n}"]: index i holds the label of number i. The list may
    be shared between calls: read or slice it, never change it."""
    labels = _LABELS.get(prefix)
    if labels is None:
        if len(_LABELS) >= _MAX_PREFIXES:
            return list(map(f"{prefix} {{}}".format, range(n + 1)))
        labels = _LABELS[prefix] = []
    if n >= len(labels):
        if n >= _MAX_LABELS:
            return list(map(f"{prefix} {{}}".format, range(n + 1)))
        labels += map(f"{prefix} {{}}".format, range(len(labels), n + 1))
    return labels
