"""Synthetic reports: random but arithmetically valid tables rendered in every form a real report arrives in.

Used by the property tests (render -> parse -> the same numbers) and by the benchmarks (thousands of reports).
Forms: `html` (official layout: rowspan/colspan labels, Word-style spans and <o:p>), `tab` (PDF text,
tab-separated, rowspan cells left empty), `lines` (one cell per line, blank lines between), `markdown`
(pipe tables) and `glued` (cells concatenated with no separator, as crawled page text).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from html import escape

from transforms.templates import Template, load_template

FORMS = ("html", "tab", "lines", "markdown", "glued")
SECTION_TITLES = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                  "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
T3_HEADER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
T4_OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


@dataclass
class SyntheticReport:
    template: str
    year: int
    agency: str
    active: dict[tuple[str, str, str], int | float] = field(default_factory=dict)
    applications: dict[str, list[int]] = field(default_factory=dict)
    review: list[int] = field(default_factory=list)


def _small(rng: random.Random, hi: int = 30) -> int:
    return 0 if rng.random() < 0.6 else rng.randint(1, hi)


def random_report(rng: random.Random, template: str | None = None) -> SyntheticReport:
    template = template or rng.choice(("2019", "2021"))
    tpl = load_template(template)
    year = rng.randint(2019, 2020) if template == "2019" else rng.randint(2021, 2025)
    rep = SyntheticReport(template, year, rng.choice(("海林市人民政府", "宝清县七星河乡人民政府", "沭阳县发展和改革局",
                                                     "龙口市七甲镇人民政府", "上海市人民政府办公厅")))
    for it in tpl.active:
        for c in it.contents:
            for m in it.metrics:
                if m.signed:
                    v: int | float = rng.choice((0, 0, rng.randint(-40, 40)))
                elif m.amount:
                    v = rng.choice((0, round(rng.uniform(0, 3000), 2)))
                else:
                    v = _small(rng, 3000)
                rep.active[(it.item, c.code, m.code)] = v
    width = len(tpl.columns)
    results = [r.code for r in tpl.data_rows if r.code.startswith("3.") and r.code != "3.7"]

    def row() -> list[int]:
        vals = [_small(rng, 40) for _ in range(width - 1)]
        return vals + [sum(vals)]

    for code in results:
        rep.applications[code] = row()
    total = [sum(rep.applications[c][k] for c in results) for k in range(width)]
    carried_in, carried_out = row(), row()
    carried_in = [min(a, b) for a, b in zip(carried_in, total, strict=True)]
    carried_in[-1] = sum(carried_in[:-1])
    new = [t + o - i for t, o, i in zip(total, carried_out, carried_in, strict=True)]
    rep.applications.update({"1": new, "2": carried_in, "3.7": total, "4": carried_out})
    for _ in tpl.proceedings:
        block = [_small(rng, 9) for _ in range(4)]
        rep.review.extend(block + [sum(block)])
    return rep


def _fmt(v: int | float) -> str:
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))
    return str(v)


def _t2_blocks(rep: SyntheticReport, tpl: Template) -> list[tuple[str, list[str], list[tuple[str, list[str]]]]]:
    blocks = []
    for it in tpl.active:
        header = [m.labels[0] for m in it.metrics]
        rows = [(c.labels[0], [_fmt(rep.active[(it.item, c.code, m.code)]) for m in it.metrics]) for c in it.contents]
        blocks.append((it.heading, header, rows))
    return blocks


def _t3_rows(rep: SyntheticReport, tpl: Template) -> list[tuple[str, str, str, list[str]]]:
    """(group label, sub label, leaf label, values) per printed data row, in template order."""
    out = []
    group = ""
    for r in tpl.app_rows:
        if r.group:
            group = r.labels[0]
            continue
        vals = [str(v) for v in rep.applications[r.code]]
        if r.code in ("1", "2", "4"):
            out.append((r.labels[0], "", "", vals))
            group = ""
        elif r.code.count(".") == 2:
            out.append(("三、本年度办理结果", group, r.labels[0], vals))
        else:
            out.append(("三、本年度办理结果", r.labels[0], "", vals))
            group = ""
    return out


def _prose(rep: SyntheticReport) -> list[list[str]]:
    total_new = rep.applications["1"][-1]
    return [
        [f"本报告所列数据统计期限自{rep.year}年1月1日起至{rep.year}年12月31日止。"],
        [f"{rep.year}年，本机关认真贯彻落实《条例》，共收到政府信息公开申请{total_new}件。"],
        [], [], [], ["本年度没有其他需要报告的事项。"],
    ]


def render(rep: SyntheticReport, form: str) -> tuple[bytes, str]:
    """Render a report; returns (bytes, file name with the form's extension)."""
    tpl = load_template(rep.template)
    title = f"{rep.agency}{rep.year}年政府信息公开工作年度报告"
    if form == "html":
        return _render_html(rep, tpl, title).encode("utf-8"), "report.html"
    if form == "markdown":
        return _render_markdown(rep, tpl, title).encode("utf-8"), "report.md"
    if form in ("tab", "lines", "glued"):
        return _render_text(rep, tpl, title, form).encode("utf-8"), "report.txt"
    raise ValueError(f"unknown form {form!r}")


def _render_text(rep: SyntheticReport, tpl: Template, title: str, form: str) -> str:
    prose = _prose(rep)
    parts: list[str] = [title, ""]
    sep = "\t" if form == "tab" else ("\n\n" if form == "lines" else "")

    def row(cells: list[str]) -> str:
        return sep.join(cells)

    for no, head in enumerate(SECTION_TITLES, start=1):
        parts += [head, ""]
        parts += prose[no - 1]
        if no == 2:
            for heading, header, rows in _t2_blocks(rep, tpl):
                parts.append(row([heading]))
                parts.append(row(["信息内容", *header]))
                parts += [row([label, *vals]) for label, vals in rows]
        elif no == 3:
            parts.append(row([T3_HEADER, "", "申请人情况"]) if form == "tab" else row([T3_HEADER, "申请人情况"]))
            parts.append(row(["", "", *APPLICANTS]) if form == "tab" else row(list(APPLICANTS)))
            for g, s, leaf, vals in _t3_rows(rep, tpl):
                if form == "tab":
                    parts.append(row([g, s, leaf, *vals]) if leaf else row([g, s, *vals]))
                else:
                    parts.append(row([x for x in (g, s, leaf) if x] + vals))
        elif no == 4:
            parts.append(row(["行政复议", "行政诉讼"]))
            parts.append(row(list(T4_OUTCOMES) + ["未经复议直接起诉", "复议后起诉"]))
            parts.append(row(list(T4_OUTCOMES) * 2))
            parts.append(row([str(v) for v in rep.review]))
        parts.append("")
    parts.append(f"{rep.agency}")
    parts.append(f"{rep.year + 1}年1月20日")
    return "\n".join(parts) + "\n"


def _td(text: str, rs: int = 1, cs: int = 1) -> str:
    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    body = f'<p><span style="font-family:仿宋">{escape(text)}</span><span><o:p></o:p></span></p>' if text else \
        "<p><span><o:p>&nbsp;</o:p></span></p>"
    return f"<td{attrs}>{body}</td>"


def _render_html(rep: SyntheticReport, tpl: Template, title: str) -> str:
    prose = _prose(rep)
    out = [f'<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="{escape(title)}">'
           f"<title>{escape(title)}</title></head><body>",
           '<div class="nav">首页 &gt; 政府信息公开 &gt; 年报</div><div id="zoom">', f"<h1>{escape(title)}</h1>"]
    for no, head in enumerate(SECTION_TITLES, start=1):
        out.append(f"<p><strong>{escape(head)}</strong></p>")
        out += [f"<p>{escape(p)}</p>" for p in prose[no - 1]]
        if no == 2:
            out.append("<table border=1>")
            for heading, header, rows in _t2_blocks(rep, tpl):
                width = 1 + max(len(header), 1)
                out.append(f"<tr>{_td(heading, cs=4)}</tr>")
                out.append("<tr>" + _td("信息内容") + "".join(_td(h, cs=(4 - len(header)) if i == len(header) - 1 else 1)
                                                           for i, h in enumerate(header)) + "</tr>")
                for label, vals in rows:
                    out.append("<tr>" + _td(label) + "".join(
                        _td(v, cs=(4 - len(vals)) if i == len(vals) - 1 else 1) for i, v in enumerate(vals)) + "</tr>")
                del width
            out.append("</table>")
        elif no == 3:
            out.append(_html_t3(rep, tpl))
        elif no == 4:
            out.append("<table border=1><tr>" + _td("行政复议", cs=5) + _td("行政诉讼", cs=10) + "</tr><tr>"
                       + "".join(_td(o, rs=2) for o in T4_OUTCOMES) + _td("未经复议直接起诉", cs=5)
                       + _td("复议后起诉", cs=5) + "</tr><tr>" + "".join(_td(o) for o in T4_OUTCOMES * 2)
                       + "</tr><tr>" + "".join(_td(str(v)) for v in rep.review) + "</tr></table>")
    out.append(f"<p>{escape(rep.agency)}</p><p>{rep.year + 1}年1月20日</p></div>")
    out.append('<div class="foot">扫一扫在手机打开当前页 打印本页 关闭本页</div></body></html>')
    return "\n".join(out)


def _html_t3(rep: SyntheticReport, tpl: Template) -> str:
    rows = _t3_rows(rep, tpl)
    n_results = sum(1 for g, *_ in rows if g.startswith("三"))
    html = ["<table border=1>", "<tr>" + _td(T3_HEADER, rs=3, cs=3) + _td("申请人情况", cs=7) + "</tr>",
            "<tr>" + _td("自然人", rs=2) + _td("法人或其他组织", cs=5) + _td("总计", rs=2) + "</tr>",
            "<tr>" + "".join(_td(a) for a in APPLICANTS[1:6]) + "</tr>"]
    group_sizes: dict[str, int] = {}
    for _g, s, leaf, _v in rows:
        if leaf:
            group_sizes[s] = group_sizes.get(s, 0) + 1
    seen_results = False
    seen_groups: set[str] = set()
    for g, s, leaf, vals in rows:
        cells = ""
        if not g.startswith("三"):
            cells += _td(g, cs=3)
        else:
            if not seen_results:
                cells += _td(g, rs=n_results)
                seen_results = True
            if leaf:
                if s not in seen_groups:
                    cells += _td(s, rs=group_sizes[s])
                    seen_groups.add(s)
                cells += _td(leaf)
            else:
                cells += _td(s, cs=2)
        html.append("<tr>" + cells + "".join(_td(v) for v in vals) + "</tr>")
    html.append("</table>")
    return "\n".join(html)


def _render_markdown(rep: SyntheticReport, tpl: Template, title: str) -> str:
    prose = _prose(rep)
    parts = [f"# {title}", ""]

    def md(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    for no, head in enumerate(SECTION_TITLES, start=1):
        parts += [f"## {head}", ""]
        parts += prose[no - 1]
        if no == 2:
            for heading, header, rows in _t2_blocks(rep, tpl):
                parts += ["", f"**{heading}**", "", md(["信息内容", *header]), md(["---"] * (1 + len(header)))]
                parts += [md([label, *vals]) for label, vals in rows]
        elif no == 3:
            parts += ["", md([T3_HEADER, *APPLICANTS]), md(["---"] * 8)]
            for _g, s, leaf, vals in _t3_rows(rep, tpl):
                parts.append(md([leaf or s or _g, *vals]))
        elif no == 4:
            parts += ["", md(list(T4_OUTCOMES) * 3), md(["---"] * 15), md([str(v) for v in rep.review])]
        parts.append("")
    return "\n".join(parts) + "\n"


def expected_cells(rep: SyntheticReport) -> dict[tuple, int | float | None]:
    """The facts a perfect parser must return, keyed like Fact.key."""
    tpl = load_template(rep.template)
    cells: dict[tuple, int | float | None] = {}
    for (item, content, metric), v in rep.active.items():
        cells[("active", item, content, metric)] = v
    for row, vals in rep.applications.items():
        for col, v in zip(tpl.columns, vals, strict=True):
            cells[("applications", row, col)] = v
    k = 0
    for p in tpl.proceedings:
        for o in tpl.outcomes:
            cells[("review_litigation", p, o)] = rep.review[k]
            k += 1
    return cells
