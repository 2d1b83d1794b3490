"""Narrative numbers (fact_narrative) and the prose-vs-table checks N_APPL, N_ZERO, N_PARTS, N_FEE."""

import json

import pytest

from transforms.checks import run_checks
from transforms.model import NarrativeFact, Section
from transforms.narrative import extract_narrative

from .helpers import by, one, set_cell
from .truth_reports import REAL_TRUTH, SEED_TRUTH, load, truth_files


def _with_text(path):
    rep = load(path, with_sections=True)
    rep.narrative = []  # read the prose, not the truth
    return rep


def _facts(rep) -> dict:
    out: dict = {}
    for n in extract_narrative(rep):
        out.setdefault(n.key, n.value)
    return out


@pytest.mark.parametrize("path", [p for p in truth_files() if json.loads(p.read_text("utf-8")).get("narrative")],
                         ids=lambda p: p.stem)
def test_narrative_matches_truth(path):
    truth = json.loads(path.read_text("utf-8"))["narrative"]
    got = _facts(_with_text(path))
    for key, value in truth.items():
        assert got.get(key) == value, key


def test_narrative_spans_point_into_the_text():
    rep = _with_text(SEED_TRUTH / "004_b6ebaffc46ffe707.json")
    n = next(n for n in extract_narrative(rep) if n.key == "info_produced_total")
    assert "372" in n.text_span and n.section_no == 1
    sec = next(s for s in rep.sections if s.no == n.section_no)
    assert sec.text[n.char_offset:].startswith(n.text_span)


def test_zero_statements_and_their_traps():
    assert "statement_no_applications" in _facts(_with_text(SEED_TRUTH / "000_68024565e3af0575.json"))
    assert "statement_no_review_litigation" in _facts(_with_text(SEED_TRUTH / "002_5b21ade1613ac9d3.json"))
    # 010: "未发生因依申请公开被行政复议纠错或行政诉讼败诉情形" is not "no review": 55 reviews were decided
    assert "statement_no_review_litigation" not in _facts(_with_text(REAL_TRUTH / "010.json"))
    sec = Section(4, "四、政府信息公开行政复议、行政诉讼情况", "未经复议直接起诉\t复议后起诉", 0)
    rep = load(SEED_TRUTH / "000_68024565e3af0575.json")
    rep.sections = [sec]
    assert extract_narrative(rep) == []  # 未经复议 is a table header, not a statement


def test_table_numbers_are_not_prose():
    sec = Section(3, "三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量\t10\t0\t0\t0\t0\t0\t10", 0)
    rep = load(SEED_TRUTH / "000_68024565e3af0575.json")
    rep.sections = [sec]
    assert extract_narrative(rep) == []


def test_appl_passes_on_seeds_and_fails_on_a_changed_table():
    rep = _with_text(SEED_TRUTH / "001_ca48803eb8e502d4.json")
    assert one(run_checks(rep), "N_APPL", "applications_received").status == "pass"
    set_cell(rep, ("applications", "1", "total"), 9)
    r = one(run_checks(rep), "N_APPL", "applications_received")
    assert r.status == "fail" and r.lhs == 10 and r.rhs == 9 and r.severity == "warn"
    assert r.cells[0]["code"] == "narrative/applications_received"


def test_appl_accepts_received_including_carried_over():
    rep = load(REAL_TRUTH / "010.json")
    rep.narrative = [NarrativeFact(1, "applications_received", 1484, "count", "受理申请1484件", 0)]
    assert one(run_checks(rep), "N_APPL").status == "pass"  # 1295 new + 189 carried over
    rep.narrative = [NarrativeFact(1, "applications_received", 1300, "count", "受理申请1300件", 0)]
    assert one(run_checks(rep), "N_APPL").status == "fail"


def test_appl_completed_and_carried_forward_on_realdata_003():
    rep = load(REAL_TRUTH / "003.json")
    rep.narrative = [NarrativeFact(1, "applications_completed", 69, "count", "办结69件", 0),
                     NarrativeFact(1, "applications_carried_forward", 1, "count", "1件结转下年度", 0)]
    res = run_checks(rep)
    assert {r.status for r in by(res, "N_APPL")} == {"pass"}
    set_cell(rep, ("applications", "4", "total"), None)
    assert one(run_checks(rep), "N_APPL", "applications_carried_forward").status == "na"


def test_zero_check():
    rep = _with_text(SEED_TRUTH / "000_68024565e3af0575.json")
    res = run_checks(rep)
    assert one(res, "N_ZERO", "statement_no_applications").status == "pass"
    assert one(res, "N_ZERO", "statement_no_review_litigation").status == "pass"
    set_cell(rep, ("applications", "1", "total"), 2)
    set_cell(rep, ("review_litigation", "litigation_direct", "total"), 1)
    res = run_checks(rep)
    assert one(res, "N_ZERO", "statement_no_applications").status == "fail"
    r = one(res, "N_ZERO", "statement_no_review_litigation")
    assert r.status == "fail" and "litigation_direct/total" in r.message_en


def test_zero_all_completed_on_seed_004():
    rep = _with_text(SEED_TRUTH / "004_b6ebaffc46ffe707.json")
    assert one(run_checks(rep), "N_ZERO", "statement_all_completed").status == "pass"
    set_cell(rep, ("applications", "4", "total"), 1)
    assert one(run_checks(rep), "N_ZERO", "statement_all_completed").status == "fail"


def test_parts_on_seed_004():
    rep = _with_text(SEED_TRUTH / "004_b6ebaffc46ffe707.json")
    res = run_checks(rep)
    assert one(res, "N_PARTS", "info_published_proactively").status == "pass"  # 160+…+8 = 368
    assert one(res, "N_PARTS", "info_produced_total").status == "pass"  # 368+4 = 372
    rep.narrative = [n for n in extract_narrative(rep) if n.key != "info_produced_total"]
    rep.narrative.append(NarrativeFact(1, "info_produced_total", 373, "count", "制作政府信息总数373条", 0))
    r = one(run_checks(rep), "N_PARTS", "info_produced_total")
    assert r.status == "fail" and (r.lhs, r.rhs) == (372, 373)


def test_fee_2021_only():
    rep = load(REAL_TRUTH / "012.json")
    assert one(run_checks(rep), "N_FEE").status == "pass"  # 3.6.2 = 0
    set_cell(rep, ("applications", "3.6.2", "total"), 2)
    rep.sections = [Section(6, "六、其他需要报告的事项", "本年度无其他需要报告的事项。", 100)]
    r = one(run_checks(rep), "N_FEE")
    assert r.status == "fail" and r.severity == "info"
    rep.sections = [Section(6, "六、其他需要报告的事项", "本年度收取信息处理费共计200元。", 100)]
    assert one(run_checks(rep), "N_FEE").status == "pass"
    assert by(run_checks(load(SEED_TRUTH / "001_ca48803eb8e502d4.json")), "N_FEE") == []


def test_result_categories_in_the_prose_of_realdata_010():
    rep = _with_text(REAL_TRUTH / "010.json")
    got = _facts(rep)
    assert got["results_disclosed_or_partly"] == 208 and got["results_unavailable"] == 564
    assert got["results_other"] == 319 and got["applications_carried_over"] == 189
    res = run_checks(rep)
    assert len(by(res, "N_APPL")) == 8 and {r.status for r in by(res, "N_APPL")} == {"pass"}
    set_cell(rep, ("applications", "3.4.2", "total"), 47)  # the 无法提供 group now sums to 563
    r = one(run_checks(rep), "N_APPL", "results_unavailable")
    assert r.status == "fail" and (r.lhs, r.rhs) == (564, 563)
    assert {c["code"] for c in r.cells} >= {"3.4.1/total", "3.4.2/total", "3.4.3/total"}


def test_other_business_is_not_about_applications():
    rep = load(SEED_TRUTH / "000_68024565e3af0575.json")
    rep.sections = [Section(1, "一、总体情况",
                            "本年度共收到政府信息公开申请2件。收到人大代表建议12件，已全部办结。"
                            "没有收到因政府信息公开申请引起的投诉。", 0)]
    keys = {n.key for n in extract_narrative(rep)}
    assert "applications_received" in keys
    assert "statement_all_completed" not in keys and "statement_no_applications" not in keys


def test_trigger_sentences_are_the_sentences_holding_a_trigger():
    """`_trigger_sentences` (the fast path of `_extract_section`) = `_sentences` filtered by `_TRIGGER`."""
    import random

    from transforms.narrative import _TRIGGER, _sentences, _trigger_sentences

    rng = random.Random(7)
    alphabet = list("申请办结转制作主动公开予以部分不无法提供处理其他中复议答信息费收。;!?a1 ")
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 50)))
        assert _trigger_sentences(s) == [(a, b) for a, b in _sentences(s) if _TRIGGER.search(s, a, b)], s
