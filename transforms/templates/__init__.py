"""Templates as data: the 2019 and 2021 national formats, loaded once from YAML."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
TEMPLATE_IDS = ("2019", "2021")


@dataclass(frozen=True)
class Metric:
    code: str
    labels: tuple[str, ...]
    signed: bool = False
    amount: bool = False
    unit: str | None = "count"
    hints: tuple[str, ...] = ()


@dataclass(frozen=True)
class Content:
    code: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class ActiveItem:
    item: str
    heading: str
    metrics: tuple[Metric, ...]
    contents: tuple[Content, ...]
    plausible: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class AppRow:
    code: str
    labels: tuple[str, ...]
    group: bool = False


@dataclass(frozen=True)
class Template:
    id: str
    markers: tuple[str, ...]
    active: tuple[ActiveItem, ...]
    app_rows: tuple[AppRow, ...]
    columns: tuple[str, ...]
    proceedings: tuple[str, ...]
    outcomes: tuple[str, ...]
    content_index: dict[str, tuple[ActiveItem, Content]] = field(default_factory=dict, compare=False, hash=False)

    @property
    def data_rows(self) -> tuple[AppRow, ...]:
        return tuple(r for r in self.app_rows if not r.group)


def _metric(d: dict) -> Metric:
    unit = d.get("unit", "count")
    return Metric(code=d["code"], labels=tuple(d["labels"]), signed=bool(d.get("signed")),
                  amount=bool(d.get("amount")), unit=unit, hints=tuple(d.get("hints", ())))


@cache
def load_template(template_id: str) -> Template:
    raw = yaml.safe_load((HERE / f"{template_id}.yaml").read_text(encoding="utf-8"))
    items = tuple(
        ActiveItem(item=a["item"], heading=a["heading"], metrics=tuple(_metric(m) for m in a["metrics"]),
                   contents=tuple(Content(c["code"], tuple(c["labels"])) for c in a["contents"]),
                   plausible=tuple(tuple(p) for p in a.get("plausible", ())))
        for a in raw["active"])
    rows = tuple(AppRow(r["code"], tuple(r["labels"]), bool(r.get("group"))) for r in raw["applications"]["rows"])
    tpl = Template(id=str(raw["id"]), markers=tuple(raw["markers"]), active=items, app_rows=rows,
                   columns=tuple(raw["columns"]), proceedings=tuple(raw["review_litigation"]["proceedings"]),
                   outcomes=tuple(raw["review_litigation"]["outcomes"]))
    for it in items:
        for c in it.contents:
            tpl.content_index[c.code] = (it, c)
    return tpl


def flatten(text: str) -> str:
    """The text without any whitespace. str.split() splits on exactly the characters re's \\s matches in a
    str pattern (both use Py_UNICODE_ISSPACE), and is several times faster than re.sub on tab-separated rows."""
    return "".join(text.split())


def marker_score(text: str, template_id: str, flat: str | None = None) -> int:
    """How many of a template's distinctive header phrases occur in the text (spaces ignored).

    `flat` is flatten(text) when the caller already has it (detect_template scores both templates)."""
    if flat is None:
        flat = flatten(text)
    return sum(1 for m in load_template(template_id).markers if m in flat)
