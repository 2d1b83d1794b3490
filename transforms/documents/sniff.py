"""Format sniffing from leading bytes: portals mislabel files, so the extension is only a last hint."""

from __future__ import annotations

import re

_HTML_RE = re.compile(rb"<\s*(!doctype\s+html|html|head|body|table|div|p|meta)\b", re.I)
_MD_TABLE_RE = re.compile(r"^\s*\|.*\|\s*$", re.M)


_MHT_RE = re.compile(rb"\A(?:[\w-]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*?Content-Type:\s*multipart/related", re.I)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


_WORD_STREAM = _utf16("WordDocument")
_WPS_STREAMS = (_utf16("WpsCustomData"), _utf16("WPS Office"), _utf16("KSOProductBuildVer"))
_XLS_STREAMS = (_utf16("Workbook\x00"), _utf16("Book\x00"))


def ole_kind(data: bytes) -> str | None:
    """'doc', 'wps' or 'xls' from the OLE2 directory's stream names (UTF-16LE, NUL-terminated), else None.

    Directory entries can sit anywhere in the file, so the whole file is searched; it is bytes.find, cheap.
    """
    if not data.startswith(_OLE_MAGIC):
        return None
    if _WORD_STREAM in data:
        return "wps" if any(s in data for s in _WPS_STREAMS) else "doc"
    if any(s in data for s in _XLS_STREAMS):
        return "xls"
    return None


def _zip_kind(data: bytes) -> str:
    """docx/xlsx from the zip's member names (central directory), not from a byte pattern near the start."""
    import io
    import zipfile

    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except Exception:  # noqa: BLE001 - any unreadable zip directory: fall back to byte patterns
        head = data[:65536]
        return "docx" if b"word/" in head else "xlsx" if b"xl/" in head else "zip"
    if "word/document.xml" in names or any(n.startswith("word/") for n in names):
        return "docx"
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return "xlsx"
    return "zip"


def _looks_like_json(data: bytes) -> bool:
    import json

    try:
        json.loads(data[:5_000_000])
    except (ValueError, UnicodeDecodeError):
        return False
    return True


def sniff_format(data: bytes, source: str = "") -> str:
    head = data[:4096]
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_OLE_MAGIC):  # OLE2: .doc, .wps, .xls, .et: the stream names tell which
        kind = ole_kind(data)
        if kind:
            return kind
        low = source.lower()
        if low.endswith((".xls", ".et")):
            return "xls"
        if low.endswith(".wps"):
            return "wps"
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "image"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    if _MHT_RE.search(head[:2048]):  # MIME web archive (.mht, or Word's "single file web page" named .doc)
        return "mht"
    if stripped[:1] in (b"{", b"[") and _looks_like_json(data):
        return "json"
    if _HTML_RE.search(head):
        return "html"
    if source.lower().endswith((".md", ".markdown")):
        return "markdown"
    if b"|" not in head:  # a pipe row needs "|" (byte 0x7C in any decoding): most text files have none
        return "text"
    try:
        sample = head.decode("utf-8", errors="ignore")
    except Exception:  # pragma: no cover
        sample = ""
    if len(_MD_TABLE_RE.findall(sample)) >= 2:
        return "markdown"
    return "text"
