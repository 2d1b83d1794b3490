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


def _h(y, x0, x1):
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0, "orientation": "h"}


def _v(x, y0, y1):
    return {"x0": x, "x1": x, "top": y0, "bottom": y1, "width": 0.0, "height": y1 - y0, "orientation": "v"}


def test_layout_cell_around_a_table_is_not_a_cell():
    """A page-layout box (browser-printed portal page) around a 2x2 table: the four inner cells remain."""
    from transforms.documents.pdf import lattice_cells

    outer = [_h(0, 0, 300), _h(300, 0, 300), _v(0, 0, 300), _v(300, 0, 300)]
    inner = [_h(y, 50, 250) for y in (50, 150, 250)] + [_v(x, 50, 250) for x in (50, 150, 250)]
    cells = lattice_cells(outer + inner)
    assert sorted(cells) == [(50, 50, 150, 150), (50, 150, 150, 250), (150, 50, 250, 150), (150, 150, 250, 250)]


def test_merged_cells_are_kept():
    """A 2x2 merged corner with no rulings inside stays one cell."""
    from transforms.documents.pdf import lattice_cells

    edges = [_h(0, 0, 300), _h(200, 0, 300), _h(100, 200, 300), _h(300, 0, 300), _v(0, 0, 300), _v(300, 0, 300),
             _v(200, 0, 300), _h(200, 0, 200)]
    cells = lattice_cells(edges)
    assert (0, 0, 200, 200) in cells and len(cells) == 5
