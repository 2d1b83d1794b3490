"""Load `rules.yaml` and expand its identities into concrete instances for one report.

Why data: the same identity list drives the per-report checks, the diagnosis (which re-evaluates instances on
hypothetical corrections) and the mutation benchmark, and a reviewer can read the rules without reading code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from transforms.model import Fact, ParsedReport

Key = tuple[str, ...]
RULES_PATH = Path(__file__).with_name("rules.yaml")


# PyYAML's libyaml loader when the wheel has it: the same data, ~5x faster to load, and the load is paid by the
# first report a process checks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    with RULES_PATH.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)  # noqa: S506 - a safe loader


def ruleset_version() -> str:
    return str(rules()["ruleset_version"])


_SEVERITY: dict[str, str] = {}


def severity(code: str) -> str:
    """Severity of a check code; memoized per code because every CheckResult asks for it."""
    sev = _SEVERITY.get(code)
    if sev is None:
        sev = _SEVERITY[code] = str(rules()["severity"].get(code, "warn"))
    return sev


def app_key(row: str, column: str) -> Key:
    cols = key_table()["applications"].get(row)
    entry = cols.get(column) if cols else None
    return entry[0] if entry else ("applications", row, column)


def rl_key(proceeding: str, outcome: str) -> Key:
    outs = key_table()["review_litigation"].get(proceeding)
    entry = outs.get(outcome) if outs else None
    return entry[0] if entry else ("review_litigation", proceeding, outcome)


@lru_cache(maxsize=1)
def key_table() -> dict[str, dict[str, dict[str, tuple[Key, int]]]]:
    """One shared key tuple and slot number per cell of tables 三 (every template and group row) and 四:
    table -> row or proceeding -> column or outcome -> (key, slot). Slots number the cells 0..n-1.

    Why: the checks index a report's facts by these keys and look the identities' cells up. With one shared
    tuple per cell a dict lookup is an identity hit (a fresh tuple per fact compared the parser's strings),
    and with its slot the fact loop drops each value straight into a list the identities read by position
    (identities.evaluate_plan), with no lookups at all.
    """
    rs = rules()
    rows = dict.fromkeys(r for tpl in rs["rows"].values() for r in tpl)
    rows.update(dict.fromkeys(g for tpl in rs["groups"].values() for g in tpl))
    cells = [("applications", r, c) for r in rows for c in rs["columns"]]
    cells += [("review_litigation", p, o) for p in rs["proceedings"] for o in rs["outcomes"]]
    out: dict[str, dict[str, dict[str, tuple[Key, int]]]] = {}
    for slot, key in enumerate(cells):
        out.setdefault(key[0], {}).setdefault(key[1], {})[key[2]] = (key, slot)
    return out


@lru_cache(maxsize=1)
def key_slots() -> dict[Key, int]:
    """Slot of every key of `key_table`; the slot list of a report has one more place, a 0 (see Plan)."""
    return {key: slot for t in key_table().values() for by in t.values() for key, slot in by.values()}


def cell_code(key: Key) -> str:
    """Human/UI code of a cell: `3.7/legal_service_org`, `review/total`, `20.1/regulation/published`."""
    return "/".join(key[1:])


def label(key: Key, lang: str) -> str:
    """Printed-style label of a cell, e.g. （七）总计·法律服务机构 / 3.7 total of results · legal service …"""
    lab = rules()["labels"]
    if key[0] == "applications":
        r = lab["rows"].get(key[1], {}).get(lang, key[1])
        c = lab["columns"].get(key[2], {}).get(lang, key[2])
        return f"{r}·{c}" if lang == "zh" else f"{r} / {c}"
    if key[0] == "review_litigation":
        p = lab["proceedings"].get(key[1], {}).get(lang, key[1])
        o = lab["outcomes"].get(key[2], {}).get(lang, key[2])
        return f"{p}·{o}" if lang == "zh" else f"{p} / {o}"
    return "/".join(key[1:])


def template_of(report: ParsedReport) -> str:
    """The report's template, or one inferred from its rows when the parser left it unknown."""
    if report.template in ("2019", "2021", "pre2019"):
        return report.template
    rows = {f.row for f in report.facts if f.table == "applications"}
    if rows & {"3.6.1", "3.6.2", "3.6.3"}:
        return "2021"
    if "3.6" in rows:
        return "2019"
    if report.year is not None:
        return "2019" if report.year <= 2020 else "2021" if report.year >= 2021 else "pre2019"
    return "unknown"


def template_rows(template: str) -> list[str]:
    return list(rules()["rows"].get(template, []))


def result_rows(template: str) -> list[str]:
    return [r for r in template_rows(template) if r.startswith("3.") and r != "3.7"]


@dataclass(frozen=True, slots=True)
class Identity:
    """One concrete instance of a sum identity: Σ values(lhs) = Σ values(rhs)."""

    code: str
    scope: str
    lhs: tuple[Key, ...]
    rhs: tuple[Key, ...]
    zh: str
    en: str

    @property
    def keys(self) -> tuple[Key, ...]:
        return self.lhs + self.rhs


def _expand(spec: Any, template: str) -> list[str]:
    if spec == "@results":
        return result_rows(template)
    if spec == "@applicant_columns":
        return list(rules()["applicant_columns"])
    return [str(s) for s in spec]


def printed_of(template: str, group_rows: Iterable[str]) -> tuple[str, ...]:
    """The template's group rows among `group_rows`, in template order: with the template, the cache key
    of its identity instances (a report can only print the few group rows its template has)."""
    rows = set(group_rows)
    return tuple(g for g in rules()["groups"].get(template, []) if g in rows)


def compile_identities(template: str, group_rows: Iterable[str] = ()) -> list[Identity]:
    """Every identity instance of a template; `group_rows` are the group rows the report printed."""
    return list(compiled_identities(template, printed_of(template, group_rows)))


@lru_cache(maxsize=64)
def compiled_identities(template: str, printed: tuple[str, ...]) -> tuple[Identity, ...]:
    """The instances for a template and its printed group rows, expanded once and shared by every report:
    expansion is the same for every report of a template, so doing it per report was pure overhead."""
    rs = rules()
    if template not in rs["rows"]:
        return ()
    out: list[Identity] = []
    rows = template_rows(template)
    for ident in rs["identities"]:
        code, over, zh, en = ident["code"], ident["over"], ident["zh"], ident["en"]
        if over == "columns":
            lhs, rhs = _expand(ident["lhs"], template), _expand(ident["rhs"], template)
            for col in rs["columns"]:
                out.append(Identity(code, f"column {col}", tuple(app_key(r, col) for r in lhs),
                                    tuple(app_key(r, col) for r in rhs), zh, en))
        elif over == "rows":
            lhs, rhs = _expand(ident["lhs"], template), _expand(ident["rhs"], template)
            for row in rows:
                out.append(Identity(code, f"row {row}", tuple(app_key(row, c) for c in lhs),
                                    tuple(app_key(row, c) for c in rhs), zh, en))
        elif over == "groups":
            for g in printed:
                subs = [r for r in rows if r.startswith(g + ".")]
                for col in rs["columns"]:
                    out.append(Identity(code, f"group {g} column {col}", (app_key(g, col),),
                                        tuple(app_key(r, col) for r in subs), zh, en))
        elif over == "proceedings":
            for p in rs["proceedings"]:
                out.append(Identity(code, f"block {p}", tuple(rl_key(p, o) for o in ident["lhs"]),
                                    tuple(rl_key(p, o) for o in ident["rhs"]), zh, en))
        else:  # pragma: no cover - a typo in rules.yaml
            raise ValueError(f"rules.yaml: unknown 'over' {over!r} in {code}")
    return tuple(out)


def fact_index(facts: Iterable[Fact]) -> dict[Key, Fact]:
    """Facts by key. For table 三 the template row wins over a derived row of the same code."""
    out: dict[Key, Fact] = {}
    for f in facts:
        k = fact_key(f)
        if f.row_kind == "derived" and k in out:
            continue
        out[k] = f
    return out


def fact_key(f: Fact) -> Key:
    """`Fact.key`, inlined for the per-fact loops of the checks (a property call per fact was measurable)."""
    t = f.table
    if t == "applications":
        return ("applications", f.row or "", f.column or "")
    if t == "active":
        return ("active", f.item or "", f.content or "", f.metric or "")
    return ("review_litigation", f.proceeding or "", f.outcome or "")


def values_of(index: Mapping[Key, Fact]) -> dict[Key, float | int | None]:
    return {k: f.value for k, f in index.items()}


def printed_groups(facts: Iterable[Fact]) -> set[str]:
    return {f.row for f in facts if f.table == "applications" and f.row_kind == "group_printed" and f.row}
