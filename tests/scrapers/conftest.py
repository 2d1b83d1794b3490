"""Shared fixtures: the demo portal built from tests/fixtures and served on 127.0.0.1 (ephemeral port)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scrapers.demo_portal import build, expected, serve

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="session")
def demo_root(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("demo_portal"), FIXTURES)


@pytest.fixture(scope="session")
def demo_server(demo_root):
    srv = serve(demo_root)
    base = srv.start()
    yield base, srv
    srv.stop()


def run_crawl(archive: Path, *args: str, timeout: float = 120) -> dict:
    """Run the real crawl entry point in a child process (Twisted cannot restart in-process)."""
    stats = archive.parent / f"{archive.name}-stats-{len(list(archive.parent.glob('*-stats-*')))}.json"
    cmd = [sys.executable, "-m", "scrapers.crawl", "--archive", str(archive), "--stats-json", str(stats),
           "--log-level", "WARNING", *args]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(stats.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_expected(demo_root, demo_server):
    return expected(demo_root, demo_server[0])
