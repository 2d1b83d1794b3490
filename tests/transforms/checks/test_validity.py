"""T3_NONNEG, V_BLANK, A_PUB_LE, V_TEMPLATE, V_SECTIONS, V_SHAPE, V_TIMELY."""

import copy

from transforms.checks import run_checks
from transforms.model import ParseError, Section

from .helpers import by, one, set_cell
from .truth_reports import REAL_TRUTH, SEED_TRUTH, load

SEED001 = SEED_TRUTH / "001_ca48803eb8e502d4.json"
SEED003 = SEED_TRUTH / "003_dbf068044dca84d8.json"
SEED004 = SEED_TRUTH / "004_b6ebaffc46ffe707.json"


def test_nonneg_flags_negative_and_fractional_counts():
    rep = load(SEED001)
    assert {r.status for r in by(run_checks(rep), "T3_NONNEG")} == {"pass"}
    set_cell(rep, ("applications", "3.3.1", "natural_person"), -1)
    set_cell(rep, ("review_litigation", "review", "other"), 0.5)
    res = run_checks(rep)
    a = one(res, "T3_NONNEG", "applications")
    assert a.status == "fail" and a.cells[0]["code"] == "3.3.1/natural_person"
    assert one(res, "T3_NONNEG", "review_litigation").status == "fail"


def test_nonneg_ignores_the_signed_change_metric():
    res = run_checks(load(SEED004))  # 20.5 licensing change = -25 is legitimate
    assert {r.status for r in by(res, "T3_NONNEG")} == {"pass"}


def test_pub_le_2019():
    rep = load(SEED004)
    assert {r.status for r in by(run_checks(rep), "A_PUB_LE")} == {"pass"}
    set_cell(rep, ("active", "20.1", "normative_document", "published"), 11)
    r = one(run_checks(rep), "A_PUB_LE", "20.1 normative_document")
    assert r.status == "fail" and r.severity == "warn" and (r.lhs, r.rhs) == (11, 10)
    set_cell(rep, ("active", "20.1", "normative_document", "public_total"), None)
    assert one(run_checks(rep), "A_PUB_LE", "20.1 normative_document").status == "na"


def test_pub_le_2021_is_left_to_the_cross_year_checks():
    assert one(run_checks(load(SEED003)), "A_PUB_LE").status == "na"


def test_template_matches_year_in_both_templates():
    assert one(run_checks(load(SEED001)), "V_TEMPLATE").status == "pass"
    assert one(run_checks(load(SEED003)), "V_TEMPLATE").status == "pass"


def test_template_wrong_for_the_year():
    rep = load(SEED001)
    rep.year = 2022  # a 2022 report printed with the 2019 tables
    r = one(run_checks(rep), "V_TEMPLATE")
    assert r.status == "fail" and r.severity == "warn" and "2021" in r.message_en


def test_template_mixed_markers():
    rep = load(SEED003)
    extra = copy.deepcopy([f for f in load(SEED001).facts if f.table == "active" and f.item == "20.9"])
    rep.facts += extra
    r = one(run_checks(rep), "V_TEMPLATE")
    assert r.status == "fail" and "mix" in r.message_en


def test_sections():
    rep = load(SEED001)
    assert one(run_checks(rep), "V_SECTIONS").status == "na"
    rep.sections = [Section(n, f"{n}", "text") for n in range(1, 7)]
    assert one(run_checks(rep), "V_SECTIONS").status == "pass"
    rep.sections = [Section(n, f"{n}", "text") for n in (1, 2, 3, 4, 6)]
    r = one(run_checks(rep), "V_SECTIONS")
    assert r.status == "fail" and "五" in r.message_zh
    rep.sections = [Section(n, f"{n}", "text") for n in (1, 3, 2, 4, 5, 6)]
    assert one(run_checks(rep), "V_SECTIONS").status == "fail"


def test_shape_missing_rows_and_parser_notes():
    rep = load(SEED001)
    assert {r.status for r in by(run_checks(rep), "V_SHAPE")} == {"pass"}
    rep.facts = [f for f in rep.facts if not (f.table == "applications" and f.row == "3.5.5")]
    r = one(run_checks(rep), "V_SHAPE", "applications")
    assert r.status == "fail" and "3.5.5/natural_person" in r.detail
    rep2 = load(SEED001)
    rep2.errors.append(ParseError("tables", "table4_shape", "table 四: 16 values for 15 cells; extra trailing values dropped"))
    assert one(run_checks(rep2), "V_SHAPE", "tables").status == "fail"


def test_timely():
    rep = load(SEED004)  # a city government, published 2021-02-01: within 3月31日
    assert one(run_checks(rep), "V_TIMELY").status == "pass"
    rep.agency = "海林市统计局"  # a department: due 1月31日
    r = one(run_checks(rep), "V_TIMELY")
    assert r.status == "fail" and r.severity == "info" and r.lhs == 1
    rep.publish_date = "2021-05-10"
    assert one(run_checks(rep), "V_TIMELY").severity == "warn"
    rep.publish_date = "2020-11-01"
    assert one(run_checks(rep), "V_TIMELY").status == "fail"
    rep.publish_date = None
    assert one(run_checks(rep), "V_TIMELY").status == "na"


def test_blank_check_passes_without_blanks():
    assert one(run_checks(load(REAL_TRUTH / "010.json")), "V_BLANK").status == "pass"


def test_shape_lost_values_and_glued_numbers_warn():
    rep = load(SEED001)
    rep.errors.append(ParseError("tables", "table4_shape", "table 四: 1 values for 15 cells"))
    r = one(run_checks(rep), "V_SHAPE", "cells lost")
    assert r.status == "fail" and r.severity == "warn"
    rep2 = load(SEED001)
    set_cell(rep2, ("review_litigation", "review", "upheld"), 60006070815803010)
    r2 = one(run_checks(rep2), "V_SHAPE", "cells lost")
    assert r2.cells[0]["code"] == "review/upheld"
    rep3 = load(SEED001)  # more values than cells (seed 002's stray trailing 0) stays info
    rep3.errors.append(ParseError("tables", "table4_shape", "table 四: 16 values for 15 cells; extra trailing values dropped"))
    assert by(run_checks(rep3), "V_SHAPE", "cells lost") == []
