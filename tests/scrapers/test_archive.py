from scrapers.archive import ArchiveWriter, blob_path, latest_by_url, read_blob, read_manifest


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
