"""Checks across years of one agency: X_CARRY, X_ITEMS19, X_INFORCE, A_PUB_LE (2021 form), V_DUP.

Reports are grouped by a normalised agency name (NFKC, no spaces or bracketed notes; a name that is the
unique tail of a longer one, e.g. 七甲镇人民政府 / 龙口市七甲镇人民政府, joins it). Every result carries
`source` = the later report it is about, and a scope naming both years.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from transforms.checks.context import make
from transforms.checks.identities import TOL, cells_of
from transforms.checks.rules import Key, fact_index, rules, template_of
from transforms.model import CheckResult, Fact, ParsedReport

GENERIC = re.compile(r"(人民政府|政府)$")


def agency_key(name: str | None) -> str:
    """A comparable agency name: NFKC, no whitespace, no bracketed notes, no trailing punctuation."""
    if not name:
        return ""
    s = unicodedata.normalize("NFKC", name)
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】", "", s)
    return s.strip("-_·.,:;")


def group_by_agency(reports: Iterable[ParsedReport]) -> dict[str, list[ParsedReport]]:
    """Reports per agency; a short name joins the unique longer name that ends with it."""
    groups: dict[str, list[ParsedReport]] = defaultdict(list)
    for r in reports:
        k = agency_key(r.agency)
        if k:
            groups[k].append(r)
    keys = sorted(groups, key=len)
    for short in keys:
        core = GENERIC.sub("", short)
        if len(core) < 2:
            continue
        longer = [k for k in groups if k != short and len(k) > len(short) and k.endswith(short)]
        if len(longer) == 1:
            groups[longer[0]].extend(groups.pop(short))
    return dict(groups)


def _by_year(reps: list[ParsedReport]) -> dict[int, ParsedReport]:
    out: dict[int, ParsedReport] = {}
    for r in reps:
        if r.year is not None and r.year not in out:
            out[r.year] = r
    return out


def _pair_cells(keys: list[tuple[Key, dict[Key, Fact], int]]) -> list[dict]:
    out = []
    for k, idx, year in keys:
        for c in cells_of([k], idx):
            c["code"] = f"{year}:{c['code']}"
            out.append(c)
    return out


def _compare(code: str, src: str, scope: str, lhs_terms: list[tuple[Key, dict[Key, Fact], int, int]],
             rhs_terms: list[tuple[Key, dict[Key, Fact], int, int]], zh: str, en: str) -> CheckResult:
    """Σ sign·value over (key, index, year, sign) terms on each side; blank or missing -> na."""
    def side(terms):
        tot = 0.0
        for k, idx, _y, sign in terms:
            f = idx.get(k)
            if f is None or f.value is None:
                return None
            tot += sign * float(f.value)
        return tot

    lhs, rhs = side(lhs_terms), side(rhs_terms)
    cells = _pair_cells([(k, idx, y) for k, idx, y, _ in lhs_terms + rhs_terms])
    if lhs is None or rhs is None:
        return make(code, "na", scope, f"{zh}：有空白或缺失的格子，无法核对。", f"{en}: blank or missing cells.",
                    lhs=lhs, rhs=rhs)
    ok = abs(lhs - rhs) <= TOL
    return make(code, "pass" if ok else "fail", scope,
                f"{zh}：{lhs:g} {'=' if ok else '≠'} {rhs:g}。", f"{en}: {lhs:g} {'=' if ok else '≠'} {rhs:g}.",
                lhs=lhs, rhs=rhs, delta=lhs - rhs, cells=[] if ok else cells, detail=src)


def _carry(prev: ParsedReport, cur: ParsedReport) -> list[CheckResult]:
    pi, ci = fact_index(prev.facts), fact_index(cur.facts)
    if not any(k[0] == "applications" for k in pi) or not any(k[0] == "applications" for k in ci):
        return []
    out = []
    for col in rules()["columns"]:
        r = _compare("X_CARRY", cur.source, f"{prev.year}->{cur.year} column {col}",
                     [(("applications", "2", col), ci, cur.year, 1)],
                     [(("applications", "4", col), pi, prev.year, 1)],  # type: ignore[list-item]
                     f"{cur.year}年“上年结转”应等于{prev.year}年“结转下年度”（{col}）",
                     f"{cur.year} row 2 (carried over) must equal {prev.year} row 4 (carried forward), {col}")
        r.source = cur.source
        out.append(r)
    return out


def _items19(prev: ParsedReport, cur: ParsedReport) -> list[CheckResult]:
    if template_of(prev) != "2019" or template_of(cur) != "2019":
        return []
    pi, ci = fact_index(prev.facts), fact_index(cur.facts)
    out = []
    for item, contents in rules()["active"]["2019"].items():
        for content, metrics in contents.items():
            if "prior_items" not in metrics or "change" not in metrics:
                continue
            r = _compare("X_ITEMS19", cur.source, f"{prev.year}->{cur.year} {item} {content}",
                         [(("active", item, content, "prior_items"), ci, cur.year, 1)],  # type: ignore[list-item]
                         [(("active", item, content, "prior_items"), pi, prev.year, 1),
                          (("active", item, content, "change"), pi, prev.year, 1)],
                         f"{cur.year}年{item} {content}“上一年项目数量”应等于{prev.year}年项目数加增减",
                         f"{cur.year} prior_items of {item} {content} must equal {prev.year} prior_items + change")
            r.source = cur.source
            out.append(r)
    return out


def _inforce(prev: ParsedReport, cur: ParsedReport) -> list[CheckResult]:
    if template_of(cur) != "2021" or template_of(prev) != "2021":
        return []
    pi, ci = fact_index(prev.facts), fact_index(cur.facts)
    out = []
    for content in ("regulation", "normative_document"):
        def k(m: str, c: str = content) -> Key:
            return ("active", "20.1", c, m)
        r = _compare("X_INFORCE", cur.source, f"{prev.year}->{cur.year} 20.1 {content}",
                     [(k("in_force"), ci, cur.year, 1)],  # type: ignore[list-item]
                     [(k("in_force"), pi, prev.year, 1), (k("issued"), ci, cur.year, 1),
                      (k("repealed"), ci, cur.year, -1)],
                     f"{cur.year}年{content}现行有效件数应约等于{prev.year}年现行有效件数+本年制发−本年废止（修订可致差异）",
                     f"{cur.year} in_force of {content} should equal {prev.year} in_force + issued − repealed "
                     f"(amendments may explain a difference)")
        r.source = cur.source
        out.append(r)
        pub = _compare("A_PUB_LE", cur.source, f"{prev.year}->{cur.year} 20.1 {content}",
                       [(k("repealed"), ci, cur.year, 1)],  # type: ignore[list-item]
                       [(k("in_force"), pi, prev.year, 1), (k("issued"), ci, cur.year, 1)],
                       f"{cur.year}年{content}废止件数不应超过{prev.year}年现行有效件数加本年制发件数",
                       f"{cur.year} repealed {content} must not exceed {prev.year} in_force + issued")
        if pub.status == "fail" and pub.lhs is not None and pub.rhs is not None and pub.lhs <= pub.rhs:
            pub.status = "pass"  # an inequality: fewer repealed than available is fine
            pub.cells = []
            pub.message_zh = pub.message_zh.replace("≠", "≤")
            pub.message_en = pub.message_en.replace("≠", "<=")
        pub.source = cur.source
        out.append(pub)
    return out


def _fingerprint(r: ParsedReport) -> tuple[tuple, int]:
    vals = tuple(sorted((f.key, repr(f.value)) for f in r.facts))  # repr: None and numbers mix
    nonzero = sum(1 for f in r.facts if f.value not in (None, 0))
    return vals, nonzero


def _dups(reps: list[ParsedReport]) -> list[CheckResult]:
    out = []
    reps = sorted((r for r in reps if r.year is not None), key=lambda r: r.year)  # type: ignore[arg-type, return-value]
    for i, cur in enumerate(reps):
        prior = [p for p in reps[:i] if p.year != cur.year]
        hit = None
        for p in prior:
            if cur.text_sha256 and cur.text_sha256 == p.text_sha256:
                hit = (p, "text")
                break
            fc, nc = _fingerprint(cur)
            fp, _ = _fingerprint(p)
            if fc and fc == fp and nc >= 5:
                hit = (p, "tables")
                break
        if hit:
            p, what = hit
            what_zh = "全文" if what == "text" else "全部表格数据"
            r = make("V_DUP", "fail", f"{p.year}->{cur.year}",
                     f"{cur.year}年度报告的{what_zh}与{p.year}年度报告完全相同，疑似重复发布旧报告。",
                     f"The {cur.year} report's {'text is' if what == 'text' else 'tables are'} identical to the {p.year} report: likely a republished "
                     f"old report.", detail=f"{p.source} | {cur.source}")
        elif prior:
            r = make("V_DUP", "pass", f"{prior[-1].year}->{cur.year}", f"{cur.year}年度报告与往年报告不同。",
                     f"The {cur.year} report differs from earlier years.")
        else:
            continue
        r.source = cur.source
        out.append(r)
    return out


def cross_year(reports: list[ParsedReport]) -> list[CheckResult]:
    out: list[CheckResult] = []
    for _agency, reps in sorted(group_by_agency(reports).items()):
        years = _by_year(reps)
        for y in sorted(years):
            prev = years.get(y - 1)
            if prev is None:
                continue
            cur = years[y]
            out += _carry(prev, cur) + _items19(prev, cur) + _inforce(prev, cur)
        out += _dups(reps)
    return out
