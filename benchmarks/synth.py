"""Synthetic but valid 年报 pages for scale benchmarks: varied agencies, years, templates and numbers.

Each page is an HTML detail page with a title, six sections and tables 二/三/四 of the 2019 or 2021 national
template (report-format.md §3–§5), with numbers that reconcile (1+2 = 3.7+4, row sums = 总计) except for a
deliberate share of swapped cells, so the checks have something to find. Rendering is string formatting only:
~0.1 ms per page.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

from scrapers.archive import MANIFEST, ArchiveWriter

PLACES = ["海林", "宝清", "龙口", "平潭", "沭阳", "王岗", "高平", "七星河", "怀化", "广元", "莆田", "定西", "武汉",
          "济南", "哈尔滨", "南京", "杭州", "合肥", "福州", "南昌"]
SUFFIXES = ["市人民政府", "县人民政府", "区人民政府", "镇人民政府", "市发展和改革局", "县教育局", "市生态环境局",
            "区财政局", "市人民政府办公室", "街道办事处"]
ROWS_2019 = [("1", "一、本年新收政府信息公开申请数量"), ("2", "二、上年结转政府信息公开申请数量"),
             ("3.1", "（一）予以公开"), ("3.2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
             *[(f"3.3.{i}", lbl) for i, lbl in enumerate(
                 ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
                  "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"], 1)],
             *[(f"3.4.{i}", lbl) for i, lbl in enumerate(
                 ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"], 1)],
             *[(f"3.5.{i}", lbl) for i, lbl in enumerate(
                 ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                  "5.要求行政机关确认或重新出具已获取信息"], 1)]]
TAIL_2019 = [("3.6", "（六）其他处理")]
TAIL_2021 = [("3.6.1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
             ("3.6.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
             ("3.6.3", "3.其他")]
COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
SECTIONS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def _td(cells: list) -> str:
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _active(rng: random.Random, template: str) -> str:
    r = rng.randint
    if template == "2021":
        rows = [_td(["第二十条第（一）项", "", "", ""]), _td(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
                _td(["规章", r(0, 5), r(0, 3), r(5, 40)]), _td(["行政规范性文件", r(0, 30), r(0, 10), r(10, 200)]),
                _td(["第二十条第（五）项", "", "", ""]), _td(["信息内容", "本年处理决定数量", "", ""]),
                _td(["行政许可", r(0, 5000), "", ""]), _td(["第二十条第（六）项", "", "", ""]),
                _td(["信息内容", "本年处理决定数量", "", ""]), _td(["行政处罚", r(0, 3000), "", ""]),
                _td(["行政强制", r(0, 500), "", ""]), _td(["第二十条第（八）项", "", "", ""]),
                _td(["信息内容", "本年收费金额（单位：万元）", "", ""]), _td(["行政事业性收费", f"{r(0, 9999) / 100:.2f}", "", ""])]
    else:
        rows = [_td(["第二十条第（一）项", "", "", ""]), _td(["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]),
                _td(["规章", r(0, 5), r(0, 5), r(5, 40)]), _td(["规范性文件", r(0, 30), r(0, 30), r(10, 200)]),
                _td(["第二十条第（五）项", "", "", ""]), _td(["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]),
                _td(["行政许可", r(0, 300), f"{r(-20, 20):+d}", r(0, 5000)]),
                _td(["其他对外管理服务事项", r(0, 100), f"{r(-5, 5):+d}", r(0, 2000)]),
                _td(["第二十条第（六）项", "", "", ""]), _td(["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]),
                _td(["行政处罚", r(0, 300), f"{r(-20, 20):+d}", r(0, 3000)]),
                _td(["行政强制", r(0, 50), f"{r(-5, 5):+d}", r(0, 500)]),
                _td(["第二十条第（八）项", "", "", ""]), _td(["信息内容", "上一年项目数量", "本年增/减", ""]),
                _td(["行政事业性收费", r(0, 30), f"{r(-3, 3):+d}", ""]), _td(["第二十条第（九）项", "", "", ""]),
                _td(["信息内容", "采购项目数量", "采购总金额", ""]), _td(["政府集中采购", r(0, 50), f"{r(0, 99999) / 10:.1f}万元", ""])]
    return "<table>" + "".join(rows) + "</table>"


def _applications(rng: random.Random, template: str, broken: bool) -> tuple[str, int]:
    rows = ROWS_2019 + (TAIL_2021 if template == "2021" else TAIL_2019)
    result_codes = [c for c, _ in rows if c.startswith("3.")]
    values: dict[str, list[int]] = {}
    for code in result_codes:
        values[code] = [rng.choice((0, 0, 0, 1, 2, 5)) for _ in range(6)]
    values["3.7"] = [sum(values[c][i] for c in result_codes) for i in range(6)]
    values["2"] = [rng.randint(0, 2) for _ in range(6)]
    values["4"] = [rng.randint(0, 2) for _ in range(6)]
    values["1"] = [max(0, values["3.7"][i] + values["4"][i] - values["2"][i]) for i in range(6)]
    values["4"] = [values["1"][i] + values["2"][i] - values["3.7"][i] for i in range(6)]
    if broken:  # seed 004's fault: two cells of 3.7 swapped
        values["3.7"][4], values["3.7"][5] = values["3.7"][5], values["3.7"][4] + 1
    html = ["<table>", _td(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "", "", "", "", "", ""]),
            _td(["", "自然人", "法人或其他组织", "", "", "", "", "总计"]), _td(["", *COLUMNS])]
    order = ["1", "2", "3.1", "3.2", *[c for c in result_codes if c.count(".") == 2 or c == "3.6"], "3.7", "4"]
    labels = dict(rows) | {"3.7": "（七）总计", "4": "四、结转下年度继续办理"}
    for code in order:
        if code == "3.1":
            html.append(_td(["三、本年度办理结果", "", "", "", "", "", "", ""]))
        v = values[code]
        html.append(_td([labels[code], *v, sum(v)]))
    html.append("</table>")
    return "".join(html), sum(values["1"])


def _review(rng: random.Random) -> str:
    blocks = []
    for _ in range(3):
        v = [rng.choice((0, 0, 1, 2)) for _ in range(4)]
        blocks += [*v, sum(v)]
    head = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return ("<table>" + _td(["行政复议", "", "", "", "", "行政诉讼", *[""] * 9])
            + _td([*[""] * 5, "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""])
            + _td(head * 3) + _td(blocks) + "</table>")


def render(i: int, rng: random.Random, years: range = range(2019, 2025), broken_share: float = 0.05
           ) -> tuple[str, int, str]:
    """Page i: (html, report year, agency). Agencies repeat across years so cross-year checks have pairs."""
    agency_no = i // len(years)
    year = years[i % len(years)]
    agency = (PLACES[agency_no % len(PLACES)] + SUFFIXES[(agency_no // len(PLACES)) % len(SUFFIXES)]
              + (f"第{agency_no // (len(PLACES) * len(SUFFIXES))}分局" if agency_no >= len(PLACES) * len(SUFFIXES) else ""))
    template = "2021" if year >= 2021 else "2019"
    apps, received = _applications(rng, template, rng.random() < broken_share)
    title = f"{agency}{year}年政府信息公开工作年度报告"
    body = [f"<h1>{title}</h1>", f"<p>本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。</p>",
            f"<h2>{SECTIONS[0]}</h2><p>{year}年，本机关共收到政府信息公开申请{received}件。</p>",
            f"<h2>{SECTIONS[1]}</h2>", _active(rng, template), f"<h2>{SECTIONS[2]}</h2>", apps,
            f"<h2>{SECTIONS[3]}</h2>", _review(rng),
            f"<h2>{SECTIONS[4]}</h2><p>政府信息公开工作仍存在一些不足。</p>",
            f"<h2>{SECTIONS[5]}</h2><p>本年度未收取信息处理费。</p>", f"<p>{agency}</p><p>{year + 1}年1月{rng.randint(10, 31)}日</p>"]
    html = (f"<html><head><meta charset='utf-8'><title>{title}</title><meta name='ArticleTitle' content='{title}'>"
            f"<meta name='PubDate' content='{year + 1}-01-20'></head><body><div id='zoom'>{''.join(body)}</div></body></html>")
    return html, year, agency


def build_archive(root: Path, n: int, seed: int = 20240101) -> Iterator[int]:
    """Write n synthetic report pages (+ one list page per 100) into a raw archive; yields progress counts.

    The manifest is written in one stream with the ArchiveWriter's row shape (one fsync per row would dominate
    the generation time at 100k pages).
    """
    rng = random.Random(seed)
    w = ArchiveWriter(root)
    fields = ("url", "final_url", "status", "headers", "fetched_at", "sha256", "bytes", "site", "role",
              "parent_url", "title", "year", "content_type", "filename", "clean_sha256", "noise_tokens",
              "chrome_removed", "fault")
    with (root / MANIFEST).open("w", encoding="utf-8") as fh:
        for i in range(n):
            html, year, _ = render(i, rng)
            data = html.encode("utf-8")
            list_url = f"http://synthetic.gov.cn.test/col/col{i // 100}/index.html"
            url = f"http://synthetic.gov.cn.test/art/{year + 1}/1/20/art_{i // 100}_{i}.html"
            row = dict.fromkeys(fields)
            row.update(url=url, final_url=url, status=200, sha256=w.put(data), bytes=len(data), site="synthetic",
                       role="detail", parent_url=list_url, fetched_at=f"{year + 1}-02-01T00:00:00+00:00",
                       content_type="text/html; charset=utf-8")
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
            if i % 1000 == 999:
                yield i + 1
    yield n
