"""pipeline.io: partitions replaced whole, atomically, deterministically, on any fsspec root."""

from __future__ import annotations

import pyarrow.dataset as ds
import pytest

from pipeline.io import ParquetStore
from pipeline.schemas import dataset_schema


def _rows(n: int, rid: str = "r") -> list[dict]:
    return [{"report_id": f"{rid}{i:04d}", "proceeding": "review", "outcome": "total", "value": i,
             "value_raw": str(i), "label_raw": "总计", "is_blank": False, "cell_ref": f"row {i}", "notes": [],
             "source_url": "http://x.gov.cn/a", "raw_sha256": "0" * 64, "template": "2021"} for i in range(n)]


def test_partition_is_replaced_whole_and_reads_back(tmp_path):
    store = ParquetStore(str(tmp_path))
    assert store.write_partition("fact_review_litigation", 2020, _rows(5)) == 5
    assert store.write_partition("fact_review_litigation", 2021, _rows(2)) == 2
    assert store.write_partition("fact_review_litigation", 2020, _rows(3, "s")) == 3  # replace, not append
    table = store.read_table("fact_review_litigation")
    assert table.schema == dataset_schema("fact_review_litigation")
    got = sorted(zip(table["report_year"].to_pylist(), table["report_id"].to_pylist(), strict=True))
    assert got == [(2020, "s0000"), (2020, "s0001"), (2020, "s0002"), (2021, "r0000"), (2021, "r0001")]
    leftovers = [p for p in (tmp_path / "fact_review_litigation").iterdir() if p.name.startswith(".tmp")]
    assert leftovers == []
    # readable by pyarrow.dataset directly, without the pinned schema
    assert ds.dataset(tmp_path / "fact_review_litigation", partitioning="hive").count_rows() == 5


def test_same_rows_give_identical_bytes(tmp_path):
    a, b = ParquetStore(str(tmp_path / "a")), ParquetStore(str(tmp_path / "b"))
    a.write_partition("fact_review_litigation", 2020, _rows(1000), batch_rows=300)
    b.write_partition("fact_review_litigation", 2020, _rows(1000), batch_rows=300)
    file_a = tmp_path / "a" / "fact_review_litigation" / "report_year=2020" / "part-0.parquet"
    file_b = tmp_path / "b" / "fact_review_litigation" / "report_year=2020" / "part-0.parquet"
    assert file_a.read_bytes() == file_b.read_bytes()


def test_chunked_conversion_keeps_row_groups_and_bytes(tmp_path, monkeypatch):
    """Rows become Arrow in small chunks (memory), yet row groups and content match a one-chunk conversion."""
    import pyarrow.parquet as pq

    from pipeline import io as pio

    one = ParquetStore(str(tmp_path / "one"))
    one.write_partition("fact_review_litigation", 2020, _rows(1000), batch_rows=512)
    monkeypatch.setattr(pio, "CONVERT_ROWS", 128)
    chunked = ParquetStore(str(tmp_path / "chunked"))
    chunked.write_partition("fact_review_litigation", 2020, _rows(1000), batch_rows=512)
    file_one = tmp_path / "one" / "fact_review_litigation" / "report_year=2020" / "part-0.parquet"
    file_chunked = tmp_path / "chunked" / "fact_review_litigation" / "report_year=2020" / "part-0.parquet"
    meta = pq.ParquetFile(file_chunked).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [512, 488]
    assert pq.read_table(file_chunked)["report_id"].to_pylist() == [r["report_id"] for r in _rows(1000)]
    assert pq.read_table(file_chunked).equals(pq.read_table(file_one))


def test_failed_write_keeps_the_old_partition(tmp_path):
    store = ParquetStore(str(tmp_path))
    store.write_partition("fact_review_litigation", 2020, _rows(4))

    def broken():
        yield from _rows(2)
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        store.write_partition("fact_review_litigation", 2020, broken(), batch_rows=1)
    assert store.read_partition("fact_review_litigation", 2020).num_rows == 4
    assert [p.name for p in (tmp_path / "fact_review_litigation").iterdir()] == ["report_year=2020"]


def test_bad_rows_are_rejected_by_the_pinned_schema(tmp_path):
    store = ParquetStore(str(tmp_path))
    bad = _rows(1)
    bad[0]["value"] = "not a number"
    with pytest.raises((TypeError, ValueError, Exception)):
        store.write_partition("fact_review_litigation", 2020, bad)
    assert store.years("fact_review_litigation") == []


def test_fsspec_memory_root():
    store = ParquetStore("memory://gongkai-test-root")
    store.write_partition("fact_review_litigation", 2019, _rows(3))
    store.write_partition("fact_review_litigation", 2019, _rows(2))
    assert store.years("fact_review_litigation") == [2019]
    assert store.read_table("fact_review_litigation").num_rows == 2
    store.fs.rm(store.base, recursive=True)
