"""Format sniffing from leading bytes: portals mislabel files, so the extension is only a last hint."""

from __future__ import annotations

import re

_HTML_RE = re.compile(rb"<\s*(!doctype\s+html|html|head|body|table|div|p|meta)\b", re.I)
_MD_TABLE_RE = re.compile(r"^\s*\|.*\|\s*$", re.M)


def sniff_format(data: bytes, source: str = "") -> str:
    head = data[:4096]
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: .doc, .wps, .xls, .et
        low = source.lower()
        if low.endswith((".xls", ".et")):
            return "xls"
        if low.endswith(".wps"):
            return "wps"
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data[:65536]:
            return "docx"
        if b"xl/" in data[:65536]:
            return "xlsx"
        return "zip"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "image"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    if _HTML_RE.search(head):
        return "html"
    if source.lower().endswith((".md", ".markdown")):
        return "markdown"
    try:
        sample = head.decode("utf-8", errors="ignore")
    except Exception:  # pragma: no cover
        sample = ""
    if len(_MD_TABLE_RE.findall(sample)) >= 2:
        return "markdown"
    return "text"
