"""Parquet IO under a storage root: a local folder by default, any fsspec URL (s3://, gs://, memory://) otherwise.

Layout: `<root>/<table>/report_year=<Y>/part-0.parquet` (hive partitions) plus `<root>/_work/` for the
pipeline's own intermediate state (document inventory, parse cache, parse index).

Why it is written this way:
- atomic: a partition is written to a temp folder next to it, then the old partition is deleted and the temp
  folder renamed into place, so readers never see half a file and a year is replaced whole (never appended);
- deterministic: rows arrive in a fixed order, the schema is pinned, no timestamps or writer ids go into the
  files, so a rerun over an unchanged archive writes byte-identical Parquet;
- streaming: rows are written in fixed-size row groups, so memory is bounded by the batch, not the year.
"""

from __future__ import annotations

import gzip
import io
import pickle
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipeline.schemas import PARTITION_COLUMN, TABLES, dataset_schema

ROW_GROUP_ROWS = 50_000
# Rows become Arrow in chunks of this many, so at most one chunk of row dicts is alive besides the Arrow
# row group being filled (50k dicts were ~75 MiB). Row groups stay 50k rows; the bytes are deterministic (fixed
# chunking), though a dictionary may fall back to plain encoding at a different value than with one chunk.
CONVERT_ROWS = 8192
WRITE_OPTIONS: dict[str, Any] = {"compression": "zstd", "compression_level": 3, "use_dictionary": True,
                                 "write_statistics": True, "store_schema": True}


class ParquetStore:
    """Tables of report-format.md §9 under one storage root."""

    def __init__(self, root: str) -> None:
        self.root = str(root)
        self.fs, self.base = fsspec.core.url_to_fs(self.root)
        self.base = self.base.rstrip("/")

    # --- paths --------------------------------------------------------------------------------------------
    def path(self, *parts: str) -> str:
        return "/".join([self.base, *parts])

    def partition_path(self, table: str, year: int | str) -> str:
        return self.path(table, f"{PARTITION_COLUMN}={int(year)}")

    def partition_file(self, table: str, year: int | str) -> str:
        return self.partition_path(table, year) + "/part-0.parquet"

    @property
    def is_local(self) -> bool:
        protocol = self.fs.protocol
        return "file" in (protocol if isinstance(protocol, tuple) else (protocol,))

    # --- partitions ---------------------------------------------------------------------------------------
    def write_partition(self, table: str, year: int | str, rows: Iterable[dict[str, Any]],
                        batch_rows: int = ROW_GROUP_ROWS) -> int:
        """Replace partition `year` of `table` with `rows` (already in their final order); returns rows written.

        An empty `rows` still writes a file with the schema, so a year that has reports but, say, no narrative
        facts reads as zero rows rather than a missing table.
        """
        schema = TABLES[table]
        tmp_dir = self.path(table, f".tmp-{uuid.uuid4().hex}")
        self.fs.makedirs(tmp_dir, exist_ok=True)
        n = 0
        try:
            with self.fs.open(tmp_dir + "/part-0.parquet", "wb") as fh:
                writer = pq.ParquetWriter(fh, schema, **WRITE_OPTIONS)
                try:
                    group: list[pa.RecordBatch] = []  # converted chunks of the row group being filled
                    in_group = 0
                    chunk: list[dict[str, Any]] = []
                    for row in rows:
                        chunk.append(row)
                        if len(chunk) >= min(CONVERT_ROWS, batch_rows - in_group):
                            group.append(pa.RecordBatch.from_pylist(chunk, schema=schema))
                            in_group += len(chunk)
                            chunk = []
                            if in_group >= batch_rows:
                                writer.write_table(pa.Table.from_batches(group, schema), row_group_size=batch_rows)
                                n += in_group
                                group, in_group = [], 0
                    if chunk:
                        group.append(pa.RecordBatch.from_pylist(chunk, schema=schema))
                        in_group += len(chunk)
                    if group or n == 0:
                        writer.write_table(pa.Table.from_batches(group, schema), row_group_size=batch_rows)
                        n += in_group
                finally:
                    writer.close()
                    del group, chunk
                    pa.default_memory_pool().release_unused()  # give the row groups' buffers back to the OS
            self._swap(tmp_dir, self.partition_path(table, year))
        except BaseException:
            self.fs.rm(tmp_dir, recursive=True)
            raise
        return n

    def delete_partition(self, table: str, year: int | str) -> None:
        path = self.partition_path(table, year)
        if self.fs.exists(path):
            self.fs.rm(path, recursive=True)

    def _swap(self, tmp_dir: str, final: str) -> None:
        if self.fs.exists(final):
            self.fs.rm(final, recursive=True)
        self.fs.mv(tmp_dir, final, recursive=True)

    def years(self, table: str) -> list[int]:
        path = self.path(table)
        if not self.fs.exists(path):
            return []
        out = []
        for p in self.fs.ls(path, detail=False):
            name = p.rstrip("/").rsplit("/", 1)[-1]
            if name.startswith(PARTITION_COLUMN + "="):
                out.append(int(name.split("=", 1)[1]))
        return sorted(out)

    def read_partition(self, table: str, year: int | str) -> pa.Table:
        with self.fs.open(self.partition_file(table, year), "rb") as fh:
            return pq.read_table(fh)

    def partition_schema(self, table: str, year: int | str) -> pa.Schema:
        with self.fs.open(self.partition_file(table, year), "rb") as fh:
            return pq.read_schema(fh)

    def dataset(self, table: str) -> ds.Dataset:
        """The whole table as a pyarrow dataset with the pinned schema (report_year from the folder names)."""
        return ds.dataset(self.path(table), filesystem=self.fs, format="parquet", partitioning="hive",
                          schema=dataset_schema(table), exclude_invalid_files=False,
                          ignore_prefixes=[".", "_"])

    def read_table(self, table: str) -> pa.Table:
        if not self.fs.exists(self.path(table)):
            return dataset_schema(table).empty_table()
        return self.dataset(table).to_table()

    # --- small work files (inventory, index) and the parse cache -----------------------------------------
    def write_bytes(self, rel: str, data: bytes) -> None:
        """Write `<root>/<rel>` atomically (temp name in the same folder, then rename)."""
        final = self.path(rel)
        folder = final.rsplit("/", 1)[0]
        self.fs.makedirs(folder, exist_ok=True)
        tmp = f"{folder}/.tmp-{uuid.uuid4().hex}"
        with self.fs.open(tmp, "wb") as fh:
            fh.write(data)
        if self.fs.exists(final):
            self.fs.rm(final)
        self.fs.mv(tmp, final)

    def write_lines(self, rel: str, lines: Iterable[str]) -> int:
        """Stream text lines to `<root>/<rel>` atomically; returns the number of lines."""
        final = self.path(rel)
        folder = final.rsplit("/", 1)[0]
        self.fs.makedirs(folder, exist_ok=True)
        tmp = f"{folder}/.tmp-{uuid.uuid4().hex}"
        n = 0
        with self.fs.open(tmp, "w", encoding="utf-8") as fh:
            for line in lines:
                fh.write(line)
                n += 1
        if self.fs.exists(final):
            self.fs.rm(final)
        self.fs.mv(tmp, final)
        return n

    def read_lines(self, rel: str) -> Iterator[str]:
        with self.fs.open(self.path(rel), "r", encoding="utf-8") as fh:
            yield from fh

    def read_bytes(self, rel: str) -> bytes:
        with self.fs.open(self.path(rel), "rb") as fh:
            return fh.read()

    def exists(self, rel: str) -> bool:
        return self.fs.exists(self.path(rel))

    def write_pickle(self, rel: str, obj: Any) -> None:
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=1, mtime=0) as gz:
            pickle.dump(obj, gz, protocol=pickle.HIGHEST_PROTOCOL)
        self.write_bytes(rel, buf.getvalue())

    def read_pickle(self, rel: str) -> Any:
        return pickle.loads(gzip.decompress(self.read_bytes(rel)))

    def write_arrow(self, rel: str, table: pa.Table) -> None:
        buf = io.BytesIO()
        pq.write_table(table, buf, **WRITE_OPTIONS)
        self.write_bytes(rel, buf.getvalue())

    def read_arrow(self, rel: str) -> pa.Table:
        with self.fs.open(self.path(rel), "rb") as fh:
            return pq.read_table(fh)


def iter_rows(table: pa.Table) -> Iterator[dict[str, Any]]:
    for batch in table.to_batches():
        yield from batch.to_pylist()
