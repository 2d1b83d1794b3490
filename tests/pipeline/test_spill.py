"""pipeline.spill: rows parked on disk come back exactly, in order, and the temp files go away."""

from __future__ import annotations

import os

from pipeline.schemas import REPORT_TABLES
from pipeline.spill import KeyedSpill, TableSpill


def test_keyed_spill_returns_each_keys_rows():
    spill = KeyedSpill()
    rows = {f"r{i}": [{"report_id": f"r{i}", "n": j, "detail": "缺" * j} for j in range(i % 4)] for i in range(50)}
    for key in sorted(rows, reverse=True):  # written in another order than read
        spill.put(key, rows[key])
    assert [spill.get(key) for key in sorted(rows)] == [rows[key] for key in sorted(rows)]
    assert spill.get("absent") == []
    spill.close()
    assert spill._fh.closed  # an anonymous temp file: closing it frees the disk space


def test_table_spill_streams_rows_per_table_in_order():
    spill = TableSpill()
    table = REPORT_TABLES[1]
    spill.add(table, [{"i": 0}, {"i": 1}])
    spill.add(table, [])
    spill.add(table, [{"i": 2}])
    assert [r["i"] for r in spill.rows(table)] == [0, 1, 2]
    assert list(spill.rows(REPORT_TABLES[0])) == []
    folder = spill._dir.name
    spill.close()
    assert not os.path.exists(folder)
