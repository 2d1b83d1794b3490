"""Row spill files: rows of one year wait on local disk instead of in memory (backfills of 100k+ reports).

Both are private temp files of one step (deleted on close), pickled with the highest protocol.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.schemas import REPORT_TABLES


class TableSpill:
    """Per-table row spill files for one year, so each table streams out without holding the year in memory.

    Each report's rows for all tables are produced once (one read of the parse cache); rows go to a pickle
    stream per table in a temp folder, then each table is written from its stream in order.
    """

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="gongkai-spill-")
        self._files = {t: open(Path(self._dir.name) / t, "w+b") for t in REPORT_TABLES}  # noqa: SIM115

    def add(self, table: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            pickle.dump(rows, self._files[table], protocol=pickle.HIGHEST_PROTOCOL)

    def rows(self, table: str) -> Iterator[dict[str, Any]]:
        fh = self._files[table]
        fh.flush()
        fh.seek(0)
        while True:
            try:
                yield from pickle.load(fh)
            except EOFError:
                return

    def close(self) -> None:
        for fh in self._files.values():
            fh.close()
        self._dir.cleanup()


class KeyedSpill:
    """Row lists by key in an anonymous temp file; only (offset, length) pairs stay in memory.

    Cross-year rows of a year are computed agency by agency but written report by report: at 100k reports a
    year holds ~130k of them (~9 per report), a few hundred MiB as Python dicts, so they wait on disk instead.
    """

    def __init__(self) -> None:
        self._fh = tempfile.TemporaryFile(prefix="gongkai-spill-")  # noqa: SIM115 - closed by close()
        self._at: dict[str, tuple[int, int]] = {}

    def put(self, key: str, rows: list[dict[str, Any]]) -> None:
        """Store `rows` under `key` (one call per key)."""
        data = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
        self._fh.seek(0, 2)
        self._at[key] = (self._fh.tell(), len(data))
        self._fh.write(data)

    def get(self, key: str) -> list[dict[str, Any]]:
        if key not in self._at:
            return []
        start, n = self._at[key]
        self._fh.seek(start)
        return pickle.loads(self._fh.read(n))

    def close(self) -> None:
        self._fh.close()
