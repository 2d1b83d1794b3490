"""HTTP cache storage with one file per response (Scrapy's FilesystemCacheStorage writes six).

Measured on the crawl benchmark: the filesystem storage's six opens per response cost ~2.8 ms per page,
more than the fetch itself on localhost; this storage writes one pickle atomically. Semantics are Scrapy's
(used with DummyPolicy via HTTPCACHE_STORAGE): key = request fingerprint, optional expiry.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from time import time
from typing import Any

from scrapy.http import Request, Response
from scrapy.utils.project import data_path
from scrapy.utils.response import response_from_dict


class OneFileCacheStorage:
    def __init__(self, settings) -> None:
        self.cachedir = Path(data_path(settings["HTTPCACHE_DIR"]))
        self.expiration_secs = settings.getint("HTTPCACHE_EXPIRATION_SECS")
        self._dirs: set[Path] = set()
        self._fingerprinter = None

    def open_spider(self, spider) -> None:
        self._fingerprinter = spider.crawler.request_fingerprinter
        self.root = self.cachedir / spider.name
        self.root.mkdir(parents=True, exist_ok=True)

    def close_spider(self, spider) -> None:
        return None

    def _path(self, request: Request) -> Path:
        key = self._fingerprinter.fingerprint(request).hex()
        return self.root / key[:2] / f"{key}.pkl"

    def retrieve_response(self, spider, request: Request) -> Response | None:
        path = self._path(request)
        try:
            with path.open("rb") as fh:
                ts, data = pickle.load(fh)  # noqa: S301 - our own cache files
        except (FileNotFoundError, EOFError, pickle.UnpicklingError, ValueError):
            return None
        if 0 < self.expiration_secs < time() - ts:
            return None
        request.meta["cache_timestamp"] = ts
        return response_from_dict(data)

    def store_response(self, spider, request: Request, response: Response) -> None:
        path = self._path(request)
        if path.parent not in self._dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(path.parent)
        payload: tuple[float, dict[str, Any]] = (time(), response.to_dict())
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(payload, fh, protocol=4)
        os.replace(tmp, path)
