"""Safe opening of OOXML zips (DOCX, XLSX): zip-bomb and XXE checks before any library parses them.

python-docx and openpyxl inflate every part they load. A DOCX of 50 kB can claim gigabytes uncompressed, and
an XML part can declare entities (billion laughs, external files). We read the zip directory first (sizes are
declared there, and the actual inflate is also capped), and refuse any XML part with a DOCTYPE: Office never
writes one.
"""

from __future__ import annotations

import io
import re
import zipfile

from transforms.documents.limits import ExtractError, Limits

_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)


def open_zip(data: bytes, limits: Limits, what: str) -> zipfile.ZipFile:
    """Open and vet a zip: entry count, declared total size, per-part compression ratio, DOCTYPE in XML."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception as exc:  # noqa: BLE001 - BadZipFile, NotImplementedError (bogus versions), struct errors
        raise ExtractError("corrupt_zip", f"{what}: not a readable zip container ({type(exc).__name__}: {exc})"
                           ) from exc
    if len(infos) > limits.max_zip_entries:
        raise ExtractError("zip_bomb", f"{what}: {len(infos)} zip entries, over the {limits.max_zip_entries} cap")
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_bytes:
        raise ExtractError("zip_bomb", f"{what}: parts inflate to {total} bytes, over the "
                                       f"{limits.max_unzipped_bytes}-byte cap")
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > limits.max_zip_ratio * max(info.compress_size, 1):
            raise ExtractError("zip_bomb", f"{what}: part {info.filename} compresses "
                                           f"{info.file_size // max(info.compress_size, 1)}:1 (zip bomb)")
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            raw = read_part(zf, info, limits, what)
            if _DOCTYPE.search(raw[:4096]) or (b"<!" in raw and _DOCTYPE.search(raw)):
                raise ExtractError("xml_doctype", f"{what}: part {info.filename} declares a DOCTYPE/ENTITY "
                                                  "(XXE or entity expansion); refused")
    return zf


def read_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, what: str) -> bytes:
    """Inflate one part, reading at most its declared size + 1 byte (a lying header cannot blow memory)."""
    cap = min(info.file_size, limits.max_unzipped_bytes) + 1
    try:
        with zf.open(info) as fh:
            raw = fh.read(cap)
    except Exception as exc:  # noqa: BLE001 - bad CRC, unsupported compression, truncated data
        raise ExtractError("corrupt_zip", f"{what}: part {info.filename} cannot be read "
                                          f"({type(exc).__name__}: {exc})") from exc
    if len(raw) > info.file_size:
        raise ExtractError("zip_bomb", f"{what}: part {info.filename} inflates past its declared size")
    return raw
