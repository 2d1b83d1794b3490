"""Cleaning: same results and CPU time per page as a reference revision of scrapers/cleaning.py.

    .venv/bin/python benchmarks/clean_equivalence.py [--ref HEAD] [--pages 400]

Loads `scrapers/cleaning.py` and its lexicon from git revision --ref (default HEAD: check uncommitted changes) into a temporary module, then runs both
`clean_page`s over every page of the demo portal, the HTML fixtures, the generated benchmark portal
(crawl_speed.generate), demo-portal detail pages of every CMS family with and without spam, and a few edge
pages, with and without extra tokens / allowed hosts and as bytes and str; compares every field of the result.
Also compares is_chrome_text on every line, to_text on every element and remove_tokens on whole trees.
Prints the number of differences (must be 0) and CPU ms per page of each (best of 3, chrome cache cleared).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import crawl_speed  # noqa: E402
from lxml import etree  # noqa: E402

from scrapers import cleaning as new  # noqa: E402
from scrapers.demo_portal import build  # noqa: E402
from scrapers.demo_portal.build import detail_page, text_to_html  # noqa: E402

FIX = REPO / "tests" / "fixtures"
EDGE = [
    "<html><body><div id='zoom'><p>正文第一段，内容足够长以便识别为正文容器。</p><p style='display: none'>隐藏一</p>"
    "<span style='visibility:hidden'>隐藏二</span><p style='font-size:0px'>隐藏三</p>"
    "<div style='position:absolute;left:-9999px'>隐藏四</div><p style='font-size:14px'>可见</p></div></body></html>",
    "<html style='display:none'><body><div style='display:none'>A<p hidden>x<span aria-hidden='true'>y</span>z</p>"
    "tail</div>after<span aria-hidden='false'>keep 扫一扫</span><div id='content'>正文内容足够长，包含政府信息公开"
    "工作年度报告的说明。<nav>首页 &gt; 政务<form>搜索<input></form></nav><header>头部</header>尾巴<footer></footer>"
    "<script>var a=1;</script><style>p{}</style><!-- c --><p>打印本页</p><p>  </p><p><img src=x></p><span>"
    + " " * 300 + "</span></div></body></html>",
    "<html><body><div id='zoom'><p>正文内容足够长，包含政府信息公开工作年度报告的说明。</p><div><ul><li>"
    "<a href='http://a.com/1'>甲甲</a></li><li><a href='http://b.com/2'>乙乙</a></li><li><a href='/c.html'>本站</a>"
    "</li></ul><p>短</p></div><table><tr><td><a href='http://x.cn/'>x</a><a href='https://y.org/'>y</a></td></tr>"
    "</table></div></body></html>",
    "<html><head><meta name='ARTICLETITLE' content=''><meta name='articletitle' content='  大写标题 '>"
    "<meta NAME='PubDate' content='2020-1-2'></head><body><div class=' a\tTRS_Editor\nb '>正文内容足够长，包含政府"
    "信息公开工作年度报告的说明。第一篇。</div><div class='TRS_Editor'>正文内容足够长，包含政府信息公开工作年度报告的"
    "说明。第二篇，更长一些。</div><div class='TRS_Editor2'>正文内容足够长，包含政府信息公开工作年度报告的说明。第三篇，"
    "最长最长最长。</div></body></html>",
    "<html><head><meta name='PubDate' content='   '><title>标题在此</title></head><body><h1>  </h1>"
    "<div class='x title y'>类 标题</div><div id='zoom'>扫一扫\n正文内容足够长，包含政府信息公开工作年度报告的说明。"
    "\n 打印本页 \n<p>ＩＰｖ６ 字号：大 中 小</p>打印本页\n关闭\n正文继续<p>撰稿：张三 校对：李四</p>"
    "发布时间：2020-03-04 10:00\n<span>发布日期：2021年3月5日</span></div></body></html>",
    "<html><body><div id='Zoom'><p>正文内容足够长，包含政府信息公开工作年度报告的说明。</p><p>【<a>打印</a>】【<a>关闭"
    "</a>】</p><div><span>分享到：</span><a>微信</a> <a>微博</a></div><p>\u3000\u3000正文\u00a0 一段\t \t</p><table>"
    "<tr><td> a </td><th>b\u3000\u3000c</th></tr></table></div></body></html>",
    "<html><body><div class='content'>短</div><article>文章内容足够长，包含政府信息公开工作年度报告的说明。文章内容足够长。"
    "</article></body></html>",
    "<html><body>没有容器的页面内容足够长，包含政府信息公开工作年度报告的说明。<p>首页</p></body></html>",
    "<p>no html root 正文内容足够长，包含政府信息公开工作年度报告的说明。</p>",
]


def load_reference(ref: str, tmp: Path):
    for name in ("cleaning.py", "noise_lexicon.yaml"):
        src = subprocess.run(["git", "show", f"{ref}:scrapers/{name}"], cwd=REPO, check=True, capture_output=True)
        (tmp / name).write_bytes(src.stdout)
    spec = importlib.util.spec_from_file_location("reference_cleaning", tmp / "cleaning.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["reference_cleaning"] = mod
    spec.loader.exec_module(mod)
    return mod


def corpus(tmp: Path, pages: int) -> list[tuple[str, str, bytes]]:
    demo = build(tmp / "demo", FIX)
    crawl_speed.generate(tmp / "bench", pages, 20)
    out = [("demo", p.name, p.read_bytes()) for p in sorted(demo.rglob("*.htm*"))]
    out += [("fix", p.name, p.read_bytes()) for p in sorted(FIX.rglob("*.htm*"))]
    out += [("bench", p.name, p.read_bytes()) for p in sorted((tmp / "bench").rglob("*.htm*"))]
    out += [("syn", "empty", b""), ("syn", "ws", b"   "),
            ("syn", "xml", "<?xml version='1.0' encoding='gbk'?><html><body><p>扫一扫</p></body></html>".encode())]
    seeds = sorted((FIX / "seeds").glob("*.txt"))
    for fam in ("hanweb", "trs", "hlj", "gkmlpt", "generic"):
        for i, sp in enumerate(seeds):
            body = text_to_html(sp.read_text(encoding="utf-8"))
            for spam in (True, False):
                h = detail_page({"family": fam, "name": "某县人民政府"}, "标题", "2021-02-01", body,
                                [("/a.doc", "附件1"), ("http://evil.com/x", "外链")], spam, "utf-8" if i % 2 else "gbk")
                out.append(("gen", f"{fam}-{sp.stem}-{spam}", h.encode("utf-8" if i % 2 else "gb18030")))
    out += [("edge", f"edge{i}", e.encode("utf-8")) for i, e in enumerate(EDGE)]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref", default="HEAD")
    ap.add_argument("--pages", type=int, default=400)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    ref = load_reference(args.ref, tmp)
    datas = corpus(tmp, args.pages)
    diffs = 0

    def differ(what: str, a, b) -> None:
        nonlocal diffs
        diffs += 1
        if diffs <= 10:
            print("DIFF", what, repr(a)[:300], "\n  vs", repr(b)[:300])

    variants = [{}, {"extra_tokens": ["球迷网", "我市"], "allowed_hosts": ["example.com"]}]
    for kind, name, data in datas:
        url = "http://127.0.0.1:8000/" + name
        for kw in variants:
            for inp in (data,) if kind in ("bench", "gen") else (data, data.decode("utf-8", "replace")):
                a = dataclasses.asdict(ref.clean_page(inp, url, **kw))
                b = dataclasses.asdict(new.clean_page(inp, url, **kw))
                for f in a:
                    if a[f] != b[f]:
                        differ(f"clean_page {kind} {name} {f} {kw}", a[f], b[f])
    lines = {ln for _k, _n, d in datas for ln in ref.clean_page(d, "http://x/").text_with_noise.split("\n")}
    for ln in lines:
        if ref.is_chrome_text(ln) != new.is_chrome_text(ln):
            differ("is_chrome_text", ln, "")
    checked = {"to_text": 0, "remove_tokens": 0}
    for _kind, name, data in [d for d in datas if d[0] != "bench"] + [d for d in datas if d[0] == "bench"][:30]:
        if not data.strip():
            continue
        html = ref._decode(data).replace("<?xml", "<!--x-->", 1)
        doc = etree.fromstring(html.encode(), ref._PARSER)
        if doc is None:
            continue
        for el in doc.iter():
            checked["to_text"] += 1
            if ref.to_text(el) != new.to_text(el):
                differ(f"to_text {name} <{el.tag}>", ref.to_text(el), new.to_text(el))
        html = html.replace("<p>", "<p title='年度报告 政府' alt='x'>", 3)
        for toks in (["球迷网"], ["政府", "年度", "报告"], ["信息", "信息公开", "公开工作"], ["a", "1", "的"]):
            d1, d2 = etree.fromstring(html.encode(), ref._PARSER), etree.fromstring(html.encode(), ref._PARSER)
            r1, r2 = d1.find("body"), d2.find("body")
            for x1, x2 in ((d1, d2),) + (((r1, r2),) if r1 is not None else ()):
                l1: list[str] = []
                l2: list[str] = []
                o1, o2 = ref.remove_tokens(x1, toks, l1), new.remove_tokens(x2, toks, l2)
                checked["remove_tokens"] += 1
                if (o1, l1, etree.tostring(d1)) != (o2, l2, etree.tostring(d2)):
                    differ(f"remove_tokens {name} {toks}", l1[:3], l2[:3])
    print(f"pages {len(datas)}, is_chrome_text lines {len(lines)}, to_text elements {checked['to_text']}, "
          f"remove_tokens trees {checked['remove_tokens']}")
    print("DIFFERENCES:", diffs)
    timed = [d for k, _n, d in datas if k in ("bench", "demo")]
    for label, mod in ((f"{args.ref}", ref), ("worktree", new)):
        best = float("inf")
        for _ in range(3):
            if hasattr(mod, "_chrome_checker"):
                mod._chrome_checker.cache_clear()
            c0 = time.process_time()
            for d in timed:
                mod.clean_page(d, "http://127.0.0.1/x.html")
            best = min(best, time.process_time() - c0)
        print(f"{label}: {1000 * best / len(timed):.2f} ms CPU per page (clean_page, {len(timed)} pages)")


if __name__ == "__main__":
    main()
