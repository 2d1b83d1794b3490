"""Diagnosis: one named finding per cause (D_SWAP, D_SHIFT, D_CELL, D_TOTAL_ROWSET, D_DIGIT_SPLIT)."""

from transforms.checks import run_checks
from transforms.model import ParseError

from .helpers import by, fails, one, set_cell
from .truth_reports import CHECK_FIX, REAL_TRUTH, SEED_TRUTH, load

SEED001 = SEED_TRUTH / "001_ca48803eb8e502d4.json"
SEED004 = SEED_TRUTH / "004_b6ebaffc46ffe707.json"


def _findings(res):
    return [r for r in res if r.code.startswith("D_")]


def test_seed_004_swap_is_diagnosed_by_name():
    res = run_checks(load(SEED004))
    found = _findings(res)
    assert [f.code for f in found] == ["D_SWAP"]
    d = found[0]
    assert {c["code"] for c in d.cells} == {"3.7/legal_service_org", "3.7/other_org"}
    assert d.status == "fail" and d.severity == "warn"
    assert "法律服务机构" in d.message_zh and "其他" in d.message_zh and "swapped" in d.message_en
    assert "explains" in d.detail and "3.7/legal_service_org=1" in d.detail
    raw = [r for r in fails(res) if r.code.startswith("T3")]
    assert len(raw) == 4 and all("explained_by=D_SWAP" in r.detail for r in raw)


def test_swap_of_two_applicant_columns_elsewhere():
    rep = load(REAL_TRUTH / "010.json")
    set_cell(rep, ("applications", "3.4.1", "natural_person"), 28)
    set_cell(rep, ("applications", "3.4.1", "commercial_enterprise"), 484)
    d = _findings(run_checks(rep))
    assert [f.code for f in d] == ["D_SWAP"]
    assert {c["code"] for c in d[0].cells} == {"3.4.1/natural_person", "3.4.1/commercial_enterprise"}


def test_single_misread_cell():
    rep = load(REAL_TRUTH / "010.json")
    set_cell(rep, ("applications", "3.1", "natural_person"), 207)  # printed 201
    d = _findings(run_checks(rep))
    assert [f.code for f in d] == ["D_CELL"]
    assert d[0].cells[0]["code"] == "3.1/natural_person" and "201" in d[0].message_en


def test_no_guess_when_several_cells_could_explain():
    rep = load(SEED001)
    set_cell(rep, ("review_litigation", "review", "upheld"), 2)  # T4 only: any of 5 cells could be wrong
    res = run_checks(rep)
    assert one(res, "T4_TOTAL", "block review").status == "fail"
    assert _findings(res) == []


def test_row_shifted_one_column():
    res = run_checks(load(CHECK_FIX / "shift_row_2021.json"))
    d = _findings(res)
    assert [f.code for f in d] == ["D_SHIFT"]
    assert "2/research_institution" in d[0].scope and "right" in d[0].message_en
    assert "2/total=189" in d[0].detail


def test_total_that_sums_a_different_row_set():
    res = run_checks(load(CHECK_FIX / "rowset_total_2021.json"))
    d = by(res, "D_TOTAL_ROWSET")
    assert len(d) == 1 and "3.6" in d[0].message_en and "（六）其他处理" in d[0].message_zh
    assert {r.scope for r in fails(res) if "explained_by=D_TOTAL_ROWSET" in r.detail} == {
        "column natural_person", "column commercial_enterprise", "column legal_service_org", "column total"}


def test_digit_split_that_breaks_identities_is_named():
    rep = load(SEED001)
    rep.errors.append(ParseError("tables", "digit_split_ambiguous",
                                 "table 三: no combination of splits for rows ['3.4.1'] satisfies the column "
                                 "identities; per-row first splits used"))
    set_cell(rep, ("applications", "3.4.1", "natural_person"), 4)
    set_cell(rep, ("applications", "3.4.1", "total"), 4)
    d = _findings(run_checks(rep))
    assert d[0].code == "D_DIGIT_SPLIT" and d[0].severity == "warn"
    assert "3.4.1/natural_person" in {c["code"] for c in d[0].cells}


def test_ambiguous_split_that_fits_every_identity_is_info():
    rep = load(REAL_TRUTH / "003.json")
    for f in rep.facts:
        if f.table == "active" and f.content == "normative_document" and f.item == "20.1":
            f.notes.append("digit run split ambiguous")
    d = one(run_checks(rep), "D_DIGIT_SPLIT")
    assert d.severity == "info" and "uncertain" in d.message_en


def test_clean_report_has_no_findings():
    assert _findings(run_checks(load(SEED001))) == []
