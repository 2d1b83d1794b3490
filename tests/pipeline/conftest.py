"""Fixtures for the pipeline tests: a raw archive built from the fixture reports, a storage root, Definitions."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from scrapers.archive import ArchiveWriter

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REPORT_FILES = sorted([*(FIXTURES / "seeds").glob("*.txt"),
                       *(p for p in (FIXTURES / "realdata").glob("*.*") if p.suffix in (".txt", ".md", ".html"))])

warnings.filterwarnings("ignore", message=".*is currently in beta.*")


def build_archive(root: Path, files: list[Path] = REPORT_FILES) -> list[str]:
    """Archive the fixture reports as the crawler would: one list page linking to one detail page per file.

    Returns the detail URLs. fetched_at is fixed so two archives of the same files are identical.
    """
    w = ArchiveWriter(root)
    list_url = "http://fixtures.gov.cn.test/xxgk/ndbg/index.html"
    list_html = "<html><body>" + "".join(f"<a href='{p.name}'>{p.stem}</a>" for p in files) + "</body></html>"
    sha = w.put(list_html.encode())
    w.record({"url": list_url, "final_url": list_url, "status": 200, "sha256": sha, "site": "fixtures",
              "role": "list_page", "fetched_at": "2025-02-01T00:00:00+00:00", "bytes": len(list_html.encode())})
    urls = []
    for p in files:
        data = p.read_bytes()
        sha = w.put(data)
        url = f"http://fixtures.gov.cn.test/xxgk/ndbg/{p.name}"
        w.record({"url": url, "final_url": url, "status": 200, "sha256": sha, "site": "fixtures",
                  "role": "detail", "parent_url": list_url, "fetched_at": "2025-02-01T00:00:00+00:00",
                  "bytes": len(data), "content_type": "text/plain", "filename": p.name, "title": p.stem})
        urls.append(url)
    return urls


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    build_archive(root)
    return root
