"""MHT/MHTML ("单个文件网页", Word's "Web archive, single file", often published with a .doc name) -> Document.

The file is a MIME multipart/related message; its first text/html part, decoded from quoted-printable or base64
with its declared charset, goes through the HTML extractor. A UTF-8 BOM is put in front of the decoded text so
the HTML's own `<meta charset=gb2312>` (now wrong) cannot override it.
"""

from __future__ import annotations

import email
import email.policy

from transforms.documents import html
from transforms.documents.decode import normalize_charset
from transforms.documents.limits import DEFAULT_LIMITS, ExtractError, Limits, check_size
from transforms.model import Document


def extract(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    check_size(data, limits, source)
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = normalize_charset(part.get_content_charset()) or "utf-8"
        try:
            text = payload.decode(charset, errors="replace")
        except LookupError:
            text = payload.decode("gb18030", errors="replace")
        doc = html.extract(b"\xef\xbb\xbf" + text.encode("utf-8"), source)
        doc.format = "mht"
        doc.meta["mht_charset"] = charset
        return doc
    raise ExtractError("mht_without_html", f"{source}: a MIME web archive without an HTML part")
