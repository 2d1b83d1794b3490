"""The site registry: one YAML file per portal under scrapers/sites/ (data, not code).

A site says where the annual-report column lives (start URLs), which CMS family renders it, which hosts are
official for it, and which report years to keep. Demo sites use ``{base}`` in their URLs; it is replaced by
the base URL of the running demo portal. A user can also describe a site on the command line or in a YAML
file anywhere on disk, so trying a new portal never needs an edit to the package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

SITES_DIR = Path(__file__).parent / "sites"
DEFAULT_YEARS = (2008, 2100)


@dataclass
class Site:
    id: str
    name: str = ""
    admin_code: str | None = None
    level: str | None = None
    cms: str | None = None  # None/"auto": detect from the first page
    start_urls: list[str] = field(default_factory=list)
    allowed_hosts: list[str] = field(default_factory=list)
    years: tuple[int, int] = DEFAULT_YEARS
    verified: bool = False
    demo: bool = False
    max_list_pages: int = 300  # trap guard: list pages followed per site (a refusal is a recorded fault)
    place_names: list[str] = field(default_factory=list)
    notes: str = ""

    def with_base(self, base_url: str | None) -> Site:
        """Substitute ``{base}`` (demo sites) and add the base host to the allowlist."""
        if not base_url:
            return self
        base = base_url.rstrip("/")
        urls = [u.replace("{base}", base) for u in self.start_urls]
        hosts = list(self.allowed_hosts)
        host = urlparse(base).hostname
        if host and host not in hosts:
            hosts.append(host)
        return Site(**{**self.__dict__, "start_urls": urls, "allowed_hosts": hosts})

    def allows_year(self, year: int | None) -> bool:
        return year is None or self.years[0] <= year <= self.years[1]


def parse_years(value: Any) -> tuple[int, int]:
    """Accept ``2019-2024``, ``2020``, ``[2019, 2024]`` or None."""
    if value is None or value == "":
        return DEFAULT_YEARS
    if isinstance(value, list | tuple):
        return int(value[0]), int(value[-1])
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–:]\s*(\d{4})?)?\s*", str(value))
    if not m:
        raise ValueError(f"bad year range {value!r} (want 2019-2024)")
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) else (lo if "-" not in str(value) else DEFAULT_YEARS[1])
    return lo, hi


def site_from_dict(data: dict[str, Any], source: str = "") -> Site:
    if not data.get("id"):
        raise ValueError(f"site without id in {source or data!r}")
    known = set(Site.__dataclass_fields__)
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"unknown site keys {sorted(unknown)} in {source or data['id']}")
    d = dict(data)
    d["years"] = parse_years(d.get("years"))
    d["start_urls"] = list(d.get("start_urls") or [])
    d["allowed_hosts"] = list(d.get("allowed_hosts") or [])
    if not d["allowed_hosts"]:
        d["allowed_hosts"] = sorted({urlparse(u).hostname for u in d["start_urls"] if urlparse(u).hostname})
    if d.get("admin_code") is not None:
        d["admin_code"] = str(d["admin_code"])
    return Site(**d)


def load_site_file(path: str | Path) -> Site:
    p = Path(path)
    return site_from_dict(yaml.safe_load(p.read_text(encoding="utf-8")) or {}, str(p))


def registry(sites_dir: str | Path = SITES_DIR) -> dict[str, Site]:
    out: dict[str, Site] = {}
    for p in sorted(Path(sites_dir).glob("*.yaml")):
        s = load_site_file(p)
        if s.id in out:
            raise ValueError(f"duplicate site id {s.id} ({p})")
        out[s.id] = s
    return out


def adhoc_site(start_url: str, cms: str | None = None, allowed_hosts: str | list[str] | None = None,
               years: Any = None) -> Site:
    """A site given on the command line (``-a start_url=… -a cms=… -a allowed_hosts=h1,h2``)."""
    urls = [u.strip() for u in start_url.split(",") if u.strip()]
    if isinstance(allowed_hosts, str):
        allowed_hosts = [h.strip() for h in allowed_hosts.split(",") if h.strip()]
    host = urlparse(urls[0]).hostname or "adhoc"
    return site_from_dict({"id": f"adhoc-{host}", "name": host, "cms": cms or None, "start_urls": urls,
                           "allowed_hosts": allowed_hosts or [], "years": years, "verified": False})


def resolve_sites(site: str | None = None, site_file: str | None = None, start_url: str | None = None,
                  cms: str | None = None, allowed_hosts: str | list[str] | None = None,
                  base_url: str | None = None, years: Any = None) -> list[Site]:
    """Turn the spider/CLI arguments into the list of sites to crawl."""
    sites: list[Site] = []
    if site:
        reg = registry()
        ids = list(reg) if site == "all" else [s.strip() for s in site.split(",") if s.strip()]
        if site == "demo":
            ids = [k for k, v in reg.items() if v.demo]
        for sid in ids:
            if sid not in reg:
                raise ValueError(f"unknown site {sid!r}; known: {', '.join(sorted(reg))}")
            sites.append(reg[sid])
    if site_file:
        sites.extend(load_site_file(f) for f in site_file.split(","))
    if start_url:
        sites.append(adhoc_site(start_url, cms, allowed_hosts, years))
    if not sites:
        raise ValueError("no site given: use site=ID, site_file=PATH or start_url=URL")
    out = []
    for s in sites:
        if s.demo and not base_url and any("{base}" in u for u in s.start_urls):
            raise ValueError(f"demo site {s.id} needs base_url (the running demo portal)")
        s = s.with_base(base_url)
        if years is not None and not start_url:
            s.years = parse_years(years)
        if cms and not start_url:
            s.cms = cms
        out.append(s)
    return out
