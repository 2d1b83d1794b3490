"""The raw archive: content-addressed bytes plus one manifest row per fetch.

Layout under an archive root (a local folder):
    raw/<sha256[:2]>/<sha256>     the bytes exactly as fetched, never edited
    manifest.jsonl                one JSON object per fetch (see MANIFEST_FIELDS)

Bytes are written before anything parses them, atomically (temp file + rename), and only once per hash, so a
re-run is idempotent. Server file names are metadata (`filename`), never paths. Readers (the pipeline) use
`read_manifest` and `read_blob`; the latest row per URL wins.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
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


_MADE_DIRS: set[str] = set()
_TMP_SEQ = itertools.count()


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` via a temp file in the same folder + rename: readers see all of it or nothing.

    The temp name is unique per process, thread and call (O_EXCL, with tempfile's random names as the
    fallback); raw fd writes, no file object: this runs once per fetched page, in the reactor thread."""
    path = os.fspath(path)
    parent = os.path.dirname(path)
    if parent not in _MADE_DIRS:
        os.makedirs(parent, exist_ok=True)
        _MADE_DIRS.add(parent)
    tmp = os.path.join(parent, f".tmp-{os.getpid()}-{threading.get_ident()}-{next(_TMP_SEQ)}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # a leftover of a crashed process that had this pid
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=".tmp-")
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


_ENCODE_ROW = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  # = json.dumps(row, same options)


class ArchiveWriter:
    """Append-only writer; thread-safe so one instance can serve a whole crawl."""

    RECENT_MAX = 64  # bodies remembered by identity (≥ requests in flight) …
    RECENT_BYTES = 64 * 1024 * 1024  # … holding at most this many bytes

    def __init__(self, root: str | Path, sync_every: float = 0.0) -> None:
        """`sync_every`: 0 = every row is written and fsynced before `record` returns. > 0 (a crawl uses 1 s):
        rows are buffered and written + flushed at most this many seconds apart (and on `flush()`/`sync()`),
        the manifest fsynced at the same pace. A per-row fsync costs ~4 ms, more than a fetch; a per-row write
        is a syscall per page. Crash safety is unchanged in kind: `put` writes the bytes (atomically) before
        the caller records their row, so a crash loses at most the last second of rows, never a row whose
        bytes are missing; a torn last line is skipped by `read_manifest`."""
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._raw = os.path.join(self.root, "raw")
        self._lock = threading.Lock()
        self.sync_every = sync_every
        self._last_sync = 0.0
        self._last_flush = time.monotonic()
        self._fh = None
        self._buf: list[str] = []
        self._present: set[str] = set()  # blobs this writer wrote or saw on disk: no second stat
        # The HTTP cache and the spider both `put` the same response body object: remember recent bodies by
        # identity so the second `put` neither hashes nor touches the disk again.
        self._recent: dict[int, tuple[bytes, str]] = {}
        self._recent_bytes = 0

    def put(self, data: bytes) -> str:
        hit = self._recent.get(id(data))
        if hit is not None and hit[0] is data:
            return hit[1]
        sha = sha256_hex(data)
        if sha not in self._present:
            path = os.path.join(self._raw, sha[:2], sha)
            if not os.path.exists(path):
                atomic_write(path, data)
            self._present.add(sha)
        with self._lock:
            self._recent[id(data)] = (data, sha)
            self._recent_bytes += len(data)
            while len(self._recent) > self.RECENT_MAX or self._recent_bytes > self.RECENT_BYTES:
                old, _ = self._recent.pop(next(iter(self._recent)))
                self._recent_bytes -= len(old)
        return sha

    def record(self, row: dict[str, Any]) -> dict[str, Any]:
        full = {k: row.get(k) for k in MANIFEST_FIELDS}
        full.update({k: v for k, v in row.items() if k not in full})
        if not full.get("fetched_at"):
            full["fetched_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        line = _ENCODE_ROW(full) + "\n"
        with self._lock:
            if self.sync_every <= 0:
                with (self.root / MANIFEST).open("a", encoding="utf-8") as fh:
                    fh.write(line)
                    fh.flush()
                    os.fsync(fh.fileno())
                return full
            self._buf.append(line)
            now = time.monotonic()
            if now - self._last_flush >= self.sync_every:
                self._flush_locked(now)
        return full

    def _flush_locked(self, now: float) -> None:
        self._last_flush = now
        if not self._buf:
            return
        if self._fh is None:  # batched mode keeps the manifest open (one open per crawl, not per row)
            self._fh = (self.root / MANIFEST).open("a", encoding="utf-8")
        self._fh.write("".join(self._buf))
        self._buf.clear()
        self._fh.flush()
        if now - self._last_sync >= self.sync_every:
            os.fsync(self._fh.fileno())
            self._last_sync = now

    def flush(self) -> None:
        """Write buffered rows to the manifest now (a crawl calls this periodically, so rows do not wait in
        memory while no new fetch arrives)."""
        with self._lock:
            self._flush_locked(time.monotonic())

    def sync(self) -> None:
        """Write buffered rows, fsync the manifest and close the handle kept open in batched mode."""
        with self._lock:
            self._flush_locked(time.monotonic())
            if self._fh is not None:
                os.fsync(self._fh.fileno())
                self._fh.close()
                self._fh = None


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
