"""Bytes -> str for text-like formats: declared charset, BOM, then utf-8, then GB18030, then detection.

Any GB label (gb2312, gbk) is decoded as GB18030, its superset: pages that declare gb2312 routinely contain
characters outside it.
"""

from __future__ import annotations

import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "gb_2312-80", "cp936", "euc-cn", "hz-gb-2312"}


def normalize_charset(name: str | None) -> str | None:
    if not name:
        return None
    low = name.strip().lower()
    if low in _GB:
        return "gb18030"
    if low in {"utf8", "utf-8"}:
        return "utf-8"
    return low


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    candidates = []
    if declared:
        candidates.append(normalize_charset(declared))
    m = _META_CHARSET.search(data[:4096])
    if m:
        candidates.append(normalize_charset(m.group(1).decode("ascii", "ignore")))
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        if not enc:
            continue
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    return data.decode("gb18030", errors="replace"), "gb18030"
