"""The raw archive: content-addressed bytes plus one manifest row per fetch.

Layout under an archive root (a local folder):
    raw/<sha256[:2]>/<sha256>     the bytes exactly as fetched, never edited
    manifest.jsonl                one JSON object per fetch (see MANIFEST_FIELDS)

Bytes are written before anything parses them, atomically (temp file + rename), and only once per hash, so a
re-run is idempotent. Server file names are metadata (`filename`), never paths. Readers (the pipeline) use
`read_manifest` and `read_blob`; the latest row per URL wins.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MANIFEST = "manifest.jsonl"
# Every manifest row has these keys (values may be null). `role`: list_page | detail | attachment | blocked.
MANIFEST_FIELDS = (
    "url", "final_url", "status", "headers", "fetched_at", "sha256", "bytes", "site", "role", "parent_url",
    "title", "year", "content_type", "filename", "clean_sha256", "noise_tokens", "chrome_removed", "fault",
)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_path(root: str | Path, sha: str) -> Path:
    return Path(root) / "raw" / sha[:2] / sha


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class ArchiveWriter:
    """Append-only writer; thread-safe so one instance can serve a whole crawl."""

    def __init__(self, root: str | Path, sync_every: float = 0.0) -> None:
        """`sync_every`: fsync the manifest at most once per this many seconds (0 = after every row).
        A crawl uses ~1 s and calls `sync()` at the end: a per-row fsync costs ~4 ms, more than a fetch."""
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self.sync_every = sync_every
        self._last_sync = 0.0

    def put(self, data: bytes) -> str:
        sha = sha256_hex(data)
        path = blob_path(self.root, sha)
        if not path.exists():
            atomic_write(path, data)
        return sha

    def record(self, row: dict[str, Any]) -> dict[str, Any]:
        full = {k: row.get(k) for k in MANIFEST_FIELDS}
        full.update({k: v for k, v in row.items() if k not in full})
        if not full.get("fetched_at"):
            full["fetched_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        line = json.dumps(full, ensure_ascii=False, sort_keys=True) + "\n"
        with self._lock, (self.root / MANIFEST).open("a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            now = time.monotonic()
            if now - self._last_sync >= self.sync_every:
                os.fsync(fh.fileno())
                self._last_sync = now
        return full

    def sync(self) -> None:
        path = self.root / MANIFEST
        if path.exists():
            with self._lock, path.open("a", encoding="utf-8") as fh:
                os.fsync(fh.fileno())


def read_manifest(root: str | Path) -> Iterator[dict[str, Any]]:
    path = Path(root) / MANIFEST
    if not path.exists():
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:  # a torn last line after a crash: skip it, keep the rest
                    continue


def latest_by_url(root: str | Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for row in read_manifest(root):
        out[row["url"]] = row
    return out


def read_blob(root: str | Path, sha: str) -> bytes:
    return blob_path(root, sha).read_bytes()
