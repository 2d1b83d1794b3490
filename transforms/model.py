"""Data contracts shared by every stage: Document (extracted text + grids), ParsedReport, Fact, CheckResult.

Kept in one module so that `documents/` (bytes -> Document), the parser (Document -> ParsedReport), the checks
and the Parquet writer in `pipeline/` agree on one shape. Plain dataclasses: cheap to build, easy to serialise.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Format = Literal["html", "pdf", "docx", "doc", "wps", "xls", "xlsx", "text", "markdown", "image", "unknown"]
TemplateId = Literal["2019", "2021", "pre2019", "unknown"]


@dataclass(slots=True)
class Cell:
    """One cell of a table row or one piece of a text line.

    `span` marks a placeholder that a rowspan/colspan of another cell covers: it holds no value of its own,
    so table readers skip it instead of reading it as a blank value.
    """

    text: str
    span: bool = False


@dataclass(slots=True)
class Line:
    """A linearised unit of a document in reading order: a paragraph line (one cell) or a table row.

    `ref` says where it came from ("line 12", "table 2 row 5", "page 3 table 1 row 4") so every fact can point
    back to its raw cell.
    """

    cells: list[Cell]
    ref: str
    is_table_row: bool = False

    @property
    def text(self) -> str:
        cells = self.cells
        if len(cells) == 1:  # a paragraph line: no join needed
            return cells[0].text
        return "\t".join([c.text for c in cells])


@dataclass(slots=True)
class Document:
    """What an extractor makes of one file, whatever its format: lines in reading order plus page metadata.

    HTML, PDF, DOCX, DOC/WPS and spreadsheet extractors all produce this, so one set of table readers and
    templates serves every format.
    """

    source: str
    format: str
    lines: list[Line]
    meta: dict[str, str] = field(default_factory=dict)
    status: Literal["ok", "needs_ocr", "error"] = "ok"
    errors: list[ParseError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(slots=True)
class ParseError:
    """A clear, recorded problem: which document, which stage, why. Never an exception escaping a run."""

    stage: str
    code: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Fact:
    """One cell of table 二, 三 or 四, with the codes of report-format.md and its provenance.

    Which key fields are set depends on `table`: active -> item/content/metric; applications -> row/column;
    review_litigation -> proceeding/outcome. `value` is None for a blank cell ("/", "-", "无", empty);
    `raw` always keeps the text as printed.
    """

    table: Literal["active", "applications", "review_litigation"]
    value: int | float | None
    raw: str
    unit: str | None = None
    item: str | None = None
    content: str | None = None
    metric: str | None = None
    row: str | None = None
    column: str | None = None
    proceeding: str | None = None
    outcome: str | None = None
    row_kind: str = "template"
    label_raw: str = ""
    cell_ref: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def is_blank(self) -> bool:
        return self.value is None

    @property
    def key(self) -> tuple[str, ...]:
        if self.table == "active":
            return ("active", self.item or "", self.content or "", self.metric or "")
        if self.table == "applications":
            return ("applications", self.row or "", self.column or "")
        return ("review_litigation", self.proceeding or "", self.outcome or "")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"table": self.table}
        if self.table == "active":
            out.update(item=self.item, content=self.content, metric=self.metric)
        elif self.table == "applications":
            out.update(row=self.row, column=self.column, row_kind=self.row_kind)
        else:
            out.update(proceeding=self.proceeding, outcome=self.outcome)
        out.update(value=self.value, unit=self.unit, raw=self.raw, is_blank=self.is_blank,
                   label_raw=self.label_raw, cell_ref=self.cell_ref)
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@dataclass(slots=True)
class NarrativeFact:
    """A number stated in the prose (e.g. 收到申请N件), extracted so checks can compare prose and tables."""

    section_no: int
    key: str
    value: int | float | list[int] | None
    unit: str | None
    text_span: str
    char_offset: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Section:
    no: int
    title_raw: str
    text: str
    start: int = 0


@dataclass(slots=True)
class CheckResult:
    """Outcome of one reconciliation rule on one scope. A failure is a finding about the report."""

    code: str
    status: Literal["pass", "fail", "na", "assumed_zero"]
    severity: Literal["error", "warn", "info"]
    scope: str
    lhs: float | None = None
    rhs: float | None = None
    delta: float | None = None
    detail: str = ""
    message_zh: str = ""
    message_en: str = ""
    cells: list[dict[str, Any]] = field(default_factory=list)
    source: str | None = None  # cross-year results: the report (later year) the finding is attached to

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ParsedReport:
    """Everything the parser learned from one document; the input of facts tables and checks."""

    source: str
    format: str = "unknown"
    agency: str | None = None
    year: int | None = None
    template: str = "unknown"
    title: str | None = None
    publish_date: str | None = None
    publish_date_raw: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    sections: list[Section] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    narrative: list[NarrativeFact] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    text_sha256: str | None = None
    parse_status: Literal["ok", "partial", "failed"] = "ok"

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "agency": self.agency,
            "year": self.year,
            "template": self.template,
            "title": self.title,
            "publish_date": self.publish_date,
            "period": [self.period_start, self.period_end],
            "parse_status": self.parse_status,
            "sections": [{"no": s.no, "title_raw": s.title_raw, "chars": len(s.text)} for s in self.sections],
            "facts": [f.to_json() for f in self.facts],
            "narrative": [n.to_json() for n in self.narrative],
            "checks": [c.to_json() for c in self.checks],
            "errors": [e.to_json() for e in self.errors],
            "notes": list(self.notes),
        }
