"""PDF page furniture and paragraph joining, on positioned text lines (units: points, top-down)."""

from __future__ import annotations

from transforms.documents.pdf import TextLine, _paragraphs, _strip_margins, join_wrapped

H = 842.0


def line(text: str, top: float, page: int, x0: float = 60.0, x1: float = 530.0) -> TextLine:
    return TextLine(text, x0, x1, top, top + 11.0, page)


def test_page_numbers_and_running_headers_are_removed_body_text_is_kept():
    pages = []
    for p in (1, 2, 3):
        pages.append(([line(f"某某县人民政府 第{p}页", 20.0, p),  # running header with a page number
                       line("正文第一行", 100.0, p),
                       line("7", 700.0, p),  # a number in the body (a table value), not in the margin
                       line(f"— {p} —", 800.0, p, 280, 320)], H))
    removed = _strip_margins(pages)
    assert removed == 6
    assert all([ln.text for ln in lines] == ["正文第一行", "7"] for lines, _h in pages)


def test_wrapped_lines_join_until_a_short_line_or_a_heading():
    items = [line("根据《条例》，本报告由总体情况等六个部分组成，统计期限自", 100, 1),
             line("2020年1月1日起至12月31日止。", 115, 1, x1=300),
             line("一、总体情况", 140, 1, x1=150),
             line("全年主动公开政府信息，其中规章两件，规范性文件若干件，", 160, 1, x0=82),
             line("三、收到申请情况为本行的续行", 175, 1)]
    out = _paragraphs(items, {1: 60.0}, {1: 530.0})
    assert [ln.text for ln in out] == [
        "根据《条例》，本报告由总体情况等六个部分组成，统计期限自2020年1月1日起至12月31日止。",
        "一、总体情况",
        "全年主动公开政府信息，其中规章两件，规范性文件若干件，",  # next line looks like a heading: not joined
        "三、收到申请情况为本行的续行",
    ]


def test_join_wrapped_spaces_only_between_latin_words():
    assert join_wrapped("政府信息公开", "工作") == "政府信息公开工作"
    assert join_wrapped("Open", "Data") == "Open Data"
    assert join_wrapped("1.属于国", "家秘密") == "1.属于国家秘密"
