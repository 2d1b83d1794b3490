"""Build a ParsedReport from a fixture truth file, to exercise the row builders independently of the parser."""

from __future__ import annotations

import json
from pathlib import Path

from transforms.model import CheckResult, Fact, NarrativeFact, ParsedReport


def parsed_from_truth(path: Path, source: str) -> ParsedReport:
    truth = json.loads(path.read_text(encoding="utf-8"))
    facts: list[Fact] = []
    for i, a in enumerate(truth.get("active", [])):
        facts.append(Fact(table="active", value=a["value"], raw=str(a["value"]), unit=a.get("unit"),
                          item=a["item"], content=a["content"], metric=a["metric"], cell_ref=f"active {i}"))
    for row, values in truth.get("applications", {}).items():
        for col, v in zip(truth["columns"], values, strict=True):
            facts.append(Fact(table="applications", value=v, raw="" if v is None else str(v), row=row, column=col,
                              label_raw=row, cell_ref=f"applications {row} {col}"))
    for key, v in truth.get("review_litigation", {}).items():
        proceeding, outcome = key.split(".")
        facts.append(Fact(table="review_litigation", value=v, raw=str(v), proceeding=proceeding, outcome=outcome,
                          cell_ref=f"review {key}"))
    narrative = [NarrativeFact(section_no=1, key=k, value=v, unit=None, text_span=str(v), char_offset=i)
                 for i, (k, v) in enumerate(truth.get("narrative", {}).items())]
    period = truth.get("period") or [None, None]
    return ParsedReport(source=source, format="text", agency=truth.get("agency"), year=truth.get("year"),
                        template=truth.get("template", "unknown"), publish_date=truth.get("published"),
                        period_start=period[0], period_end=period[1], facts=facts, narrative=narrative,
                        checks=[CheckResult(code="T3_BALANCE", status="pass", severity="warn", scope="total",
                                            lhs=1, rhs=1, delta=0)])
