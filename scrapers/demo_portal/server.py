"""A tiny threaded HTTP server for the demo portal, with scripted faults read from `_behaviours.json`.

Behaviours (keyed by URL path): error_once (500 on the first request, then the file), slow (sleep, then
the file), truncate (Content-Length larger than the body sent), redirect (302 to a URL), status (a fixed
status with the file as body), paged (a query parameter selects a file), trap (an endless chain of pages),
param_redirect (302 to a path built from a query parameter), disposition (Content-Disposition header).
Every request is logged in `hits` so tests can see what a crawl really downloaded.
"""

from __future__ import annotations

import contextlib
import json
import mimetypes
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlparse

TYPES = {".html": "text/html", ".htm": "text/html", ".shtml": "text/html", ".xml": "text/xml",
         ".json": "application/json", ".pdf": "application/pdf", ".doc": "application/msword",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".txt": "text/plain", ".jsp": "text/html", "": "text/html"}


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        return

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._get()

    def _send(self, status: int, body: bytes, ctype: str = "text/html", headers: dict | None = None,
              length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _file(self, rel: str) -> Path | None:
        root = self.server.root
        p = (root / rel.lstrip("/")).resolve()
        if not str(p).startswith(str(root)):
            return None
        if p.is_dir():
            p = p / "index.html"
        return p if p.is_file() else None

    def _get(self) -> None:
        url = urlparse(self.path)
        path = unquote(url.path)
        query = parse_qs(url.query)
        srv = self.server
        with srv.lock:
            srv.hits.append(self.path)
            srv.counts[path] = srv.counts.get(path, 0) + 1
            count = srv.counts[path]
        beh = srv.behaviours.get(path) or next(
            (b for k, b in srv.behaviours.items() if k.startswith("prefix:") and path.startswith(k[7:])), {})
        kind = beh.get("kind")
        headers = dict(beh.get("headers") or {})
        if kind == "redirect":
            return self._send(302, b"", headers={"Location": beh["to"]})
        if kind == "param_redirect":
            name = (query.get(beh["param"]) or [""])[0]
            return self._send(302, b"", headers={"Location": beh["to"].format(value=quote(name))})
        if kind == "trap":
            m = re.search(r"p(\d+)\.htm$", path)
            n = int(m.group(1)) if m else 1
            body = (f"<html><head><meta charset='utf-8'><title>归档日历 {n}</title></head><body>"
                    f"<p>历史归档第{n}页</p><a href='p{n + 1}.htm'>下一页</a></body></html>").encode()
            return self._send(200, body, "text/html; charset=utf-8")
        rel = path
        if kind == "paged":
            page = (query.get(beh.get("param", "page")) or ["1"])[0]
            rel = beh["file"].format(page=int(page) if page.isdigit() else 1)
        f = self._file(rel)
        if f is None:
            return self._send(404, b"<html><body><h1>404 Not Found</h1></body></html>")
        data = f.read_bytes()
        ctype = beh.get("content_type") or TYPES.get(f.suffix.lower()) or mimetypes.guess_type(f.name)[0] or \
            "application/octet-stream"
        if kind == "error_once" and count == 1:
            return self._send(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>")
        if kind == "slow":
            time.sleep(float(beh.get("seconds", 5)))
        if kind == "status":
            return self._send(int(beh["status"]), data, ctype, headers)
        if kind == "truncate":
            self._send(200, data[: len(data) // 2], ctype, headers, length=len(data))
            self.close_connection = True
            return None
        return self._send(200, data, ctype, headers)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256  # the default backlog of 5 drops connections under a 32-way crawl
    root: Path
    behaviours: dict[str, dict]
    hits: list[str]
    counts: dict[str, int]
    lock: threading.Lock


class DemoServer:
    """Serve a built demo portal; a context manager whose value is the base URL."""

    def __init__(self, root: str | Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = Path(root).resolve()
        self.httpd = _Server((host, port), _Handler)
        self.httpd.root = self.root
        beh = self.root / "_behaviours.json"
        self.httpd.behaviours = json.loads(beh.read_text(encoding="utf-8")) if beh.exists() else {}
        self.httpd.hits = []
        self.httpd.counts = {}
        self.httpd.lock = threading.Lock()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def hits(self) -> list[str]:
        with self.httpd.lock:
            return list(self.httpd.hits)

    def start(self) -> str:
        self.thread.start()
        return self.base_url

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve(root: str | Path, host: str = "127.0.0.1", port: int = 0) -> DemoServer:
    return DemoServer(root, host, port)
