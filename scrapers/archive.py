"""The raw archive: content-addressed bytes plus one manifest row per fetch.

Layout under an archive root (a local folder):
    raw/<sha256[:2]>/<sha256>     loose blobs: the bytes exactly as fetched, never edited (one file each)
    raw/pack/<segment>.pack       packed blobs: append-only segment files (a crawl's fetches, see below)
    raw/pack/<segment>.idx        per segment, one line `<sha256> <offset> <length>` per blob (an accelerator)
    manifest.jsonl                one JSON object per fetch (see MANIFEST_FIELDS)

Bytes are written before anything parses them and only once per hash, so a re-run is idempotent. Server file
names are metadata (`filename`), never paths. Readers (the pipeline) use `read_manifest`, `read_blob` and
`has_blob`, which find a blob wherever it is stored; the latest row per URL wins.

Loose blobs are written atomically (temp file + rename). Creating a file costs ~0.3-0.7 ms of kernel time
on the crawl machine, more than the rest of the archive work per page, so a writer in batched mode (a crawl)
appends blobs to a segment file instead: each record is a fixed-width header line
`GKB1 <sha256> <length, 12 digits>\n` followed by the bytes. Every writer (process) opens a segment of its
own and never appends to another one, so a torn record after a crash can only be the last record of a dead
segment. Before any manifest row is written, the segment is fdatasync'ed (and only then its index lines
appended): a manifest row never points at bytes that are not on disk, also after a crash. The index is
rebuilt from the self-describing records where it lags (a crash loses index lines, never blobs), and every
packed read checks the record's header, so a stale index line cannot return the wrong bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import secrets
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
    """The loose-file path of a blob (its logical address). A packed blob has no file of its own: test for a
    blob with `has_blob` and read it with `read_blob`, which look in both places."""
    return Path(root) / "raw" / sha[:2] / sha


PACK_DIR = "pack"
_HDR = b"GKB1 %s %012d\n"  # magic, sha256 hex, length: fixed width, so a reader can check it in place
_HDR_LEN = 5 + 64 + 1 + 12 + 1


class _PackIndex:
    """sha256 -> (segment path, data offset, length) over the segments of one archive, built from the .idx
    files plus a scan of each segment's records beyond them; refreshed when a blob is not found."""

    def __init__(self, root: str) -> None:
        self.dir = os.path.join(root, "raw", PACK_DIR)
        self.entries: dict[str, tuple[str, int, int]] = {}
        self._scanned: dict[str, int] = {}  # segment path -> bytes of it indexed so far
        self._lock = threading.Lock()
        self._loaded = False

    def get(self, sha: str) -> tuple[str, int, int] | None:
        if not self._loaded:
            self.refresh()
        return self.entries.get(sha)

    def add(self, sha: str, seg: str, off: int, n: int) -> None:
        """A blob this process just appended (its own segment: the scan position stays behind, harmless)."""
        self.entries.setdefault(sha, (seg, off, n))

    def refresh(self) -> None:
        with self._lock:
            self._loaded = True
            try:
                names = sorted(os.listdir(self.dir))
            except FileNotFoundError:
                return
            for name in names:
                if not name.endswith(".pack"):
                    continue
                seg = os.path.join(self.dir, name)
                pos = self._scanned.get(seg)
                if pos is None:
                    pos = self._load_idx(seg)
                self._scanned[seg] = self._scan(seg, pos)

    def _load_idx(self, seg: str) -> int:
        """Entries of the segment's index file; returns the end of the last one (where a scan resumes)."""
        try:
            size = os.path.getsize(seg)
            with open(seg[:-len(".pack")] + ".idx", "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            return 0
        end = 0
        for line in data.split(b"\n"):
            parts = line.split()
            if len(parts) != 3 or len(parts[0]) != 64 or not parts[1].isdigit() or not parts[2].isdigit():
                continue  # a torn last line
            off, n = int(parts[1]), int(parts[2])
            if off + n > size:
                continue
            self.entries.setdefault(parts[0].decode("ascii"), (seg, off, n))
            end = max(end, off + n)
        return end

    def _scan(self, seg: str, pos: int) -> int:
        """Index the records from `pos` on; stops at the end or at a torn record (a crashed writer's last)."""
        try:
            fd = os.open(seg, os.O_RDONLY)
        except FileNotFoundError:
            return pos
        try:
            size = os.fstat(fd).st_size
            while pos + _HDR_LEN <= size:
                hdr = os.pread(fd, _HDR_LEN, pos)
                parsed = _parse_header(hdr)
                if parsed is None or pos + _HDR_LEN + parsed[1] > size:
                    break
                sha, n = parsed
                self.entries.setdefault(sha, (seg, pos + _HDR_LEN, n))
                pos += _HDR_LEN + n
        finally:
            os.close(fd)
        return pos


def _parse_header(hdr: bytes) -> tuple[str, int] | None:
    if len(hdr) != _HDR_LEN or not hdr.startswith(b"GKB1 ") or hdr[69:70] != b" " or hdr[-1:] != b"\n":
        return None
    sha, digits = hdr[5:69], hdr[70:82]
    if not digits.isdigit():
        return None
    try:
        return sha.decode("ascii"), int(digits)
    except UnicodeDecodeError:
        return None


_INDEXES: dict[str, _PackIndex] = {}
_INDEXES_LOCK = threading.Lock()


def _pack_index(root: str | Path) -> _PackIndex:
    key = os.path.abspath(os.fspath(root))
    idx = _INDEXES.get(key)
    if idx is None:
        with _INDEXES_LOCK:
            idx = _INDEXES.setdefault(key, _PackIndex(key))
    return idx


def _read_packed(loc: tuple[str, int, int], sha: str) -> bytes | None:
    """The blob at `loc` if its record header names `sha` (else None: a stale index entry)."""
    seg, off, n = loc
    try:
        fd = os.open(seg, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        data = os.pread(fd, _HDR_LEN + n, off - _HDR_LEN)
        while len(data) < _HDR_LEN + n:  # pread may return less than asked on some file systems
            more = os.pread(fd, _HDR_LEN + n - len(data), off - _HDR_LEN + len(data))
            if not more:
                return None
            data += more
    finally:
        os.close(fd)
    if data[:_HDR_LEN] != _HDR % (sha.encode("ascii"), n):
        return None
    return data[_HDR_LEN:]


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

    def __init__(self, root: str | Path, sync_every: float = 0.0, pack: bool | None = None) -> None:
        """`sync_every`: 0 = every row is written and fsynced before `record` returns. > 0 (a crawl uses 1 s):
        rows are buffered and written + flushed at most this many seconds apart (and on `flush()`/`sync()`),
        the manifest fsynced at the same pace. A per-row fsync costs ~4 ms, more than a fetch; a per-row write
        is a syscall per page. `pack` (default: batched mode) appends blobs to this writer's segment file
        instead of creating a file per blob. Crash safety is unchanged in kind: `put` writes the bytes before
        the caller records their row, and a packed segment is fdatasync'ed before rows are written, so a crash
        loses at most the last second of rows, never leaves a row whose bytes are missing; a torn last line is
        skipped by `read_manifest`."""
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
        self.pack = sync_every > 0 if pack is None else pack
        self._index = _pack_index(self.root) if self.pack else None
        self._seg: str | None = None  # this writer's segment (opened at the first packed blob)
        self._seg_fd: int | None = None
        self._seg_pos = 0
        self._seg_dirty = False  # appended since the last fdatasync
        self._idx_fd: int | None = None
        self._idx_buf: list[bytes] = []
        self._loose: set[str] | None = None  # loose blobs on disk (packed mode, listed once)

    def put(self, data: bytes) -> str:
        hit = self._recent.get(id(data))
        if hit is not None and hit[0] is data:
            return hit[1]
        sha = sha256_hex(data)
        if sha not in self._present:
            if self._index is None:
                path = os.path.join(self._raw, sha[:2], sha)
                if not os.path.exists(path):
                    atomic_write(path, data)
            elif self._index.get(sha) is None and sha not in self._loose_blobs():
                with self._lock:
                    self._append(sha, data)
            self._present.add(sha)
        with self._lock:
            self._recent[id(data)] = (data, sha)
            self._recent_bytes += len(data)
            while len(self._recent) > self.RECENT_MAX or self._recent_bytes > self.RECENT_BYTES:
                old, _ = self._recent.pop(next(iter(self._recent)))
                self._recent_bytes -= len(old)
        return sha

    def _loose_blobs(self) -> set[str]:
        """The loose blobs present when this writer first packs (one listing instead of a stat per page; a loose
        blob another process writes later is at worst stored once more, packed)."""
        if self._loose is None:
            found: set[str] = set()
            try:
                dirs = [e.path for e in os.scandir(self._raw) if len(e.name) == 2 and e.is_dir()]
            except FileNotFoundError:
                dirs = []
            for d in dirs:
                found.update(e.name for e in os.scandir(d) if len(e.name) == 64)
            self._loose = found
        return self._loose

    def _append(self, sha: str, data: bytes) -> None:
        """Append one record to this writer's segment (caller holds the lock)."""
        if self._seg_fd is None:
            pack_dir = os.path.join(self._raw, PACK_DIR)
            os.makedirs(pack_dir, exist_ok=True)
            stem = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{os.getpid()}-{secrets.token_hex(4)}"
            self._seg = os.path.join(pack_dir, stem + ".pack")
            self._seg_fd = os.open(self._seg, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
            self._seg_pos = 0
        n = len(data)
        record = [_HDR % (sha.encode("ascii"), n), data]
        try:
            done = os.writev(self._seg_fd, record)
            if done < _HDR_LEN + n:  # a short write (rare on a regular file): write the rest
                rest = memoryview(b"".join(record))[done:]
                while rest:
                    rest = rest[os.write(self._seg_fd, rest):]
        except BaseException:  # a torn record ends this segment; the next blob starts a new one
            self._close_segment(sync=False)
            raise
        off = self._seg_pos + _HDR_LEN
        self._seg_pos = off + n
        self._seg_dirty = True
        self._idx_buf.append(b"%s %d %d\n" % (sha.encode("ascii"), off, n))
        self._index.add(sha, self._seg, off, n)

    def _sync_segment(self) -> None:
        """Make appended blobs durable, then write their index lines (caller holds the lock)."""
        if self._seg_dirty and self._seg_fd is not None:
            (getattr(os, "fdatasync", None) or os.fsync)(self._seg_fd)  # macOS has no fdatasync
            self._seg_dirty = False
        if self._idx_buf and self._seg is not None:
            if self._idx_fd is None:
                self._idx_fd = os.open(self._seg[:-len(".pack")] + ".idx",
                                       os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            view = memoryview(b"".join(self._idx_buf))
            self._idx_buf.clear()
            while view:
                view = view[os.write(self._idx_fd, view):]

    def _close_segment(self, sync: bool = True) -> None:
        if sync:
            self._sync_segment()
        self._idx_buf.clear()
        for fd in (self._seg_fd, self._idx_fd):
            if fd is not None:
                os.close(fd)
        self._seg_fd = self._idx_fd = self._seg = None
        self._seg_dirty = False

    def record(self, row: dict[str, Any]) -> dict[str, Any]:
        full = dict.fromkeys(MANIFEST_FIELDS)  # every field, in this order, then the row's extra keys in its order
        full.update(row)
        if not full.get("fetched_at"):
            full["fetched_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        line = _ENCODE_ROW(full) + "\n"
        with self._lock:
            if self.sync_every <= 0:
                self._sync_segment()
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
        self._sync_segment()  # the bytes of every row below are on disk before the row is written
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
            self._close_segment()


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
    """The bytes of blob `sha`, packed or loose (FileNotFoundError if the archive does not hold it)."""
    index = _pack_index(root)
    loc = index.get(sha)
    if loc is not None:
        data = _read_packed(loc, sha)
        if data is not None:
            return data
    try:
        return blob_path(root, sha).read_bytes()
    except FileNotFoundError:
        index.refresh()  # another writer may have packed it since this process looked
        loc = index.get(sha)
        data = _read_packed(loc, sha) if loc is not None else None
        if data is None:
            raise
        return data


def has_blob(root: str | Path, sha: str) -> bool:
    """Whether the archive holds blob `sha` (packed or loose)."""
    if blob_path(root, sha).exists():
        return True
    index = _pack_index(root)
    if index.get(sha) is None:
        index.refresh()
    return index.get(sha) is not None
