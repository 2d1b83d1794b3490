"""X_CARRY, X_ITEMS19, X_INFORCE, A_PUB_LE (2021), V_DUP over several years of one agency (fixture files)."""

from transforms.checks import agency_key, group_by_agency, run_cross_year

from .helpers import by, one
from .truth_reports import CHECK_FIX, REAL_TRUTH, SEED_TRUTH, load

X = CHECK_FIX / "xyear"


def _wanggang():
    return [load(X / f"wanggang_{y}.json") for y in (2020, 2021, 2022, 2023)]


def test_agency_names_are_normalised_and_joined():
    assert agency_key(" 王岗镇 人民政府（本级）") == "王岗镇人民政府"
    groups = group_by_agency(_wanggang() + [load(SEED_TRUTH / "004_b6ebaffc46ffe707.json")])
    assert sorted(len(v) for v in groups.values()) == [1, 4]
    assert "南岗区王岗镇人民政府" in groups


def test_carry_over_across_templates():
    res = run_cross_year(_wanggang())
    ok = by(res, "X_CARRY", "2020->2021 column total")[0]
    assert ok.status == "pass" and ok.source == "wanggang_2021.txt"
    bad = one(res, "X_CARRY", "2021->2022 column total")
    assert bad.status == "fail" and bad.severity == "warn" and (bad.lhs, bad.rhs) == (0, 1)
    assert {c["code"] for c in bad.cells} == {"2022:2/total", "2021:4/total"}
    assert one(res, "X_CARRY", "2022->2023 column total").status == "pass"


def test_in_force_stock():
    res = run_cross_year(_wanggang())
    bad = one(res, "X_INFORCE", "2021->2022 20.1 normative_document")
    assert bad.status == "fail" and bad.severity == "warn" and (bad.lhs, bad.rhs) == (12, 13)
    assert one(res, "X_INFORCE", "2022->2023 20.1 normative_document").status == "pass"
    assert by(res, "X_INFORCE", "2020->2021 20.1 normative_document") == []  # 2019 template has no in_force


def test_repealed_le_available_2021():
    reps = _wanggang()
    res = run_cross_year(reps)
    assert one(res, "A_PUB_LE", "2022->2023 20.1 normative_document").status == "pass"
    for f in reps[3].facts:
        if f.key == ("active", "20.1", "normative_document", "repealed"):
            f.value = 20
    r = one(run_cross_year(reps), "A_PUB_LE", "2022->2023 20.1 normative_document")
    assert r.status == "fail" and (r.lhs, r.rhs) == (20, 15)


def test_items_2019_template():
    res = run_cross_year([load(X / "hailin_2019.json"), load(SEED_TRUTH / "004_b6ebaffc46ffe707.json")])
    assert one(res, "X_ITEMS19", "2019->2020 20.5 licensing").status == "pass"
    bad = one(res, "X_ITEMS19", "2019->2020 20.8 fee")
    assert bad.status == "fail" and (bad.lhs, bad.rhs) == (23, 22)
    assert {r.status for r in by(res, "X_CARRY")} == {"pass"}


def test_blank_makes_cross_year_na():
    reps = _wanggang()
    for f in reps[1].facts:
        if f.key == ("applications", "4", "total"):
            f.value = None
    assert one(run_cross_year(reps), "X_CARRY", "2021->2022 column total").status == "na"


def test_republished_report_is_a_duplicate():
    res = run_cross_year([load(X / "shanghai_2024.json"), load(REAL_TRUTH / "010.json")])
    d = one(res, "V_DUP")
    assert d.status == "fail" and d.severity == "warn" and d.source == "010.md"
    assert {r.status for r in by(run_cross_year(_wanggang()), "V_DUP")} == {"pass"}


def test_same_text_hash_is_a_duplicate_even_with_zero_tables():
    a, b = load(X / "wanggang_2022.json"), load(X / "wanggang_2023.json")
    a.text_sha256 = b.text_sha256 = "ab" * 32
    assert one(run_cross_year([a, b]), "V_DUP").status == "fail"


def test_all_zero_tables_are_not_duplicates():
    a, b = load(SEED_TRUTH / "000_68024565e3af0575.json"), load(SEED_TRUTH / "000_68024565e3af0575.json")
    b.year = 2021
    assert one(run_cross_year([a, b]), "V_DUP").status == "pass"


def test_single_years_give_nothing():
    assert run_cross_year([load(SEED_TRUTH / "001_ca48803eb8e502d4.json")]) == []
