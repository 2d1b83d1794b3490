import pytest

from transforms.cells import parse_cell


@pytest.mark.parametrize("raw", ["", "/", "-", "—", "无", " "])
def test_blank_markers_are_null_not_zero(raw):
    cv = parse_cell(raw)
    assert cv is not None and cv.value is None and cv.raw == raw


@pytest.mark.parametrize(("raw", "value", "signed"), [("+1", 1, True), ("-25", -25, True), ("0", 0, False)])
def test_signed_changes(raw, value, signed):
    cv = parse_cell(raw)
    assert (cv.value, cv.signed) == (value, signed)


@pytest.mark.parametrize(("raw", "value", "unit"), [("461.7 万元", 461.7, "wan_yuan"), ("251000元", 251000, "yuan"),
                                                     ("2196.24", 2196.24, None)])
def test_amounts_keep_value_and_unit(raw, value, unit):
    cv = parse_cell(raw)
    assert (cv.value, cv.unit) == (value, unit)


def test_annotation_keeps_number_and_raw():
    cv = parse_cell("22(其中修订16件)")
    assert cv.value == 22 and cv.annotation == "其中修订16件" and cv.raw == "22(其中修订16件)"


def test_labels_are_not_values():
    assert parse_cell("行政许可") is None
    assert parse_cell("1.属于国家秘密") is None
