from transforms.model import Cell, Line
from transforms.normalize import dedup_at_join, is_page_footer, normalize_lines, normalize_text


def test_nfkc_full_width_digits_and_brackets():
    assert normalize_text("（一）１２３") == "(一)123"


def test_whitespace_inside_cjk_words_and_labels():
    assert normalize_text("结果 维持") == "结果维持"
    assert normalize_text("科研机 构") == "科研机构"
    assert normalize_text("规    章") == "规章"
    assert normalize_text("2020 年 1 月 1 日") == "2020年1月1日"


def test_digits_separated_by_spaces_stay_separate():
    assert normalize_text("500000 5") == "500000 5"


def test_markdown_debris():
    assert normalize_text("## **（二）依申请公开**") == "(二)依申请公开"
    assert normalize_text("- 1、是偶有信息公开不及时") == "1、是偶有信息公开不及时"


def test_page_footers():
    for footer in ("— 5 —", "- 3 -", "第 2 页", "第2页 共7页", "3/7"):
        assert is_page_footer(footer), footer
    assert not is_page_footer("5")
    assert not is_page_footer("2020年")


def _lines(*texts: str) -> list[Line]:
    return [Line([Cell(t)], f"line {i}") for i, t in enumerate(texts, 1)]


def test_paragraph_split_by_page_break_is_rejoined():
    out, notes = normalize_lines(_lines("以报刊、广播、电视等多种信息公开媒介依托的公开体系，及时发布组织机构和人事变", "", "动、行政规章和规范性文件等方面的公文类信息。"))
    assert [ln.text for ln in out] == ["以报刊、广播、电视等多种信息公开媒介依托的公开体系,及时发布组织机构和人事变动、行政规章和规范性文件等方面的公文类信息。"]
    assert "page_break_lines_joined:1" in notes


def test_sentence_duplicated_across_page_break():
    merged, changed = dedup_at_join("应当主动公开的其他政府信息0条。我们采取的具体措施是:我们采", "取的具体措施是:一是突出公开重点。")
    assert changed
    assert merged == "应当主动公开的其他政府信息0条。我们采取的具体措施是:一是突出公开重点。"


def test_title_line_is_not_glued_to_the_next_paragraph():
    out, _ = normalize_lines(_lines("2020年度政府信息公开工作年度报告", "本年度报告根据《条例》编制而成。"))
    assert len(out) == 2


def test_repeated_heading_line_dropped_and_numbers_kept():
    out, notes = normalize_lines(_lines("五、存在的主要问题及改进情况", "", "五、存在的主要问题及改进情况", "0", "0"))
    assert [ln.text for ln in out] == ["五、存在的主要问题及改进情况", "0", "0"]
    assert "repeated_lines_removed:1" in notes


def test_table_rows_are_kept_cell_by_cell():
    row = Line([Cell("结果 维持"), Cell("", span=True), Cell("１")], "table 1 row 1", is_table_row=True)
    out, _ = normalize_lines([row])
    assert [(c.text, c.span) for c in out[0].cells] == [("结果维持", False), ("", True), ("1", False)]
