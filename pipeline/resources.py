"""Dagster resources: where data lives, what to crawl, how to show progress.

Configured from the environment by default (`GONGKAI_STORAGE_ROOT`, `GONGKAI_ARCHIVE`, `GONGKAI_CRAWL`) so
`dagster dev -w workspace.yaml` and the `gongkai` CLI see the same storage; the CLI and tests pass explicit
values to `pipeline.definitions.build_definitions`.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path
from typing import Any

import dagster as dg
import yaml

from pipeline.io import ParquetStore

REPO = Path(__file__).resolve().parent.parent


class StorageResource(dg.ConfigurableResource):
    """The storage root (local folder or fsspec URL) and the raw archive folder (local: Scrapy writes it)."""

    root: str = "data"
    archive: str = ""

    @property
    def store(self) -> ParquetStore:
        return ParquetStore(self.root)

    @property
    def archive_dir(self) -> Path:
        if self.archive:
            return Path(self.archive)
        if "://" in self.root and not self.root.startswith("file://"):
            raise ValueError("with a remote storage root, set the archive folder (GONGKAI_ARCHIVE) explicitly")
        return Path(self.root.removeprefix("file://")) / "archive"


class CrawlResource(dg.ConfigurableResource):
    """What `crawled_pages` crawls: `SITE_ID` (registry start URLs) or `SITE_ID=BASE_URL` (e.g. the demo
    portal on 127.0.0.1). Empty: no crawl, the graph works on whatever the archive already holds."""

    targets: list[str] = []
    python: str = sys.executable
    extra_args: list[str] = []

    def parsed_targets(self) -> list[tuple[str, str | None]]:
        out = []
        for t in self.targets:
            site, _, base = t.partition("=")
            out.append((site.strip(), base.strip() or None))
        return out


class ProgressResource(dg.ConfigurableResource):
    """Draws a progress bar on stderr (the CLI turns it on when stderr is a terminal)."""

    bar: bool = False

    def tick(self, label: str, done: int, total: int) -> None:
        if not self.bar or total <= 0:
            return
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r{label:<16} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


@functools.cache
def parser_version() -> str:
    """Hash of the transforms code and rules (templates, YAML): a change re-parses, nothing else does."""
    h = hashlib.sha256()
    root = REPO / "transforms"
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".yaml", ".yml", ".json")):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


@functools.cache
def site_registry() -> dict[str, dict[str, Any]]:
    """Site id -> registry entry (scrapers/sites/*.yaml: id, name, admin_code, level, cms …), when present."""
    out: dict[str, dict[str, Any]] = {}
    folder = REPO / "scrapers" / "sites"
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        entries = data if isinstance(data, list) else data.get("sites", [data]) if isinstance(data, dict) else []
        for entry in entries:
            if isinstance(entry, dict) and entry.get("id"):
                out[str(entry["id"])] = entry
    return out


def env_config() -> dict[str, Any]:
    """Resource settings from the environment (what `dagster dev` and the workspace use)."""
    targets = [t for t in os.environ.get("GONGKAI_CRAWL", "").split(",") if t.strip()]
    return {"storage_root": os.environ.get("GONGKAI_STORAGE_ROOT", "data"),
            "archive": os.environ.get("GONGKAI_ARCHIVE", ""), "crawl_targets": targets,
            "executor": os.environ.get("GONGKAI_EXECUTOR", "")}
