"""Running external converters (LibreOffice, antiword, catdoc) with a timeout and their own profile.

LibreOffice refuses to run twice on one user profile (the second process exits 1 silently), so every process
of ours gets its own profile directory, reused across calls in that process (a fresh profile costs ~1 s of
start-up) and guarded by a lock. A converter that hangs is killed with its whole process group.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from transforms.documents.limits import ExtractError

_LO_LOCK = threading.Lock()
_LO_PROFILE: dict[int, str] = {}


def which(name: str) -> str | None:
    return shutil.which(name)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def run(cmd: list[str], timeout: float, what: str) -> bytes:
    """Run a converter, return stdout; kill its process group on timeout; raise ExtractError on failure."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ExtractError("convert_timeout", f"{what}: {Path(cmd[0]).name} took over {timeout:.0f} s") from exc
    if proc.returncode != 0:
        msg = err.decode("utf-8", "replace").strip().splitlines()
        raise ExtractError("convert_failed", f"{what}: {Path(cmd[0]).name} exited {proc.returncode}"
                                             f"{': ' + msg[-1][:200] if msg else ''}")
    return out


def _profile() -> str:
    pid = os.getpid()
    if pid not in _LO_PROFILE:
        path = tempfile.mkdtemp(prefix=f"gongkai_lo_{pid}_")
        _LO_PROFILE[pid] = path
        atexit.register(shutil.rmtree, path, True)
    return _LO_PROFILE[pid]


def libreoffice_convert(data: bytes, suffix: str, target: str, timeout: float, what: str,
                        infilter: str | None = None) -> bytes:
    """Convert bytes with LibreOffice headless (e.g. suffix '.doc', target 'docx'); returns the output bytes."""
    exe = soffice()
    if exe is None:
        raise ExtractError("no_converter", "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    with _LO_LOCK, tempfile.TemporaryDirectory(prefix="gongkai_conv_") as tmp:
        src = Path(tmp) / f"input{suffix}"
        src.write_bytes(data)
        outdir = Path(tmp) / "out"
        # without --infilter LibreOffice imports anything it cannot read as plain text and "succeeds"
        filt = [f"--infilter={infilter}"] if infilter else []
        run([exe, f"-env:UserInstallation=file://{_profile()}", "--headless", "--norestore", "--nolockcheck",
             *filt, "--convert-to", target, "--outdir", str(outdir), str(src)], timeout, what)
        produced = sorted(outdir.glob("input.*")) if outdir.exists() else []
        if not produced or produced[0].stat().st_size == 0:
            raise ExtractError("convert_failed", f"{what}: LibreOffice could not read the file (no {target} written)")
        return produced[0].read_bytes()


def libreoffice_convert_many(blobs: list[bytes], suffix: str, target: str, timeout: float, what: str,
                             infilter: str | None = None) -> list[bytes | None]:
    """Convert many files in ONE LibreOffice run (start-up is most of the ~1-2 s per file).

    Returns the converted bytes per input, None where LibreOffice wrote nothing (the caller retries those one
    by one, so a bad file gets its own clear error). The whole batch failing raises ExtractError.
    """
    exe = soffice()
    if exe is None:
        raise ExtractError("no_converter", "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    with _LO_LOCK, tempfile.TemporaryDirectory(prefix="gongkai_conv_") as tmp:
        srcs = []
        for i, data in enumerate(blobs):
            src = Path(tmp) / f"input_{i}{suffix}"
            src.write_bytes(data)
            srcs.append(str(src))
        outdir = Path(tmp) / "out"
        filt = [f"--infilter={infilter}"] if infilter else []
        run([exe, f"-env:UserInstallation=file://{_profile()}", "--headless", "--norestore", "--nolockcheck",
             *filt, "--convert-to", target, "--outdir", str(outdir), *srcs], timeout, what)
        out: list[bytes | None] = []
        for i in range(len(blobs)):
            produced = outdir / f"input_{i}.{target.split(':')[0]}"
            out.append(produced.read_bytes() if produced.exists() and produced.stat().st_size else None)
        return out
