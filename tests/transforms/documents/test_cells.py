"""The shared Cell map of the extractors: one Cell per text across documents, bounded, never mutated."""

from __future__ import annotations

from pathlib import Path

from transforms.documents import cells
from transforms.documents.cells import document_cells, ref_labels
from transforms.parse import parse_bytes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_documents_share_the_cell_of_a_text() -> None:
    first, second = document_cells(), document_cells()
    assert first("规章") is second("规章")
    assert first("0").text == "0" and not first("0").span


def test_the_shared_map_is_emptied_past_its_bound(monkeypatch) -> None:
    monkeypatch.setattr(cells, "_SHARED_MAX", 10)
    make = document_cells()
    for i in range(12):
        make(f"text {i}")
    assert len(cells._SHARED) > 10
    document_cells()  # the next document starts with an emptied map
    assert len(cells._SHARED) == 0


def test_parsing_twice_gives_the_same_facts_with_shared_cells() -> None:
    """A report parsed after other reports (the map warm, cells shared) gives the facts it gives alone."""
    data = (FIXTURES / "realdata" / "012.html").read_bytes()
    cells._SHARED.clear()
    cold = [f.to_json() for f in parse_bytes(data, "012.html").facts]
    for other in sorted((FIXTURES / "seeds").glob("*.txt")):
        parse_bytes(other.read_bytes(), other.name)
    warm = [f.to_json() for f in parse_bytes(data, "012.html").facts]
    assert cold == warm and len(cold) > 100


def test_ref_labels_index_is_the_number() -> None:
    labels = ref_labels("line", 12)
    assert labels[7] == "line 7" and len(labels) >= 13
