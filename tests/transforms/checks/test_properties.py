"""Properties: checks never crash on odd input; valid tables raise no alarm; any single changed cell of an
identity is flagged (random arithmetically valid reports of transforms.synthetic, no rendering)."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.checks import run_checks, run_cross_year
from transforms.checks.rules import compile_identities
from transforms.model import Fact, NarrativeFact, ParsedReport, Section
from transforms.synthetic import random_report

from .helpers import fails, report_of

ROWS = ["1", "2", "3.1", "3.3", "3.3.1", "3.6", "3.6.2", "3.7", "4", "9.9"]
COLS = ["natural_person", "other_org", "total", "bogus"]
VALUES = st.one_of(st.none(), st.integers(-5, 10**9), st.floats(allow_nan=False, allow_infinity=False, width=32))


@st.composite
def odd_reports(draw):
    facts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.sampled_from(["applications", "review_litigation", "active"]))
        v = draw(VALUES)
        if kind == "applications":
            facts.append(Fact(kind, v, str(v), row=draw(st.sampled_from(ROWS)), column=draw(st.sampled_from(COLS)),
                              row_kind=draw(st.sampled_from(["template", "group_printed", "derived"])),
                              notes=draw(st.lists(st.sampled_from(["digit run split ambiguous", "x"]), max_size=1))))
        elif kind == "review_litigation":
            facts.append(Fact(kind, v, str(v), proceeding=draw(st.sampled_from(["review", "litigation_direct"])),
                              outcome=draw(st.sampled_from(["upheld", "pending", "total"]))))
        else:
            facts.append(Fact(kind, v, str(v), item="20.1", content="regulation",
                              metric=draw(st.sampled_from(["published", "public_total", "in_force", "issued"]))))
    return ParsedReport(source=draw(st.sampled_from(["a", "b"])), agency=draw(st.sampled_from([None, "甲镇人民政府", "乙局"])),
                        year=draw(st.one_of(st.none(), st.integers(2005, 2026))),
                        template=draw(st.sampled_from(["2019", "2021", "pre2019", "unknown"])),
                        publish_date=draw(st.sampled_from([None, "2021-02-30", "2021-01-15", "garbage"])),
                        sections=[Section(n, "", "没有收到政府信息公开申请。共收到申请3件。", 0)
                                  for n in draw(st.lists(st.integers(1, 6), max_size=7))],
                        narrative=draw(st.lists(st.builds(NarrativeFact, st.just(1), st.sampled_from(
                            ["applications_received", "results_other", "info_produced_total", "proactive_by_category"]),
                            st.one_of(st.integers(0, 50), st.lists(st.integers(0, 9), max_size=3)), st.just("count"),
                            st.just("t"), st.just(0)), max_size=3)),
                        facts=facts)


@settings(max_examples=60, deadline=None)
@given(st.lists(odd_reports(), min_size=1, max_size=4))
def test_checks_never_crash(reports):
    for rep in reports:
        for r in run_checks(rep):
            assert r.status in ("pass", "fail", "na", "assumed_zero") and r.severity in ("error", "warn", "info")
            assert r.message_zh and r.message_en
    for r in run_cross_year(reports):
        assert r.status in ("pass", "fail", "na", "assumed_zero")


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 3), st.data())
def test_valid_tables_pass_and_any_changed_identity_cell_is_flagged(seed, delta, data):
    syn = random_report(random.Random(seed))
    for (item, content, metric), v in list(syn.active.items()):
        if metric == "published":  # the generator does not keep published <= public_total
            syn.active[(item, content, "public_total")] = max(syn.active[(item, content, "public_total")], v)
    rep = report_of(syn)
    assert fails(run_checks(rep), ("warn", "error", "info")) == []
    keys = sorted({k for i in compile_identities(rep.template) for k in i.keys})
    key = data.draw(st.sampled_from(keys))
    fact = next(f for f in rep.facts if f.key == key)
    fact.value = fact.value + delta
    assert fails(run_checks(rep)), f"{key} +{delta} not flagged"
