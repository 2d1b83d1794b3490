"""ParsedReport + archive manifest rows -> rows of the Parquet tables of report-format.md §9.

Pure functions (no Dagster, no IO): the pipeline decides which archive entries are report documents
(`report_documents`), parses them, and turns each result into plain row dicts (`report_rows`) that
`pipeline.io` casts to the pinned schemas of `pipeline.schemas`. Every fact row carries its provenance
(report_id, source_url, raw_sha256, value_raw, label_raw, cell_ref, is_blank), and rows come out in a fixed
order so that the same inputs always give byte-identical Parquet.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from sys import intern
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from transforms.metadata import parse_iso_date
from transforms.model import CheckResult, Fact, ParsedReport

REPORT_ROLES = ("detail", "attachment")
BULKY_MANIFEST_KEYS = frozenset({"clean_log", "noise_detector"})
APPLICATION_COLUMNS = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
                       "legal_service_org", "other_org", "total")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment: two spellings of one URL give one report_id."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def report_id(url: str, raw_sha256: str) -> str:
    """sha256(canonical_url + raw_sha256)[:16]: a new version of the bytes at a URL is a new report row."""
    return hashlib.sha256((canonical_url(url) + raw_sha256).encode("utf-8")).hexdigest()[:16]


def artifact_id(url: str, sha: str) -> str:
    return hashlib.sha256((canonical_url(url) + (sha or "")).encode("utf-8")).hexdigest()[:16]


def agency_id(name: str | None, admin_code: str | None = None) -> str | None:
    """The checks' agency key (NFKC, no spaces or bracketed notes), so the table and the cross-year checks
    name an agency the same way; `admin_code` (when known) is a column of its own, not part of the id."""
    if not name:
        return None
    try:
        from transforms.checks import agency_key
    except ImportError:  # pragma: no cover - the checks package is part of transforms
        return re.sub(r"[\s\u3000·•]+", "", unicodedata.normalize("NFKC", name))
    return agency_key(name) or None


_LEVELS = (  # suffix of the agency name -> level; departments first (…市人民政府办公室 is a department)
    (re.compile(r"(办公室|办公厅|局|委员会|委|厅|署|中心|办)$"), "department"),
    (re.compile(r"(乡|镇|街道|街道办事处)(人民政府)?$"), "township"),
    (re.compile(r"(省|自治区)(人民政府)?$"), "province"),
    (re.compile(r"(县|区|旗|县级市)(人民政府)?$"), "county"),
    (re.compile(r"市(人民政府)?$"), "city"),
)


def agency_level(name: str | None, registry_level: str | None = None) -> str:
    if registry_level:
        return registry_level
    if not name:
        return "other"
    for pattern, level in _LEVELS:
        if pattern.search(name):
            return level
    return "other"


def _parse_ts(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        ts = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(UTC).replace(microsecond=0)


def _int_or_none(v: Any) -> int | None:
    try:
        return int(v) if v is not None and str(v).strip() != "" else None
    except (TypeError, ValueError):
        return None


def report_year(parsed: ParsedReport, doc: dict[str, Any]) -> tuple[int | None, str]:
    """The report year and where it came from: parser (title/period) → list page → publish date → fetch date.

    Reports are published in the first months of Y+1, so a publish or fetch date gives Y = that year − 1; the
    source is recorded in `year_source` so an analyst can drop the guesses.
    """
    if parsed.year:
        return int(parsed.year), "parser"
    hint = _int_or_none(doc.get("year"))
    if hint:
        return hint, "list_page"
    pub = parse_iso_date(parsed.publish_date)
    if pub:
        return pub.year - 1, "publish_date"
    fetched = _parse_ts(doc.get("fetched_at"))
    if fetched:
        return fetched.year - 1, "fetched_at"
    return None, "unknown"


def _nullable_key(*values: Any) -> tuple:
    return tuple((v is None, "" if v is None else v) for v in values)


def _decimal(v: Any) -> Decimal | None:
    if v is None or isinstance(v, bool):
        return None
    try:
        d = Decimal(str(v))
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite() or abs(d) >= Decimal(10) ** 14:
        return None
    return d.quantize(Decimal("0.0001"))


def _int_value(v: Any) -> int | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, float):
        return int(v) if v.is_integer() else None
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def _derive_36(facts: list[Fact]) -> list[Fact]:
    """2021 reports: 3.6 = Σ3.6.x per column (row_kind=derived), for analysis across both templates."""
    subs = [f for f in facts if f.table == "applications" and (f.row or "").startswith("3.6.")]
    if not subs or any(f.table == "applications" and f.row == "3.6" for f in facts):
        return []
    out = []
    for col in APPLICATION_COLUMNS:
        vals = [f.value for f in subs if f.column == col]
        if not vals:
            continue
        known = [v for v in vals if v is not None]
        out.append(Fact(table="applications", value=sum(known) if known else None, raw="", row="3.6",
                        column=col, row_kind="derived", label_raw="derived: Σ 3.6.x", cell_ref="derived"))
    return out


def _usable(row: dict[str, Any]) -> bool:
    status = _int_or_none(row.get("status"))
    return bool(row.get("sha256")) and not row.get("fault") and (status is None or status == 200)


def report_documents(manifest: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Which archive entries are report documents, sorted by URL so every later stage runs in a fixed order.

    The latest row per URL wins (the crawler's `row_kind: clean` row repeats the fetch row and adds
    `clean_sha256`, `noise_tokens`, `chrome_removed`). When the crawler flags reports (`report: true` on report
    detail pages and on reports published as a bare file), only those are documents; their other attachments
    (the same report as PDF/DOCX) are kept as `attachments` for provenance and as a fallback source of tables.
    Archives without the flag (older crawls, imports) treat every detail page and attachment as a document.
    Only 200 fetches with bytes and no recorded fault count. Each document gets its parent (list_url).
    """
    latest: dict[str, dict[str, Any]] = {}
    for row in manifest:
        if row.get("url"):  # the cleaning log and detector evidence stay in the manifest, not in memory
            # Keys interned: each JSON line brings its own copies of ~20 key strings (~1 KiB per row at 100k rows).
            latest[row["url"]] = {intern(k): v for k, v in row.items() if k not in BULKY_MANIFEST_KEYS}
    flagged = any(r.get("report") is not None for r in latest.values())
    children: dict[str, list[dict[str, Any]]] = {}
    for row in latest.values():
        if row.get("role") == "attachment" and row.get("parent_url"):
            children.setdefault(row["parent_url"], []).append(row)
    docs = []
    for url in sorted(latest):
        row = latest[url]
        if row.get("role") not in REPORT_ROLES or not _usable(row):
            continue
        if flagged and not row.get("report"):
            continue
        doc = dict(row)
        doc["report_id"] = report_id(url, row["sha256"])
        kids = sorted(children.get(url, []), key=lambda r: r["url"])
        doc["attachment_urls"] = [k["url"] for k in kids]
        doc["attachments"] = [dict(k) for k in kids if _usable(k)] if flagged else []
        parent = latest.get(row.get("parent_url") or "")
        doc["parent"] = dict(parent) if parent else None
        docs.append(doc)
    return docs


def _table_facts(parsed: ParsedReport) -> int:
    return sum(1 for f in parsed.facts if f.row_kind != "derived")


def analyse_document(doc: dict[str, Any], load: Callable[[dict[str, Any]], bytes]
                     ) -> tuple[dict[str, Any], ParsedReport]:
    """Parse a report document; when its page holds no tables, read them from its best attachment.

    Many portals publish the tables only in an attached PDF/DOCX ("详见附件"). The attachment with the most
    table facts then becomes the report document (its URL and bytes are the provenance of every fact), with
    the page as its parent and the page's title, year and agency filling what the attachment lacks.
    `load(row)` returns the bytes to parse for a manifest row (the cleaned HTML when there is one).
    """
    parsed = _analyse_row(load, doc)
    if _table_facts(parsed) or not doc.get("attachments"):
        return doc, parsed
    best: tuple[dict[str, Any], ParsedReport] | None = None
    for att in doc["attachments"]:
        candidate = _analyse_row(load, att)
        if _table_facts(candidate) and (best is None or _table_facts(candidate) > _table_facts(best[1])):
            best = (att, candidate)
    if best is None:
        return doc, parsed
    att, chosen = best
    for name in ("agency", "year", "title", "publish_date", "publish_date_raw", "period_start", "period_end"):
        if getattr(chosen, name) is None:
            setattr(chosen, name, getattr(parsed, name))
    chosen.notes.append(f"tables_from_attachment:{att['url']}")
    page = {k: v for k, v in doc.items() if k not in ("parent", "attachments")}
    effective = {**att, "report_id": report_id(att["url"], att["sha256"]), "parent": page,
                 "parent_url": doc["url"], "site": doc.get("site"), "title": doc.get("title"),
                 "year": doc.get("year"), "attachment_urls": doc.get("attachment_urls", []),
                 "attachments": [], "page_noise_tokens": doc.get("noise_tokens"), "report_page_url": doc["url"]}
    return effective, chosen


def _analyse_row(load: Callable[[dict[str, Any]], bytes], row: dict[str, Any]) -> ParsedReport:
    from transforms.model import ParseError

    try:
        data = load(row)
    except OSError as exc:
        return ParsedReport(source=row["url"], parse_status="failed",
                            errors=[ParseError("archive", "blob_missing", f"{row['url']}: {exc}")])
    return analyse(data, row["url"])


def _provenance(f: Fact, rid: str, doc: dict[str, Any]) -> dict[str, Any]:
    return {"value_raw": f.raw, "label_raw": f.label_raw, "is_blank": f.value is None, "cell_ref": f.cell_ref,
            "notes": list(f.notes), "source_url": doc["url"], "raw_sha256": doc["sha256"], "report_id": rid}


def check_rows(checks: Iterable[CheckResult], rid: str, doc: dict[str, Any], agency: str | None,
               ruleset_version: str) -> list[dict[str, Any]]:
    rows = []
    for c in checks:
        rows.append({
            "report_id": rid, "agency_id": agency, "check_code": c.code, "scope": c.scope,
            "lhs": None if c.lhs is None else float(c.lhs), "rhs": None if c.rhs is None else float(c.rhs),
            "delta": None if c.delta is None else float(c.delta), "status": c.status, "severity": c.severity,
            "detail": c.detail, "message_zh": c.message_zh, "message_en": c.message_en,
            "cells": json.dumps(c.cells, ensure_ascii=False, sort_keys=True, default=str),
            "cross_year": c.code.startswith("X_"), "ruleset_version": ruleset_version,
            "source_url": doc["url"], "raw_sha256": doc["sha256"],
        })
    rows.sort(key=lambda r: _nullable_key(r["check_code"], r["scope"], r["status"], r["detail"]))
    return rows


def _artifact_row(row: dict[str, Any], rid: str, role: str) -> dict[str, Any]:
    sha = row.get("sha256")
    headers = row.get("headers")
    return {
        "artifact_id": artifact_id(row["url"], sha or ""), "report_id": rid, "role": role, "url": row["url"],
        "final_url": row.get("final_url"), "sha256": sha, "clean_sha256": row.get("clean_sha256"),
        "bytes": _int_or_none(row.get("bytes")), "mime": row.get("content_type"), "filename": row.get("filename"),
        "storage_path": f"raw/{sha[:2]}/{sha}" if sha else None, "fetched_at": _parse_ts(row.get("fetched_at")),
        "http_status": _int_or_none(row.get("status")),
        "headers": json.dumps(headers, ensure_ascii=False, sort_keys=True) if headers is not None else None,
        "fault": row.get("fault"),
    }


def report_agency_id(parsed: ParsedReport, site: dict[str, Any] | None = None) -> str | None:
    """The agency id `report_rows` gives this report (kept in one place: cross-year checks join on it)."""
    site = site or {}
    admin_code = site.get("admin_code") or ((parsed.meta or {}).get("SiteIDCode") or "")[:6] or None
    return agency_id(parsed.agency or site.get("name"), admin_code)


def report_rows(parsed: ParsedReport, doc: dict[str, Any], *, parser_version: str,
                site: dict[str, Any] | None = None) -> dict[str, list[dict[str, Any]]]:
    """All rows one parsed document contributes, keyed by table name (report, fact_*, check_result, artifact).

    `doc` is an entry of `report_documents` (a manifest row plus report_id, parent, attachment_urls);
    `site` the registry entry of its site (admin_code, level, cms), when known. `report_year` is included on
    every row (it becomes the hive partition, not a column inside the files).
    """
    rid = doc.get("report_id") or report_id(doc["url"], doc["sha256"])
    site = site or {}
    year, year_source = report_year(parsed, doc)
    meta = parsed.meta or {}
    admin_code = site.get("admin_code") or (meta.get("SiteIDCode") or "")[:6] or None
    agency = parsed.agency or site.get("name")
    aid = report_agency_id(parsed, site)
    failed = [c for c in parsed.checks if c.status == "fail"]
    table_facts = list(parsed.facts) + _derive_36(parsed.facts)
    parent = doc.get("parent") or {}
    noise = doc.get("noise_tokens") or doc.get("page_noise_tokens") or []

    report = {
        "report_id": rid, "agency_name": agency, "agency_id": aid, "admin_code": admin_code,
        "agency_level": agency_level(agency, site.get("level")), "year_source": year_source,
        "template": parsed.template, "title": parsed.title or doc.get("title"),
        "publish_date": parse_iso_date(parsed.publish_date), "publish_date_raw": parsed.publish_date_raw,
        "period_start": parse_iso_date(parsed.period_start), "period_end": parse_iso_date(parsed.period_end),
        "source_url": doc["url"], "list_url": doc.get("parent_url"), "final_url": doc.get("final_url"),
        "attachment_urls": list(doc.get("attachment_urls") or []), "site": doc.get("site"),
        "cms_family": site.get("cms"), "host": urlsplit(doc["url"]).hostname,
        "site_id_code": meta.get("SiteIDCode"), "format": parsed.format, "raw_sha256": doc["sha256"],
        "clean_sha256": doc.get("clean_sha256"), "text_sha256": parsed.text_sha256,
        "fetched_at": _parse_ts(doc.get("fetched_at")), "http_status": _int_or_none(doc.get("status")),
        "encoding": meta.get("encoding"), "parser_version": parser_version, "parse_status": parsed.parse_status,
        "parse_errors": [{"stage": e.stage, "code": e.code, "message": e.message} for e in parsed.errors],
        "noise_tokens": list(noise), "chrome_removed": list(doc.get("chrome_removed") or []),
        "spam_suspect": bool(noise), "n_facts": len(table_facts), "n_checks_failed": len(failed),
        "sections": [{"no": s.no, "title_raw": s.title_raw, "text": s.text} for s in parsed.sections],
    }

    active, applications, review = [], [], []
    for f in table_facts:
        base = _provenance(f, rid, doc)
        base["template"] = parsed.template
        if f.table == "active":
            active.append({**base, "item": f.item, "content": f.content, "metric": f.metric,
                           "value": _decimal(f.value), "unit": f.unit})
        elif f.table == "applications":
            applications.append({**base, "row": f.row, "row_kind": f.row_kind, "column": f.column,
                                 "value": _int_value(f.value)})
        elif f.table == "review_litigation":
            review.append({**base, "proceeding": f.proceeding, "outcome": f.outcome,
                           "value": _int_value(f.value)})
    active.sort(key=lambda r: _nullable_key(r["item"], r["content"], r["metric"], r["cell_ref"]))
    applications.sort(key=lambda r: _nullable_key(r["row"], r["column"], r["row_kind"], r["cell_ref"]))
    review.sort(key=lambda r: _nullable_key(r["proceeding"], r["outcome"], r["cell_ref"]))

    narrative = []
    for n in parsed.narrative:
        is_list = isinstance(n.value, list)
        narrative.append({
            "report_id": rid, "section_no": n.section_no, "key": n.key,
            "value": None if is_list else _decimal(n.value),
            "value_list": [float(x) for x in n.value] if is_list else None, "unit": n.unit,
            "text_span": n.text_span, "char_offset": n.char_offset, "value_raw": n.text_span, "label_raw": n.key,
            "is_blank": n.value is None, "cell_ref": f"section {n.section_no} char {n.char_offset}", "notes": [],
            "source_url": doc["url"], "raw_sha256": doc["sha256"],
        })
    narrative.sort(key=lambda r: _nullable_key(r["section_no"], r["char_offset"], r["key"]))

    artifacts = [_artifact_row(doc, rid, "detail_html" if doc.get("role") == "detail" else "attachment")]
    if parent.get("url"):
        role = {"list_page": "list_page", "detail": "detail_html"}.get(parent.get("role") or "", "list_page")
        artifacts.append(_artifact_row(parent, rid, role))
    for att in doc.get("attachments") or []:
        artifacts.append(_artifact_row(att, rid, "attachment"))
    artifacts.sort(key=lambda r: _nullable_key(r["role"], r["url"]))

    out = {
        "report": [report], "fact_active": active, "fact_application": applications,
        "fact_review_litigation": review, "fact_narrative": narrative,
        "check_result": check_rows(parsed.checks, rid, doc, aid, parser_version), "artifact": artifacts,
    }
    for rows in out.values():
        for r in rows:
            r["report_year"] = year
    return out


def analyse(data: bytes, source: str) -> ParsedReport:
    """parse_bytes (which also extracts the narrative numbers and runs the report checks), never raising:
    any exception becomes a recorded ParseError with stage and reason, so one bad document never stops a run."""
    from transforms.model import ParseError
    from transforms.parse import parse_bytes

    try:
        return parse_bytes(data, source)
    except Exception as exc:  # noqa: BLE001 - the parser must not stop the pipeline
        return ParsedReport(source=source, parse_status="failed",
                            errors=[ParseError("parse", "parser_exception", f"{source}: {type(exc).__name__}: {exc}")])


def cross_year_checks(reports: list[ParsedReport]) -> list[tuple[ParsedReport, CheckResult]]:
    """Cross-year checks (X_*, …) over reports of one agency group, as (report the result is about, result).

    `transforms.checks.run_cross_year` names the later report of each pair in `source`.
    """
    from transforms.checks import run_cross_year

    by_source = {r.source: r for r in reports}
    out = []
    for item in run_cross_year(reports) or []:
        src = getattr(item, "source", None) or next(
            (c.get("source") for c in item.cells if isinstance(c, dict) and c.get("source")), None)
        if src in by_source:
            out.append((by_source[src], item))
    return out
