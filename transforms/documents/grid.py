"""Grid clean-up shared by the table extractors."""

from __future__ import annotations

from transforms.model import Cell


def drop_sliver_columns(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Remove columns in which no row has a cell of its own (every slot is a span placeholder).

    Such columns come from layout, not content: Word/LibreOffice add a narrow grid column when borders do not
    line up, and PDF rulings a fraction of a point apart make a sliver column. They carry no value, and keeping
    them would give the same table a different width in each format.
    """
    if not rows:
        return rows
    width = max(len(r) for r in rows)
    keep = [k for k in range(width) if any(k < len(r) and not r[k].span for r in rows)]
    if len(keep) == width:
        return rows
    return [[r[k] for k in keep if k < len(r)] for r in rows]


def drop_columns(rows: list[list[Cell]], cols: set[int]) -> list[list[Cell]]:
    """Remove the given (layout-only) columns. A cell that starts in a removed column and continues into the
    next one moves there, so a merged cell keeps its text at its new top-left slot."""
    if not cols:
        return rows
    out: list[list[Cell]] = []
    for row in rows:
        row = list(row)
        for k in sorted(cols):
            if k + 1 < len(row) and not row[k].span and row[k + 1].span:
                row[k + 1] = row[k]
        out.append([c for k, c in enumerate(row) if k not in cols])
    return out
