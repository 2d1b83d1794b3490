"""Build ParsedReports from hand-checked truth JSON, so checks are tested independently of the parser.

Truth format (tests/fixtures/seeds/truth/*.json): `active` list, `applications` row -> 7 values in the order
of `columns`, `review_litigation` "proceeding.outcome" -> value, `template`, `year`, optional `narrative`.
Sections come from the fixture's text through the lead's `transforms.sections.split_sections` when it exists,
else a minimal heading splitter good enough for the fixtures.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from transforms.documents import extract
from transforms.model import Fact, NarrativeFact, ParsedReport, Section

FIX = Path(__file__).resolve().parents[2] / "fixtures"
SEED_TRUTH = FIX / "seeds" / "truth"
REAL_TRUTH = FIX / "realdata" / "truth"
CHECK_FIX = FIX / "checks"


def truth_files() -> list[Path]:
    return sorted(SEED_TRUTH.glob("*.json")) + sorted(REAL_TRUTH.glob("*.json"))


def source_of(truth_path: Path, truth: dict) -> Path:
    return truth_path.parent.parent / truth["file"]


HEAD = re.compile(r"^\s*[#*\s]*([一二三四五六])\s*[、.．]\s*(\S.*)$")


def minimal_sections(text: str) -> list[Section]:
    """Split at lines '一、…'..'六、…', keeping the first heading of each number (fixtures repeat some)."""
    nums = "一二三四五六"
    heads: list[tuple[int, int, str]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        m = HEAD.match(line)
        if m and len(line) < 80 and "\t" not in line and not re.search(r"结转|新收|\|", line):
            no = nums.index(m[1]) + 1
            if all(no > h[0] for h in heads):
                heads.append((no, offset, line.strip()))
        offset += len(line)
    out = []
    for i, (no, start, title) in enumerate(heads):
        end = heads[i + 1][1] if i + 1 < len(heads) else len(text)
        out.append(Section(no=no, title_raw=title, text=text[start:end], start=start))
    return out


def sections_of(path: Path) -> list[Section]:
    doc = extract(path.read_bytes(), str(path))
    try:
        from transforms.sections import split_sections  # the lead's splitter, once on main
    except ImportError:
        return minimal_sections(doc.text)
    return list(split_sections(doc.text))


def report_from_truth(truth: dict, source: str = "", sections: list[Section] | None = None) -> ParsedReport:
    facts: list[Fact] = []
    for i, a in enumerate(truth.get("active", [])):
        v = a["value"]
        facts.append(Fact("active", v, "" if v is None else str(v), unit=a.get("unit"), item=a["item"],
                          content=a["content"], metric=a["metric"], cell_ref=f"active {i}"))
    cols = truth.get("columns", [])
    for row, vals in truth.get("applications", {}).items():
        kind = "group_printed" if row in truth.get("group_rows", []) else "template"
        for col, v in zip(cols, vals, strict=True):
            facts.append(Fact("applications", v, "" if v is None else str(v), unit="count", row=row,
                              column=col, row_kind=kind, cell_ref=f"table 3 row {row} col {col}"))
    for key, v in truth.get("review_litigation", {}).items():
        p, o = key.split(".")
        facts.append(Fact("review_litigation", v, "" if v is None else str(v), unit="count", proceeding=p,
                          outcome=o, cell_ref=f"table 4 {key}"))
    narrative = []
    for key, v in (truth.get("narrative") or {}).items():
        narrative.append(NarrativeFact(1, key, v, "count", f"truth:{key}", 0))
    period = truth.get("period") or [None, None]
    return ParsedReport(source=source or truth.get("file", ""), format="text", agency=truth.get("agency"),
                        year=truth.get("year"), template=truth.get("template", "unknown"),
                        publish_date=truth.get("published"), period_start=period[0], period_end=period[1],
                        sections=sections or [], facts=facts, narrative=narrative,
                        text_sha256=truth.get("text_sha256"))


def load(path: Path, with_sections: bool = False) -> ParsedReport:
    truth = json.loads(path.read_text(encoding="utf-8"))
    secs = None
    if with_sections and (src := source_of(path, truth)).exists():
        secs = sections_of(src)
    return report_from_truth(truth, truth.get("file", path.name), secs)


def all_truth_reports(with_sections: bool = False) -> dict[str, ParsedReport]:
    return {p.stem: load(p, with_sections) for p in truth_files()}
