"""The pinned Parquet schemas of report-format.md §9, in one place.

Every writer casts to these schemas, every reader can pass them to `pyarrow.dataset`, and
`docs/data-dictionary.md` is generated from them (`python -m pipeline.datadict`), so a column added or
retyped anywhere else is a schema break that the ERROR asset checks report.

`report_year` is the hive partition key: it lives in the directory name (`report_year=2020/`), not inside the
files; `TABLES[name]` is the schema of the data files and `dataset_schema(name)` adds the partition column.
Field descriptions live in the schema metadata (`doc`) so the dictionary never drifts from the code.
"""

from __future__ import annotations

import pyarrow as pa

PARTITION_COLUMN = "report_year"
SCHEMA_VERSION = "1"

DECIMAL = pa.decimal128(18, 4)


def _f(name: str, typ: pa.DataType, doc: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, typ, nullable=nullable, metadata={"doc": doc})


# Provenance columns carried by every fact row, so a value can be traced to its raw bytes without a join.
def _provenance() -> list[pa.Field]:
    return [
        _f("value_raw", pa.string(), "the cell text exactly as printed (never discarded)"),
        _f("label_raw", pa.string(), "the row/column label as printed next to the value"),
        _f("is_blank", pa.bool_(), "true when the cell was blank or a dash/slash/无 (value is null)", False),
        _f("cell_ref", pa.string(), "where in the document: table/row/column or page/line"),
        _f("notes", pa.list_(pa.string()), "normalizations applied, e.g. spam_token_removed:球迷网"),
        _f("source_url", pa.string(), "URL of the document the fact was read from"),
        _f("raw_sha256", pa.string(), "sha256 of the raw archived bytes (`gongkai blob <sha256>` writes them; see artifact.storage_path)"),
    ]


SECTION = pa.struct([("no", pa.int8()), ("title_raw", pa.string()), ("text", pa.string())])
PARSE_ERROR = pa.struct([("stage", pa.string()), ("code", pa.string()), ("message", pa.string())])

TABLES: dict[str, pa.Schema] = {
    "report": pa.schema([
        _f("report_id", pa.string(), "sha256(canonical source URL + raw sha256)[:16]; one row per report version",
           False),
        _f("agency_name", pa.string(), "agency name as printed (signature or title)"),
        _f("agency_id", pa.string(), "normalized agency id (NFKC, no spaces); cross-year checks key on it"),
        _f("admin_code", pa.string(), "6-digit 行政区划代码 from SiteIDCode or the site registry"),
        _f("agency_level", pa.string(), "province/city/county/township/department/other"),
        _f("year_source", pa.string(), "where report_year came from: parser/list_page/publish_date/fetched_at"),
        _f("template", pa.string(), "detected template: pre2019/2019/2021/unknown"),
        _f("title", pa.string(), "report title"),
        _f("publish_date", pa.date32(), "publication date (parsed)"),
        _f("publish_date_raw", pa.string(), "publication date as printed"),
        _f("period_start", pa.date32(), "statistics period start"),
        _f("period_end", pa.date32(), "statistics period end"),
        _f("source_url", pa.string(), "canonical URL of the report document (detail page or attachment)"),
        _f("list_url", pa.string(), "list page (or detail page, for an attachment) that linked to it"),
        _f("final_url", pa.string(), "URL after redirects"),
        _f("attachment_urls", pa.list_(pa.string()), "attachments linked from the detail page"),
        _f("site", pa.string(), "site id of the registry (scrapers/sites/*.yaml)"),
        _f("cms_family", pa.string(), "CMS family of the portal (hanweb, trs, ...)"),
        _f("host", pa.string(), "host name of source_url"),
        _f("site_id_code", pa.string(), "SiteIDCode meta tag of the portal"),
        _f("format", pa.string(), "html/pdf/doc/docx/wps/xls/text/markdown/image"),
        _f("raw_sha256", pa.string(), "sha256 of the raw bytes, archived before parsing", False),
        _f("clean_sha256", pa.string(), "sha256 of the chrome-stripped HTML the parser read, when cleaned"),
        _f("text_sha256", pa.string(), "sha256 of the extracted text"),
        _f("fetched_at", pa.timestamp("ms", tz="UTC"), "when the raw bytes were fetched (from the archive)"),
        _f("http_status", pa.int16(), "HTTP status of the fetch"),
        _f("encoding", pa.string(), "declared or detected encoding"),
        _f("parser_version", pa.string(), "hash of the transforms code and rules that produced this row"),
        _f("parse_status", pa.string(), "ok/partial/failed"),
        _f("parse_errors", pa.list_(PARSE_ERROR), "recorded problems: stage, code, message"),
        _f("noise_tokens", pa.list_(pa.string()), "injected spam tokens found (and removed) in the page"),
        _f("chrome_removed", pa.list_(pa.string()), "page chrome stripped before parsing"),
        _f("spam_suspect", pa.bool_(), "true when noise tokens were found"),
        _f("n_facts", pa.int32(), "number of table facts of the report (rows in fact_active, fact_application, "
                                   "fact_review_litigation, derived rows included)"),
        _f("n_checks_failed", pa.int32(), "number of failed report-internal checks"),
        _f("sections", pa.list_(SECTION), "sections 一..六 after de-duplication"),
    ]),
    "fact_active": pa.schema([
        _f("report_id", pa.string(), "report this fact belongs to", False),
        _f("template", pa.string(), "template of the report"),
        _f("item", pa.string(), "条例 article item: 20.1/20.5/20.6/20.8/20.9"),
        _f("content", pa.string(), "regulation, normative_document, licensing, other_service, penalty, "
                                   "enforcement, fee, procurement (+ local extras)"),
        _f("metric", pa.string(), "made, published, public_total, prior_items, change, decisions, "
                                  "procurement_items, procurement_amount, issued, repealed, in_force, fee_amount"),
        _f("value", DECIMAL, "numeric value; null when blank or unreadable"),
        _f("unit", pa.string(), "count/wan_yuan/yuan/null (never guessed)"),
        *_provenance(),
    ]),
    "fact_application": pa.schema([
        _f("report_id", pa.string(), "report this fact belongs to", False),
        _f("template", pa.string(), "template of the report"),
        _f("row", pa.string(), "row code: 1, 2, 3.1 … 3.5.5, 3.6 or 3.6.1–3.6.3, 3.7, 4"),
        _f("row_kind", pa.string(), "template/group_printed/derived (3.6 = Σ3.6.x for 2021 reports)"),
        _f("column", pa.string(), "natural_person, commercial_enterprise, research_institution, "
                                  "public_interest_org, legal_service_org, other_org, total"),
        _f("value", pa.int64(), "count; null when blank"),
        *_provenance(),
    ]),
    "fact_review_litigation": pa.schema([
        _f("report_id", pa.string(), "report this fact belongs to", False),
        _f("template", pa.string(), "template of the report"),
        _f("proceeding", pa.string(), "review/litigation_direct/litigation_after_review"),
        _f("outcome", pa.string(), "upheld/corrected/other/pending/total"),
        _f("value", pa.int64(), "count; null when blank"),
        *_provenance(),
    ]),
    "fact_narrative": pa.schema([
        _f("report_id", pa.string(), "report this fact belongs to", False),
        _f("section_no", pa.int8(), "section 1..6 the sentence is in"),
        _f("key", pa.string(), "applications_received, info_published_proactively, …"),
        _f("value", DECIMAL, "the number stated in the prose (scalar keys)"),
        _f("value_list", pa.list_(pa.float64()), "the numbers of an enumeration (list keys)"),
        _f("unit", pa.string(), "unit stated with the number"),
        _f("text_span", pa.string(), "the sentence fragment the number was read from"),
        _f("char_offset", pa.int32(), "offset of text_span in the section text"),
        *_provenance(),
    ]),
    "check_result": pa.schema([
        _f("report_id", pa.string(), "report checked", False),
        _f("agency_id", pa.string(), "agency of the report (cross-year checks key on agency_id + year)"),
        _f("check_code", pa.string(), "rule code of report-format.md §7 (T3_BALANCE, X_CARRY, …)"),
        _f("scope", pa.string(), "column/proceeding/content the rule was evaluated on"),
        _f("lhs", pa.float64(), "left-hand side"),
        _f("rhs", pa.float64(), "right-hand side"),
        _f("delta", pa.float64(), "lhs - rhs"),
        _f("status", pa.string(), "pass/fail/na/assumed_zero"),
        _f("severity", pa.string(), "error/warn/info"),
        _f("detail", pa.string(), "human-readable detail"),
        _f("message_zh", pa.string(), "message in Chinese"),
        _f("message_en", pa.string(), "message in English"),
        _f("cells", pa.string(), "JSON list of the cells involved (codes and cell_refs)"),
        _f("cross_year", pa.bool_(), "true for X_* checks comparing with another year", False),
        _f("ruleset_version", pa.string(), "version of the rules (the transforms code hash)"),
        _f("source_url", pa.string(), "URL of the report document"),
        _f("raw_sha256", pa.string(), "sha256 of the raw bytes"),
    ]),
    "artifact": pa.schema([
        _f("artifact_id", pa.string(), "sha256(url + sha256)[:16]", False),
        _f("report_id", pa.string(), "report the artifact belongs to", False),
        _f("role", pa.string(), "list_page/detail_html/attachment"),
        _f("url", pa.string(), "URL requested"),
        _f("final_url", pa.string(), "URL after redirects"),
        _f("sha256", pa.string(), "sha256 of the raw bytes"),
        _f("clean_sha256", pa.string(), "sha256 of the cleaned HTML derived from it, if any"),
        _f("bytes", pa.int64(), "size of the raw bytes"),
        _f("mime", pa.string(), "Content-Type"),
        _f("filename", pa.string(), "server file name (metadata, never a path)"),
        _f("storage_path", pa.string(), "address of the raw bytes in the archive: the loose file raw/<sha[:2]>/<sha>, "
           "or, for blobs a crawl packed, a record in raw/pack/*.pack; `gongkai blob <sha256> --archive DIR` "
           "(or scrapers.archive.read_blob) reads either"),
        _f("fetched_at", pa.timestamp("ms", tz="UTC"), "fetch time (from the archive manifest)"),
        _f("http_status", pa.int16(), "HTTP status"),
        _f("headers", pa.string(), "response headers as JSON"),
        _f("fault", pa.string(), "fault recorded by the crawler (truncated, challenge, …), if any"),
    ]),
}

TABLE_DOCS: dict[str, str] = {
    "report": "one row per report version (a document: detail page or attachment)",
    "fact_active": "table 二 主动公开政府信息情况: item × content × metric",
    "fact_application": "table 三 收到和处理政府信息公开申请情况: row × 7 applicant columns",
    "fact_review_litigation": "table 四 行政复议、行政诉讼: 3 proceedings × 5 outcomes",
    "fact_narrative": "numbers stated in the prose (收到申请N件 …)",
    "check_result": "reconciliation checks of report-format.md §7, one row per rule × scope (the §9 `run_at` "
                    "column is not stored: the run time is in Dagster's run metadata, so rebuilt files stay "
                    "byte-identical)",
    "artifact": "the raw archived files behind each report (detail page, attachment, list page)",
}

# Deterministic row order inside a partition: rows are written in this key order, so that a rerun over an
# unchanged archive writes byte-identical files.
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "report": ("report_id",),
    "fact_active": ("report_id", "item", "content", "metric", "cell_ref"),
    "fact_application": ("report_id", "row", "column", "row_kind", "cell_ref"),
    "fact_review_litigation": ("report_id", "proceeding", "outcome", "cell_ref"),
    "fact_narrative": ("report_id", "section_no", "char_offset", "key"),
    "check_result": ("report_id", "check_code", "scope", "status"),
    "artifact": ("report_id", "role", "url"),
}

FACT_TABLES = ("fact_active", "fact_application", "fact_review_litigation", "fact_narrative")
REPORT_TABLES = ("report", *FACT_TABLES, "artifact")


def dataset_schema(name: str) -> pa.Schema:
    """File schema plus the hive partition column, for `pyarrow.dataset.dataset(..., schema=...)`."""
    return TABLES[name].append(_f(PARTITION_COLUMN, pa.int16(), "report year (hive partition key)", False))
