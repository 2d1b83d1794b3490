import os

import pytest

from scrapers.archive import ArchiveWriter, blob_path, has_blob, latest_by_url, read_blob, read_manifest


def test_put_is_content_addressed_and_idempotent(tmp_path):
    w = ArchiveWriter(tmp_path)
    a = w.put(b"hello")
    b = w.put(b"hello")
    assert a == b
    assert blob_path(tmp_path, a).read_bytes() == b"hello"
    assert len(list((tmp_path / "raw").rglob("*"))) == 2  # one folder, one blob


def test_manifest_rows_and_torn_line(tmp_path):
    w = ArchiveWriter(tmp_path)
    sha = w.put(b"<html></html>")
    w.record({"url": "http://x.gov.cn/a", "sha256": sha, "role": "detail", "status": 200})
    w.record({"url": "http://x.gov.cn/a", "sha256": sha, "role": "detail", "status": 304})
    with (tmp_path / "manifest.jsonl").open("a") as fh:
        fh.write('{"url": "torn')
    rows = list(read_manifest(tmp_path))
    assert len(rows) == 2 and rows[0]["fetched_at"]
    assert latest_by_url(tmp_path)["http://x.gov.cn/a"]["status"] == 304
    assert read_blob(tmp_path, sha) == b"<html></html>"


def _fresh_reader(root):
    """What another process sees: no in-memory index of this one."""
    from scrapers import archive
    archive._INDEXES.pop(str(root), None)


def test_batched_writer_packs_blobs_into_one_segment(tmp_path):
    w = ArchiveWriter(tmp_path, sync_every=1.0)
    shas = [w.put(b"page %d" % i) for i in range(50)]
    assert w.put(b"page 7") == shas[7]  # content-addressed: a second put stores nothing
    w.record({"url": "http://x.gov.cn/a", "sha256": shas[0]})
    w.sync()
    assert sorted(p.suffix for p in (tmp_path / "raw" / "pack").iterdir()) == [".idx", ".pack"]
    assert not blob_path(tmp_path, shas[0]).exists()  # no file per blob
    _fresh_reader(tmp_path)
    assert [read_blob(tmp_path, s) for s in shas] == [b"page %d" % i for i in range(50)]
    assert has_blob(tmp_path, shas[3]) and not has_blob(tmp_path, "0" * 64)
    with pytest.raises(FileNotFoundError):
        read_blob(tmp_path, "0" * 64)


def test_packed_writer_does_not_repack_a_loose_blob(tmp_path):
    loose = ArchiveWriter(tmp_path).put(b"fetched by an older, unpacked crawl")
    w = ArchiveWriter(tmp_path, sync_every=1.0)
    assert w.put(b"fetched by an older, unpacked crawl") == loose
    assert w.put(b"new page") != loose
    w.sync()
    packed = b"".join(p.read_bytes() for p in (tmp_path / "raw" / "pack").glob("*.pack"))
    assert b"new page" in packed and b"older, unpacked" not in packed
    _fresh_reader(tmp_path)
    assert read_blob(tmp_path, loose) == b"fetched by an older, unpacked crawl"


def test_packed_index_is_rebuilt_from_the_segment_and_a_torn_record_is_skipped(tmp_path):
    w = ArchiveWriter(tmp_path, sync_every=1.0)
    shas = [w.put(b"x" * i) for i in range(1, 20)]
    w.flush()  # index lines written for the first batch
    late = w.put(b"written after the last index line")
    seg = w._seg
    with open(seg, "ab") as fh:  # a crash in the middle of the next record
        fh.write(b"GKB1 " + b"a" * 64 + b" 000000001000\npartial")
    _fresh_reader(tmp_path)
    assert read_blob(tmp_path, late) == b"written after the last index line"  # found by the scan
    assert read_blob(tmp_path, shas[-1]) == b"x" * 19
    assert not has_blob(tmp_path, "a" * 64)
    w2 = ArchiveWriter(tmp_path, sync_every=1.0)  # a later crawl: new segment, dedup against the old one
    assert w2.put(b"x" * 5) == shas[4] and w2._seg is None
    new = w2.put(b"new bytes")
    w2.sync()
    _fresh_reader(tmp_path)
    assert read_blob(tmp_path, new) == b"new bytes" and read_blob(tmp_path, late)


def test_stale_index_line_never_returns_wrong_bytes(tmp_path):
    w = ArchiveWriter(tmp_path, sync_every=1.0)
    a = w.put(b"aaaa")
    b = w.put(b"bbbb")
    w.sync()
    idx = next((tmp_path / "raw" / "pack").glob("*.idx"))
    lines = idx.read_bytes().splitlines()
    off_b = lines[1].split()[1]
    idx.write_bytes(lines[0].split()[0] + b" " + off_b + b" 4\n" + lines[1] + b"\n")  # a's line -> b's record
    _fresh_reader(tmp_path)
    assert read_blob(tmp_path, b) == b"bbbb"
    with pytest.raises(FileNotFoundError):
        read_blob(tmp_path, a)  # the header check refuses the stale line; nothing else holds a


def test_segment_is_synced_before_manifest_rows_are_written(tmp_path, monkeypatch):
    events = []
    real_fdatasync = os.fdatasync
    monkeypatch.setattr(os, "fdatasync", lambda fd: (events.append("blob sync"), real_fdatasync(fd))[1])
    w = ArchiveWriter(tmp_path, sync_every=1.0)
    sha = w.put(b"bytes first")
    w.record({"url": "http://x.gov.cn/a", "sha256": sha})
    assert w._fh is None and events == []  # buffered: nothing written yet
    w.flush()
    assert events == ["blob sync"] and next(read_manifest(tmp_path))["sha256"] == sha
    w.sync()
