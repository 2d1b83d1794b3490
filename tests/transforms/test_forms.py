"""Edge cases of table forms and bad input, on fixture files made by tests/fixtures/parse/make_fixtures.py."""

from __future__ import annotations

from pathlib import Path

from transforms.parse import parse_path

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "parse"


def _cells(rep, table):
    return {f.key[1:]: f for f in rep.facts if f.table == table}


def test_table4_without_total_columns_leaves_totals_unprinted():
    rep = parse_path(FIX / "t4_without_totals.txt")
    c = _cells(rep, "review_litigation")
    assert [c[("review", o)].value for o in ("upheld", "corrected", "other", "pending", "total")] == [1, 2, 0, 0, None]
    assert c[("litigation_direct", "pending")].value == 3
    assert c[("litigation_after_review", "upheld")].value == 1
    assert all(c[(p, "total")].value is None for p in ("review", "litigation_direct", "litigation_after_review"))


def test_amount_in_yuan_kept_and_extra_cell_dropped_with_a_note():
    rep = parse_path(FIX / "amount_yuan_extra_cell.txt")
    amount = _cells(rep, "active")[("20.9", "procurement", "procurement_amount")]
    assert (amount.value, amount.unit, amount.raw) == (251000, "yuan", "251000元")
    assert any(e.code == "table4_shape" for e in rep.errors)
    assert len(_cells(rep, "review_litigation")) == 15


def test_undeclared_gbk_text_is_decoded():
    rep = parse_path(FIX / "gbk_undeclared.txt")
    assert rep.agency == "王岗镇人民政府"
    assert _cells(rep, "applications")[("3.4.1", "natural_person")].value == 5


def test_truncated_report_is_partial_with_clear_errors():
    rep = parse_path(FIX / "truncated.txt")
    codes = {e.code for e in rep.errors}
    assert {"truncated_report", "table4_missing", "table3_row_missing"} <= codes
    assert rep.parse_status == "partial"
    assert _cells(rep, "applications")[("1", "total")].value == 0  # what was there is still read


def test_bad_inputs_give_errors_not_crashes():
    expected = {"empty.txt": "empty_file", "not_a_report.html": "not_a_report",
                "unknown_template.txt": "unknown_template"}
    for name, code in expected.items():
        rep = parse_path(FIX / name)
        assert rep.parse_status == "failed", name
        assert [e.code for e in rep.errors] == [code], name
        assert all(e.message.startswith(str(FIX / name)) for e in rep.errors)


def test_missing_file_is_an_error(tmp_path):
    rep = parse_path(tmp_path / "nope.pdf")
    assert rep.errors[0].stage == "read"


def test_every_fact_keeps_provenance():
    rep = parse_path(Path(__file__).resolve().parents[1] / "fixtures" / "realdata" / "012.html")
    for f in rep.facts:
        if f.row_kind == "derived":
            continue
        assert f.cell_ref.startswith("table "), f
        assert f.value is None or f.raw.strip(), f
    blank = _cells(rep, "applications")[("1", "commercial_enterprise")]
    assert blank.value is None and blank.is_blank


def test_report_inside_a_layout_table_is_read():
    import random

    from transforms.synthetic import expected_cells, random_report

    rep = parse_path(FIX / "layout_table.html")
    want = expected_cells(random_report(random.Random(7), "2019"))
    got = {f.key: f.value for f in rep.facts if f.table != "applications" or f.row_kind == "template"}
    assert {k: got.get(k, "MISSING") for k in want} == want


def test_private_use_and_noncharacter_text_leaves_tables_intact():
    """GB18030 user-defined characters decode to private-use code points (U+E000…) and a page may carry any
    code point: neither may be taken for the HTML linearizer's table record marks."""
    import random

    from transforms.documents import extract
    from transforms.synthetic import expected_cells, random_report

    path = FIX / "gb18030_private_use.html"
    rep = parse_path(path)
    want = expected_cells(random_report(random.Random(9), "2021"))
    got = {f.key: f.value for f in rep.facts if f.table != "applications" or f.row_kind == "template"}
    assert {k: got.get(k, "MISSING") for k in want} == want
    texts = [c.text for line in extract(path.read_bytes(), path.name).lines for c in line.cells]
    assert any("张\ue000同志" in t for t in texts)  # the user-defined character is kept as text
    assert any("附注\ufffd" in t for t in texts)  # a mark-like noncharacter is replaced, not read as a mark
