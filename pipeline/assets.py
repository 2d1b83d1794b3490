"""The asset graph: crawled_pages → documents → parsed_reports → report tables (per year) → check_result.

Only wiring: crawling is `scrapers.crawl` (in a subprocess, via Dagster Pipes), parsing is
`transforms.facts.analyse`, row building is `transforms.facts.report_rows`, Parquet IO is `pipeline.io`.

State between assets lives under the storage root, not in Dagster's IO managers (assets return None), so a
year can be rebuilt from the parse cache without re-crawling, and a single run can cover many partitions
(BackfillPolicy.single_run). Work files under `<root>/_work/`:
    documents.jsonl                 the report documents found in the archive manifest (sorted by URL)
    parsed/<parser_version>/…       parse cache: one gzip pickle (document, ParsedReport) per document version
    parsed_index.parquet            report_id → report_year, cache path, status (what the yearly assets read)
"""

import hashlib
import json
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import pyarrow as pa
import pyarrow.compute  # noqa: F401 - pa.compute
from dagster import AssetExecutionContext

from pipeline.io import ParquetStore
from pipeline.partitions import report_years
from pipeline.resources import CrawlResource, ProgressResource, StorageResource, parser_version, site_registry
from pipeline.schemas import REPORT_TABLES, TABLES
from pipeline.spill import KeyedSpill, TableSpill
from scrapers.archive import has_blob, read_blob, read_manifest
from transforms.batching import batch_gc
from transforms.facts import (
    analyse_document,
    check_rows,
    cross_year_checks,
    report_agency_id,
    report_documents,
    report_rows,
    report_year,
)

DOCUMENTS = "_work/documents.jsonl"
INDEX = "_work/parsed_index.parquet"
INDEX_SCHEMA = pa.schema([
    ("report_id", pa.string()), ("report_year", pa.int32()), ("year_source", pa.string()),
    ("url", pa.string()), ("found_url", pa.string()), ("site", pa.string()), ("agency_id", pa.string()), ("template", pa.string()),
    ("parse_status", pa.string()), ("n_facts", pa.int32()), ("n_errors", pa.int32()),
    ("n_checks_failed", pa.int32()), ("cache", pa.string()),
])
# A report-internal inconsistency is a finding about the report (WARN); these prefixes are report checks.
REPORT_CHECK_PREFIXES = ("T", "A", "N", "V")
MAX_LISTED = 200  # failures listed in asset-check metadata (all of them are in the check_result table)


# --- crawl ----------------------------------------------------------------------------------------------------
@dg.asset(group_name="crawl", description="Crawl the configured portals into the raw archive "
          "(Scrapy in a subprocess via Dagster Pipes); stats as metadata.")
def crawled_pages(context: AssetExecutionContext, storage: StorageResource, crawl: CrawlResource,
                  pipes_subprocess_client: dg.PipesSubprocessClient) -> dg.MaterializeResult:
    archive = storage.archive_dir
    archive.mkdir(parents=True, exist_ok=True)
    per_site: dict[str, Any] = {}
    for site, base_url in crawl.parsed_targets():
        with tempfile.TemporaryDirectory() as tmp:
            stats_path = Path(tmp) / "stats.json"
            cmd = [crawl.python, "-m", "scrapers.crawl", "--archive", str(archive), "--site", site,
                   "--stats-json", str(stats_path), *crawl.extra_args]
            if base_url:
                cmd += ["--base-url", base_url]
            context.log.info(f"crawling {site} ({base_url or 'registry start URLs'})")
            started = time.monotonic()
            invocation = pipes_subprocess_client.run(command=cmd, context=context)
            stats: dict[str, Any] = {}
            for result in invocation.get_results():  # what the child reported through Pipes, if anything
                for key, value in (result.metadata or {}).items():
                    stats[key] = getattr(value, "value", value)
            if stats_path.exists():
                stats.update(json.loads(stats_path.read_text(encoding="utf-8")))
            stats["seconds"] = round(time.monotonic() - started, 2)
            per_site[site] = stats
            context.log.info(f"crawled {site}: {json.dumps(stats, ensure_ascii=False, default=str)[:500]}")
    rows = list(read_manifest(archive))
    roles = Counter(r.get("role") or "?" for r in rows)
    metadata: dict[str, Any] = {
        "archive": str(archive), "manifest_rows": len(rows), "urls": len({r.get("url") for r in rows}),
        "by_role": dg.MetadataValue.json(dict(sorted(roles.items()))),
        "faults": sum(1 for r in rows if r.get("fault")),
        "crawled_sites": dg.MetadataValue.json(per_site) if per_site else "none (archive used as is)",
    }
    for site, stats in per_site.items():  # headline figures per crawl, from the crawler's stats JSON
        totals = stats.get("totals") or {}
        metadata[f"{site}.pages_fetched"] = int(totals.get("pages_fetched", stats.get("pages_fetched", 0)) or 0)
        metadata[f"{site}.reports_found"] = int(totals.get("reports", stats.get("reports_found", 0)) or 0)
        metadata[f"{site}.faults"] = sum((stats.get("faults_by_kind") or {}).values())
        metadata[f"{site}.cache_hits"] = int(totals.get("cache_hits", stats.get("cache_hits", 0)) or 0)
        metadata[f"{site}.seconds"] = stats["seconds"]
    return dg.MaterializeResult(metadata=metadata)


# --- documents and parsing --------------------------------------------------------------------------------------
@dg.asset(group_name="parse", deps=[crawled_pages],
          description="The report documents in the raw archive: latest 200 fetch per detail page/attachment.")
def documents(context: AssetExecutionContext, storage: StorageResource) -> dg.MaterializeResult:
    docs = report_documents(read_manifest(storage.archive_dir))
    roles, sites = Counter(d.get("role") for d in docs), Counter(d.get("site") or "?" for d in docs)
    n = storage.store.write_lines(
        DOCUMENTS, (json.dumps(d, ensure_ascii=False, sort_keys=True, default=str) + "\n" for d in docs))
    context.log.info(f"{n} report documents in the archive")
    return dg.MaterializeResult(metadata={
        "documents": n, "by_role": dg.MetadataValue.json(dict(roles)),
        "by_site": dg.MetadataValue.json(dict(sites)), "peak_rss_mib": _peak_rss_mib()})


def _peak_rss_mib() -> int:
    """Peak RSS of this process so far (Linux ru_maxrss is KiB): shows which step sets the peak."""
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _count_documents(store: ParquetStore) -> int:
    return sum(1 for _ in store.read_lines(DOCUMENTS)) if store.exists(DOCUMENTS) else 0


def _load_documents(store: ParquetStore) -> Iterator[dict[str, Any]]:
    """Stream the inventory: one document in memory at a time."""
    if store.exists(DOCUMENTS):
        for line in store.read_lines(DOCUMENTS):
            if line.strip():
                yield json.loads(line)


def _cache_path(pv: str, doc: dict[str, Any]) -> str:
    """One cache entry per document version: its bytes, its cleaned page and its attachments' bytes."""
    parts = [doc["report_id"], doc.get("clean_sha256") or ""]
    parts += [f"{a['url']}={a.get('sha256')}/{a.get('clean_sha256') or ''}" for a in doc.get("attachments") or []]
    key = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"_work/parsed/{pv}/{key[:2]}/{key}.pkl.gz"


def _document_bytes(archive: Path, doc: dict[str, Any]) -> bytes:
    """The cleaned HTML when the crawler stored one (chrome and noise stripped), else the raw bytes."""
    clean = doc.get("clean_sha256")
    if clean and has_blob(archive, clean):
        return read_blob(archive, clean)
    return read_blob(archive, doc["sha256"])


@dg.asset(group_name="parse", deps=[documents],
          description="Parse every new report document (cached by document version and parser version).",
          check_specs=[dg.AssetCheckSpec("parse_failures", asset="parsed_reports", description="ERROR when a "
                                         "document could not be parsed at all (failed) or has no report year")])
def parsed_reports(context: AssetExecutionContext, storage: StorageResource,
                   progress: ProgressResource) -> dg.MaterializeResult:
    store, archive, pv = storage.store, storage.archive_dir, parser_version()
    registry = site_registry()
    n_docs = _count_documents(store)
    index: dict[str, list[Any]] = {name: [] for name in INDEX_SCHEMA.names}  # columns: compact at 100k+
    new = cached = 0
    statuses: Counter[str] = Counter()
    started = time.monotonic()
    with batch_gc():  # parsing is most of this loop; see transforms/batching.py
        for i, doc in enumerate(_load_documents(store), start=1):
            cache = _cache_path(pv, doc)
            if store.exists(cache):
                doc, parsed = store.read_pickle(cache)
                cached += 1
            else:
                doc, parsed = analyse_document(doc, lambda row: _document_bytes(archive, row))
                store.write_pickle(cache, (doc, parsed))
                new += 1
            year, year_source = report_year(parsed, doc)
            statuses[parsed.parse_status] += 1
            entry = {"report_id": doc["report_id"], "report_year": year, "year_source": year_source,
                     "url": doc["url"], "found_url": doc.get("report_page_url") or doc["url"],
                     "site": doc.get("site"), "agency_id": report_agency_id(parsed, registry.get(doc.get("site") or "")),
                     "template": parsed.template, "parse_status": parsed.parse_status,
                     "n_facts": len(parsed.facts), "n_errors": len(parsed.errors),
                     "n_checks_failed": sum(1 for c in parsed.checks if c.status == "fail"), "cache": cache}
            for name, value in entry.items():
                index[name].append(value)
            del doc, parsed
            progress.tick("parse", i, n_docs)
            if i % 1000 == 0:
                context.log.info(f"parsed {i}/{n_docs} documents ({new} new, {cached} cached), "
                                 f"{time.monotonic() - started:.1f} s")
    table = pa.Table.from_pydict(index, schema=INDEX_SCHEMA).sort_by("report_id")
    del index
    store.write_arrow(INDEX, table)
    years = Counter(table["report_year"].to_pylist())
    return dg.MaterializeResult(check_results=[_parse_failures(table)], metadata={
        "documents": table.num_rows, "parsed_new": new, "from_cache": cached, "parser_version": pv,
        "by_status": dg.MetadataValue.json(dict(statuses)),
        "by_year": dg.MetadataValue.json({str(k): v for k, v in sorted(years.items(), key=lambda kv: str(kv[0]))}),
        "facts": int(pa.compute.sum(table["n_facts"]).as_py() or 0),
        "seconds": round(time.monotonic() - started, 2), "peak_rss_mib": _peak_rss_mib(),
    })


def _parse_failures(table: pa.Table) -> dg.AssetCheckResult:
    cols = table.select(["url", "parse_status", "report_year"]).to_pylist()
    failed = [r for r in cols if r["parse_status"] == "failed"]
    no_year = [r for r in cols if r["report_year"] is None]
    bad = failed + no_year
    return dg.AssetCheckResult(
        check_name="parse_failures", passed=not bad, severity=dg.AssetCheckSeverity.ERROR,
        metadata={"failed": len(failed), "no_year": len(no_year), "documents": table.num_rows,
                  "examples": dg.MetadataValue.json([r["url"] for r in bad[:20]])})


def _read_index(store: ParquetStore) -> list[dict[str, Any]]:
    if not store.exists(INDEX):
        return []
    return store.read_arrow(INDEX).to_pylist()


def _year_entries(store: ParquetStore, year: int) -> list[dict[str, Any]]:
    """Index entries of one year (filtered in Arrow, so only that year becomes Python objects)."""
    if not store.exists(INDEX):
        return []
    table = store.read_arrow(INDEX)
    return table.filter(pa.compute.equal(table["report_year"], year)).to_pylist()


def _bundles(store: ParquetStore, entries: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], Any]]:
    for entry in entries:  # already sorted by report_id: the partition's row order
        yield store.read_pickle(entry["cache"])


# --- yearly tables ------------------------------------------------------------------------------------------------
TABLE_SPECS = [
    dg.AssetSpec(name, deps=[parsed_reports], group_name="tables", partitions_def=report_years,
                 description=f"Parquet table `{name}` (report-format.md §9), hive-partitioned by report_year")
    for name in REPORT_TABLES
]
TABLE_CHECKS = [dg.AssetCheckSpec("schema", asset=name, description="ERROR when the written partition does "
                                  "not have the pinned schema") for name in REPORT_TABLES]
TABLE_CHECKS.append(dg.AssetCheckSpec("parse_errors", asset="report", description="ERROR when a document of the "
                                      "partition could not be parsed (parse_status failed: which document, stage, "
                                      "why); partial parses with recorded problems are listed, not failed"))


def _schema_problems(store: ParquetStore, table: str, years: list[int]) -> list[str]:
    problems = []
    for year in years:
        got = store.partition_schema(table, year)
        if not got.remove_metadata().equals(TABLES[table].remove_metadata()):
            problems.append(f"{table} {year}: schema differs from the pinned schema")
    return problems


@dg.multi_asset(specs=TABLE_SPECS, check_specs=TABLE_CHECKS, backfill_policy=dg.BackfillPolicy.single_run(),
                name="report_tables")
def report_tables(context: AssetExecutionContext, storage: StorageResource,
                  progress: ProgressResource) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """One pass over each year's parsed reports writes all six tables of that year (a year replaced whole)."""
    store, pv, registry = storage.store, parser_version(), site_registry()
    counts: dict[str, dict[str, int]] = {t: {} for t in REPORT_TABLES}
    parse_errors: list[dict[str, Any]] = []
    written_years: list[int] = []
    for key in context.partition_keys:
        year = int(key)
        entries = _year_entries(store, year)
        if not entries:
            for table in REPORT_TABLES:
                store.delete_partition(table, year)
            continue
        written_years.append(year)
        buffers = _spill_rows(store, entries, pv, registry, parse_errors)
        for table in REPORT_TABLES:
            counts[table][key] = store.write_partition(table, year, buffers.rows(table))
        buffers.close()
        progress.tick(f"tables {key}", len(written_years), len(written_years))
        context.log.info(f"{key}: {counts['report'][key]} reports, "
                         + ", ".join(f"{t} {counts[t][key]}" for t in REPORT_TABLES[1:]))
    for table in REPORT_TABLES:
        yield dg.MaterializeResult(asset_key=table, metadata={
            "rows": sum(counts[table].values()), "peak_rss_mib": _peak_rss_mib(),
            "rows_by_year": dg.MetadataValue.json(counts[table]),
            "years_written": dg.MetadataValue.json(written_years)})
    for table in REPORT_TABLES:
        problems = _schema_problems(store, table, written_years)
        yield dg.AssetCheckResult(asset_key=table, check_name="schema", passed=not problems,
                                  severity=dg.AssetCheckSeverity.ERROR,
                                  metadata={"problems": dg.MetadataValue.json(problems)})
    yield dg.AssetCheckResult(
        asset_key="report", check_name="parse_errors", severity=dg.AssetCheckSeverity.ERROR,
        passed=not any(e["parse_status"] == "failed" for e in parse_errors),
        metadata={"reports_failed": len({e["report_id"] for e in parse_errors if e["parse_status"] == "failed"}),
                  "reports_with_problems": len({e["report_id"] for e in parse_errors}),
                  "errors": dg.MetadataValue.json(parse_errors[:MAX_LISTED])})


def _spill_rows(store: ParquetStore, entries: list[dict[str, Any]], pv: str, registry: dict[str, Any],
                parse_errors: list[dict[str, Any]]) -> TableSpill:
    spill = TableSpill()
    for doc, parsed in _bundles(store, entries):
        rows = report_rows(parsed, doc, parser_version=pv, site=registry.get(doc.get("site") or ""))
        for table in REPORT_TABLES:
            spill.add(table, rows[table])
        for err in rows["report"][0]["parse_errors"]:
            parse_errors.append({"report_id": doc["report_id"], "url": doc["url"],
                                 "parse_status": parsed.parse_status, **err})
            del parse_errors[MAX_LISTED * 10:]  # bounded: the full list is in the report table
    return spill


# --- checks -------------------------------------------------------------------------------------------------------
CHECK_SPECS = [
    dg.AssetCheckSpec("report_consistency", asset="check_result", description="WARN listing every failed "
                      "report-internal check (T*/A*/N*/V*): findings about the reports, not pipeline failures"),
    dg.AssetCheckSpec("cross_year_consistency", asset="check_result", description="WARN listing failed "
                      "cross-year checks (X_*: carry-over, items, in force)"),
    dg.AssetCheckSpec("schema", asset="check_result", description="ERROR when the written partition does not "
                      "have the pinned schema"),
]


@dg.multi_asset(
    specs=[dg.AssetSpec("check_result", deps=[dg.AssetKey(t) for t in REPORT_TABLES], group_name="checks",
                        partitions_def=report_years,
                        description="Reconciliation checks (report-format.md §7) per report, plus cross-year "
                                    "checks against the previous year of the same agency")],
    check_specs=CHECK_SPECS, backfill_policy=dg.BackfillPolicy.single_run(), name="check_results")
def check_results(context: AssetExecutionContext,
                  storage: StorageResource) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    store, pv = storage.store, parser_version()
    counts: dict[str, int] = {}
    failures: list[dict[str, Any]] = []
    cross_failures: list[dict[str, Any]] = []
    n_fail: Counter[str] = Counter()
    reports_failing: set[str] = set()
    written: list[int] = []
    for key in context.partition_keys:
        year = int(key)
        entries = _year_entries(store, year)
        if not entries:
            store.delete_partition("check_result", year)
            continue
        written.append(year)
        cross = _cross_year_rows(store, entries, _year_entries(store, year - 1), pv)

        def noted(rows: Iterator[dict[str, Any]], year: int = year) -> Iterator[dict[str, Any]]:
            for r in rows:  # stream to the writer, keeping only the failures for the asset checks
                if r["status"] == "fail":
                    item = {"year": year, "report_id": r["report_id"], "source_url": r["source_url"],
                            "check": r["check_code"], "scope": r["scope"], "lhs": r["lhs"], "rhs": r["rhs"],
                            "severity": r["severity"], "detail": r["detail"]}
                    if r["cross_year"]:
                        n_fail["cross"] += 1
                        if len(cross_failures) < MAX_LISTED:
                            cross_failures.append(item)
                    elif r["check_code"].startswith(REPORT_CHECK_PREFIXES):
                        n_fail["report"] += 1
                        reports_failing.add(r["report_id"])
                        if len(failures) < MAX_LISTED:
                            failures.append(item)
                yield r

        try:
            counts[key] = store.write_partition("check_result", year,
                                                noted(_year_check_rows(store, entries, cross, pv)))
        finally:
            cross.close()
    yield dg.MaterializeResult(asset_key="check_result", metadata={
        "rows": sum(counts.values()), "rows_by_year": dg.MetadataValue.json(counts), "peak_rss_mib": _peak_rss_mib(),
        "failed_report_checks": n_fail["report"], "failed_cross_year_checks": n_fail["cross"]})
    yield dg.AssetCheckResult(
        asset_key="check_result", check_name="report_consistency", passed=not n_fail["report"],
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"failed": n_fail["report"], "reports": len(reports_failing),
                  "failures": dg.MetadataValue.json(failures)})
    yield dg.AssetCheckResult(
        asset_key="check_result", check_name="cross_year_consistency", passed=not n_fail["cross"],
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"failed": n_fail["cross"], "failures": dg.MetadataValue.json(cross_failures)})
    problems = _schema_problems(store, "check_result", written)
    yield dg.AssetCheckResult(asset_key="check_result", check_name="schema", passed=not problems,
                              severity=dg.AssetCheckSeverity.ERROR,
                              metadata={"problems": dg.MetadataValue.json(problems)})


def _year_check_rows(store: ParquetStore, entries: list[dict[str, Any]],
                     cross: KeyedSpill, pv: str) -> Iterator[dict[str, Any]]:
    """Check rows of one year, in report_id order, streamed report by report."""
    by_id = {e["report_id"]: e for e in entries}
    for doc, parsed in _bundles(store, entries):
        rows = check_rows(parsed.checks, doc["report_id"], doc, by_id[doc["report_id"]]["agency_id"], pv)
        extra = cross.get(doc["report_id"])
        if extra:
            rows = rows + extra
            rows.sort(key=lambda r: (r["check_code"], r["scope"] or "", r["status"], r["detail"] or ""))
        yield from rows


def _cross_year_rows(store: ParquetStore, entries: list[dict[str, Any]], previous: list[dict[str, Any]],
                     pv: str) -> KeyedSpill:
    """X_* checks for this year's reports against the same agency's previous-year reports, agency by agency."""
    prev_by_agency: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in previous:
        if e["agency_id"]:
            prev_by_agency[e["agency_id"]].append(e)
    out = KeyedSpill()
    for agency, now in _group(entries).items():
        if agency is None or agency not in prev_by_agency:
            continue
        bundles = list(_bundles(store, now + prev_by_agency[agency]))
        docs = {id(parsed): doc for doc, parsed in bundles}
        this_year = {e["report_id"] for e in now}
        rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for parsed, result in cross_year_checks([p for _, p in bundles]):
            doc = docs.get(id(parsed))
            if doc and doc["report_id"] in this_year:
                rows[doc["report_id"]].extend(check_rows([result], doc["report_id"], doc, agency, pv))
        for report_id, found in rows.items():  # a report belongs to one agency: one put per report
            out.put(report_id, found)
    return out


def _group(entries: list[dict[str, Any]]) -> dict[str | None, list[dict[str, Any]]]:
    out: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for e in entries:
        out[e["agency_id"]].append(e)
    return out
