"""Work caps for binary extractors and the error they raise when a file is refused.

Attachments come from the open web: a 2 GB "PDF", a 40 kB DOCX that inflates to 10 GB, an XML part with
entity expansions. Every extractor checks these caps before doing work proportional to the input, and raises
`ExtractError` with a stable code; `binary.py` turns it into a recorded `ParseError` on the Document.
"""

from __future__ import annotations

import time
from dataclasses import dataclass


class ExtractError(Exception):
    """A file refused or failed for a known reason; `code` is stable (tests and dashboards key on it)."""

    def __init__(self, code: str, message: str, status: str = "error") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps per file. Defaults are far above any real report (a few MB, < 100 pages)."""

    max_bytes: int = 64 * 1024 * 1024
    max_pages: int = 500
    max_seconds: float = 120.0
    max_unzipped_bytes: int = 200 * 1024 * 1024  # sum of a DOCX/XLSX's uncompressed parts
    max_zip_ratio: float = 200.0  # uncompressed / compressed per part above 1 MB: a zip bomb
    max_zip_entries: int = 5000
    max_cells: int = 200_000  # spreadsheet cells read per file
    converter_timeout: float = 60.0  # LibreOffice/antiword per file


DEFAULT_LIMITS = Limits()


class Deadline:
    """Wall-clock budget for one file, checked between pages/sheets (never mid-call)."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.seconds = seconds

    def expired(self) -> bool:
        return time.monotonic() > self.end


def check_size(data: bytes, limits: Limits, what: str) -> None:
    if len(data) > limits.max_bytes:
        raise ExtractError("too_large", f"{what} is {len(data)} bytes, over the {limits.max_bytes}-byte cap")
