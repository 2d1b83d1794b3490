from transforms.tables.digits import block_totals, split_row, split_tokens
from transforms.tables.rows import tokenize


def test_row_sum_splits_a_glued_row_uniquely():
    assert split_row(["640020470"], 7) == [[64, 0, 0, 2, 0, 4, 70]]


def test_space_is_a_fixed_cut():
    assert split_row(["500000", "5"], 7) == [[5, 0, 0, 0, 0, 0, 5]]


def test_row_sum_alone_can_be_ambiguous():
    assert len(split_row(["220000325"], 7)) == 2  # 22/0/.. or 2/20/..


def test_block_totals_split_table_four():
    got = split_tokens(["10203120001200000"], 15, block_totals(5))
    assert got == [[1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]]


def test_no_leading_zero_parts():
    assert split_tokens(["000"], 3) == [[0, 0, 0]]
    assert [6, 93, 665] in split_tokens(["693665"], 3)
    assert all(len(c) == 3 for c in split_tokens(["693665"], 3))


def test_bounded_work_on_long_runs():
    assert len(split_tokens(["1" * 60], 15)) <= 64


def test_tokenizer_separates_labels_numbering_and_runs():
    toks = tokenize("0000000(三)不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开")
    assert [(t.kind, t.text) for t in toks] == [
        ("value", "0000000"), ("label", "(三)不予公开1.属于国家秘密"), ("value", "0000000"),
        ("label", "2.其他法律行政法规禁止公开")]


def test_tokenizer_leaves_prose_numbers_alone():
    assert [t.kind for t in tokenize("2024年工作中存在问题17.46%")] == ["label"]
    assert [t.text for t in tokenize("22(其中修订16件)")] == ["22(其中修订16件)"]
