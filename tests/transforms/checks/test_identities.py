"""Sum identities of tables 三 and 四 (T3_BALANCE, T3_RESULTS, T3_GROUP, T3_ROWSUM, T4_TOTAL), both templates,
with the blank-cell conventions (na, assumed_zero, fail whatever the blanks hold)."""

from transforms.checks import run_checks
from transforms.checks.rules import compile_identities

from .helpers import by, fails, one, set_cell
from .truth_reports import CHECK_FIX, REAL_TRUTH, SEED_TRUTH, load

SEED001 = SEED_TRUTH / "001_ca48803eb8e502d4.json"
SEED003 = SEED_TRUTH / "003_dbf068044dca84d8.json"
SEED004 = SEED_TRUTH / "004_b6ebaffc46ffe707.json"


def test_identity_instances_per_template():
    i19, i21 = compile_identities("2019"), compile_identities("2021")
    assert len(by(i19, "T3_ROWSUM")) == 23 and len(by(i21, "T3_ROWSUM")) == 25
    res19 = one(i19, "T3_RESULTS", "column total").rhs
    res21 = one(i21, "T3_RESULTS", "column total").rhs
    assert ("applications", "3.6", "total") in res19 and len(res19) == 19
    assert ("applications", "3.6.2", "total") in res21 and ("applications", "3.6", "total") not in res21
    assert len(res21) == 21
    assert len(by(i19, "T4_TOTAL")) == 3 and len(by(i19, "T3_BALANCE")) == 7


def test_balance_and_results_pass_on_a_clean_2019_report():
    res = run_checks(load(SEED001))
    assert all(r.status == "pass" for r in by(res, "T3_BALANCE") + by(res, "T3_RESULTS"))
    r = one(res, "T3_BALANCE", "column total")
    assert (r.lhs, r.rhs, r.delta) == (10, 10, 0)
    assert r.message_zh and r.message_en and r.severity == "warn"


def test_balance_fails_on_seed_004_with_cells_and_sentences():
    res = run_checks(load(SEED004))
    r = one(res, "T3_BALANCE", "column legal_service_org")
    assert r.status == "fail" and (r.lhs, r.rhs, r.delta) == (1, 0, 1)
    assert {c["code"] for c in r.cells} >= {"1/legal_service_org", "3.7/legal_service_org"}
    assert all("ref" in c and "raw" in c for c in r.cells)
    assert "≠" in r.message_zh and "≠" in r.message_en
    assert one(res, "T3_RESULTS", "column other_org").status == "fail"
    assert one(res, "T3_BALANCE", "column total").status == "pass"


def test_rowsum_fails_when_a_cell_is_off():
    rep = load(SEED001)
    set_cell(rep, ("applications", "3.4.1", "commercial_enterprise"), 1)
    res = run_checks(rep)
    assert one(res, "T3_ROWSUM", "row 3.4.1").status == "fail"
    assert one(res, "T3_RESULTS", "column commercial_enterprise").status == "fail"


def test_results_use_the_2021_rows():
    rep = load(REAL_TRUTH / "010.json")
    assert all(r.status == "pass" for r in by(run_checks(rep), "T3_RESULTS"))
    set_cell(rep, ("applications", "3.6.3", "natural_person"), 265)
    set_cell(rep, ("applications", "3.6.3", "total"), 277)
    res = run_checks(rep)
    assert one(res, "T3_RESULTS", "column natural_person").status == "fail"
    assert one(res, "T3_ROWSUM", "row 3.6.3").status == "pass"


def test_blank_cells_with_zero_total_are_assumed_zero():
    res = run_checks(load(SEED003))  # rows 3.1, 3.2, 3.3.1: six blanks and a 0 total
    r = one(res, "T3_ROWSUM", "row 3.1")
    assert r.status == "assumed_zero" and r.delta == 0
    assert one(res, "T3_RESULTS", "column natural_person").status == "assumed_zero"
    assert not fails(res)


def test_blank_operand_makes_the_identity_na():
    rep = load(SEED001)
    set_cell(rep, ("applications", "1", "natural_person"), None)
    res = run_checks(rep)
    assert one(res, "T3_BALANCE", "column natural_person").status == "na"
    assert one(res, "T3_ROWSUM", "row 1").status == "na"
    blank = one(res, "V_BLANK")
    assert blank.status == "fail" and blank.cells[0]["code"] == "1/natural_person"


def test_blank_total_column_is_na_not_fail():
    rep = load(SEED001)  # Shanghai 2019 style: result rows with a blank 总计
    set_cell(rep, ("applications", "3.1", "total"), None)
    res = run_checks(rep)
    assert one(res, "T3_ROWSUM", "row 3.1").status == "na"
    assert one(res, "T3_RESULTS", "column total").status == "na"
    assert not [r for r in fails(res) if r.code.startswith("T")]


def test_stated_parts_exceeding_the_total_fail_whatever_the_blanks_hold():
    rep = load(REAL_TRUTH / "012.json")  # five blank applicant columns
    set_cell(rep, ("applications", "1", "natural_person"), 30)
    r = one(run_checks(rep), "T3_ROWSUM", "row 1")
    assert r.status == "fail" and r.lhs == 26 and r.rhs == 30
    assert "blank" in r.message_en


def test_realdata_012_blank_columns_assumed_zero():
    res = run_checks(load(REAL_TRUTH / "012.json"))
    assert {r.status for r in by(res, "T3_ROWSUM")} == {"assumed_zero"}
    assert one(res, "T3_BALANCE", "column commercial_enterprise").status == "na"
    assert one(res, "V_BLANK").status == "assumed_zero"


def test_group_row_printed_equals_its_sub_rows():
    rep = load(CHECK_FIX / "group_printed_2019.json")
    res = run_checks(rep)
    assert len(by(res, "T3_GROUP")) == 7
    assert all(r.status == "pass" for r in by(res, "T3_GROUP"))
    set_cell(rep, ("applications", "3.4", "total"), 4)
    r = one(run_checks(rep), "T3_GROUP", "group 3.4 column total")
    assert r.status == "fail" and (r.lhs, r.rhs) == (4, 5)


def test_no_group_check_without_printed_group_rows():
    assert by(run_checks(load(SEED001)), "T3_GROUP") == []


def test_review_block_totals():
    rep = load(SEED001)
    assert one(run_checks(rep), "T4_TOTAL", "block review").status == "pass"
    set_cell(rep, ("review_litigation", "review", "total"), 3)
    r = one(run_checks(rep), "T4_TOTAL", "block review")
    assert r.status == "fail" and (r.lhs, r.rhs) == (3, 2)
    set_cell(rep, ("review_litigation", "review", "pending"), None)
    assert one(run_checks(rep), "T4_TOTAL", "block review").status == "na"  # the blank could hold 1
    set_cell(rep, ("review_litigation", "review", "total"), 1)
    assert one(run_checks(rep), "T4_TOTAL", "block review").status == "fail"  # 1 < 1+1 whatever the blank
    set_cell(rep, ("review_litigation", "review", "total"), None)
    assert one(run_checks(rep), "T4_TOTAL", "block review").status == "na"


def test_missing_table_gives_no_identity_results():
    rep = load(SEED001)
    rep.facts = [f for f in rep.facts if f.table != "applications"]
    res = run_checks(rep)
    assert by(res, "T3_BALANCE") == [] and len(by(res, "T4_TOTAL")) == 3
