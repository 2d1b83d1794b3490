"""Build the demo portal from spec.yaml and the fixture reports (deterministic: same input, same bytes).

Each site renders its CMS family's real list mechanics (Hanweb inline XML datastore + dataproxy.jsp paging,
TRS createPageHTML/index_N.html, the Heilongjiang platform's zfxxgk_list_N.shtml, gkmlpt's JSON list API,
plain 下一页 links) and detail pages wrapped in portal chrome. Report text becomes HTML: paragraphs, and
tab-separated rows become real <table> markup with rowspan/colspan inferred from the blank label cells.
Attachments come from tests/fixtures/documents when that folder exists (PDF/DOCX/DOC rendered by the
documents tooling); otherwise small DOCX (python-docx) and PDF files are generated here.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SPEC = HERE / "spec.yaml"
FIXTURES = HERE.parents[1] / "tests" / "fixtures"
MIRROR = "http://www.haose21.com"  # a known clone host (report-format.md §8); never contacted: refused first


# ------------------------------------------------------------------ report text → HTML

def _is_number(cell: str) -> bool:
    return bool(re.fullmatch(r"[+\-]?\d[\d,.]*\s*(?:万元|%)?", cell.strip()))


def table_html(rows: list[list[str]]) -> str:
    """Tab rows → <table>; a leading blank cell under a label extends that label's rowspan, a blank cell
    right after a header label (rows without numbers) extends its colspan."""
    width = max(len(r) for r in rows)
    grid = [[c.strip() for c in r] + [""] * (width - len(r)) for r in rows]
    span: dict[tuple[int, int], list[int]] = {}  # origin -> [rowspan, colspan]
    covered: set[tuple[int, int]] = set()
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for i, row in enumerate(grid):
        first = next((j for j, c in enumerate(row) if c), len(row))
        header = not any(_is_number(c) for c in row)
        for j, cell in enumerate(row):
            if (i, j) in covered:
                continue
            if cell:
                span[(i, j)] = [1, 1]
                owner[(i, j)] = (i, j)
                continue
            above = owner.get((i - 1, j))
            if j < first and above is not None and span[above][1] == 1:
                span[above][0] += 1
                covered.add((i, j))
                owner[(i, j)] = above
            elif header and j > 0 and owner.get((i, j - 1)) == (i, j - 1) and j < len(row):
                left = (i, j - 1)
                if any(row[j:]) or i == 0:
                    span[left][1] += 1
                    covered.add((i, j))
                    owner[(i, j)] = left
                else:
                    span[(i, j)] = [1, 1]
                    owner[(i, j)] = (i, j)
            else:
                span[(i, j)] = [1, 1]
                owner[(i, j)] = (i, j)
    out = ["<table border=\"1\" cellspacing=\"0\">"]
    for i, row in enumerate(grid):
        tds = []
        for j, cell in enumerate(row):
            if (i, j) in covered or (i, j) not in span:
                continue
            rs, cs = span[(i, j)]
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            tds.append(f"<td{attrs}>{html.escape(cell)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def text_to_html(text: str) -> str:
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append(lines[i].split("\t"))
                i += 1
            out.append(table_html(rows))
            continue
        if line.strip().startswith("|"):
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                    rows.append(cells)
                i += 1
            if rows:
                out.append(table_html(rows))
            continue
        t = re.sub(r"^#+\s*", "", line.strip()).replace("**", "")
        if t:
            out.append(f"<p>{html.escape(t)}</p>")
        i += 1
    return "\n".join(out)


# ------------------------------------------------------------------ attachments

def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so generated DOCX files are byte-identical across builds."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, src.read(info.filename))
    return buf.getvalue()


def make_docx(text: str) -> bytes:
    import docx  # python-docx, a project dependency

    d = docx.Document()
    d.core_properties.created = d.core_properties.modified = datetime(2020, 1, 1)
    for line in text.splitlines():
        if "\t" in line:
            cells = line.split("\t")
            t = d.add_table(rows=1, cols=len(cells))
            for c, val in zip(t.rows[0].cells, cells, strict=True):
                c.text = val
        elif line.strip():
            d.add_paragraph(line.strip())
    buf = io.BytesIO()
    d.save(buf)
    return _fixed_zip(buf.getvalue())


def make_pdf(title: str) -> bytes:
    """A minimal valid one-page PDF (ASCII only): stands in when the documents fixtures are absent."""
    stream = f"BT /F1 12 Tf 72 720 Td (gongkai demo attachment: {title}) Tj ET".encode("ascii", "replace")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def attachment_bytes(fixtures: Path, source: str, fmt: str, text: str, title: str) -> bytes | None:
    stem = Path(source).stem
    kind = "seed" if source.startswith("seeds/") else "real"
    doc = fixtures / "documents" / fmt / f"{kind}_{stem}.{fmt}"
    if doc.exists():
        return doc.read_bytes()
    if fmt == "docx":
        return make_docx(text)
    if fmt == "pdf":
        return make_pdf(title.encode("unicode_escape").decode("ascii"))
    return None  # .doc needs the documents fixtures


# ------------------------------------------------------------------ page templates

CHROME_TOP = """<div class="top"><a href="/">首页</a> | 政务公开 | 政务服务 | 互动交流 | 无障碍 | 长者版 | 繁體版</div>
<div class="crumb">当前位置：<a href="#">首页</a> &gt; <a href="#">政府信息公开</a> &gt; <a href="#">政府信息公开年报</a></div>"""
CHROME_BOTTOM = """<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> 扫一扫在手机打开当前页</div>
<div class="tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭本页</a> <a href="#top">返回顶部</a></div>
<div class="related">相关链接：<a href="/">中国政府网</a></div>
<div class="footer">主办单位：{name}办公室　网站标识码：{code}　黑ICP备05000001号　支持IPv6</div>"""


def page(title: str, body: str, charset: str | None, head: str = "") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (f"<!DOCTYPE html>\n<html><head>{meta}<title>{html.escape(title)}</title>{head}</head>\n"
            f"<body>\n{body}\n</body></html>\n")


def detail_page(site: dict, title: str, date: str, content: str, attachments: list[tuple[str, str]],
                spam: bool, charset: str | None) -> str:
    container = {"hanweb": 'id="zoom"', "trs": 'class="TRS_Editor"', "hlj": 'id="ivs_content"',
                 "gkmlpt": 'class="article-content"', "generic": 'id="content"'}[site["family"]]
    att = "".join(f'<p><a href="{html.escape(u)}">{html.escape(t)}</a></p>' for u, t in attachments)
    spam_html = ""
    if spam:
        spam_html = (f'<div style="display:none"><a href="{MIRROR}/a.html">澳门新葡京</a>'
                     f'<a href="http://www.082355.com/">皇冠体育</a></div>'
                     f'<ul class="tags"><li><a href="{MIRROR}/">好色网址</a></li>'
                     f'<li><a href="http://www.eshutan.com/">体育竞猜</a></li>'
                     f'<li><a href="http://www.275167.com/">在线娱乐</a></li></ul>')
    head = (f'<meta name="ArticleTitle" content="{html.escape(title)}"><meta name="PubDate" content="{date}">'
            f'<meta name="SiteName" content="{html.escape(site["name"])}"><meta name="ColumnName" content="政府信息公开年报">')
    body = (f"{CHROME_TOP}\n<h1 class=\"title\">{html.escape(title)}</h1>\n"
            f"<div class=\"info\">发布日期：{date}　来源：{html.escape(site['name'])}　浏览次数：128　"
            f"字号：<a href=\"#\">大</a> <a href=\"#\">中</a> <a href=\"#\">小</a></div>\n"
            f"<div {container}>\n{content}\n{spam_html}</div>\n"
            + (f'<div class="attach">附件：{att}</div>\n' if att else "")
            + CHROME_BOTTOM.format(name=html.escape(site["name"]), code="2310830001"))
    return page(title, body, charset, head)


def list_page(site: dict, items: list[dict], charset: str | None, extra: str = "", head: str = "") -> str:
    lis = "\n".join(f'<li><a href="{html.escape(it["href"])}" title="{html.escape(it["title"])}" target="_blank">'
                    f'{html.escape(it["title"][:24])}</a><span>{it["date"]}</span></li>' for it in items)
    body = (f"{CHROME_TOP}\n<div class=\"column\"><h2>政府信息公开年报</h2>\n<ul class=\"list\">\n{lis}\n</ul>\n"
            f"{extra}</div>\n" + CHROME_BOTTOM.format(name=html.escape(site["name"]), code="2310830001"))
    return page(f"政府信息公开年报-{site['name']}", body, charset, head)


# ------------------------------------------------------------------ the builder

class _Site:
    def __init__(self, key: str, spec: dict, fillers: list[str], fixtures: Path, out: Path) -> None:
        self.key, self.spec, self.fixtures, self.out = key, spec, fixtures, out
        self.prefix = spec.get("prefix", key)
        self.family = spec["family"]
        enc = spec.get("encoding", "utf-8")
        self.undeclared = enc.endswith("-undeclared")
        self.codec = "gbk" if enc.startswith(("gb", "gbk")) else "utf-8"
        self.charset = None if self.undeclared else enc
        self.files: dict[str, bytes] = {}
        self.behaviours: dict[str, dict] = {}
        self.expected: dict[str, Any] = {"family": self.family, "reports": [], "attachments": [], "faults": [],
                                         "noise": {}}
        self.fillers = [f.format(year=2020 + (i % 3)) for i, f in enumerate(fillers * 2)][: spec.get("fillers", 6)]

    def url(self, rel: str) -> str:
        return f"/{self.prefix}/{rel}"

    def put(self, rel: str, data: bytes | str) -> None:
        self.files[rel] = data.encode(self.codec, "xmlcharrefreplace") if isinstance(data, str) else data

    # URL scheme per family -------------------------------------------------------------
    def detail_rel(self, n: int, date: str) -> str:
        y, m, d = (int(x) for x in date.split("-"))
        col = Path(self.spec["column"]).parent.as_posix()
        return {"hanweb": f"art/{y}/{m}/{d}/art_1234_{1000 + n}.html",
                "trs": f"{col}/{y}{m:02d}/t{y}{m:02d}{d:02d}_{5000 + n}.html",
                "hlj": f"{col}/{y}{m:02d}/c01_{800 + n}.shtml",
                "gkmlpt": f"gkmlpt/content/2/{300 + n}/post_{300 + n}.html",
                "generic": f"{col}/{200 + n}.htm"}[self.family]

    def attachment_rel(self, n: int, k: int, fmt: str, date: str) -> tuple[str, str]:
        """(link as written on the page, final file path) — Hanweb links go through downfile.jsp."""
        y, m, d = date.split("-")
        name = f"P0{y}{m}{d}{600 + n}{k}.{fmt}"
        if self.family == "hanweb":
            hexname = f"{(n * 7919 + k):08x}{n:04d}.{fmt}"
            return f"module/download/downfile.jsp?classid=0&filename={hexname}", f"attach/0/{hexname}"
        col = Path(self.spec["column"]).parent.as_posix()
        rel = f"{col}/{y}{m}/{name}" if self.family != "gkmlpt" else f"gkmlpt/files/{name}"
        return rel, rel

    def build(self) -> None:
        reports = self.spec.get("reports", [])
        entries: list[dict] = []
        for i, title in enumerate(self.fillers):
            date = f"202{i % 4}-0{1 + i % 9}-1{i % 9}"
            rel = self.detail_rel(90 + i, date)
            self.put(rel, detail_page(self.spec, title, date, f"<p>{html.escape(title)}。</p>", [], False,
                                      self.charset))
            entries.append({"title": title, "date": date, "href": "/" + self.prefix + "/" + rel, "rel": rel})
        n_total = len(entries) + len(reports)
        for k, rep in enumerate(reports):
            item = self.report(k, rep)
            if item is None:
                continue
            pos = min(len(entries), round((k + 0.5) * n_total / max(1, len(reports))))
            entries.insert(pos, item)
        sub = [e for e in entries if e.get("subcolumn")]
        main = [e for e in entries if not e.get("subcolumn")]
        getattr(self, f"lists_{self.family}")(main, sub)

    def report(self, k: int, rep: dict) -> dict | None:
        src = self.fixtures / rep["source"]
        text = src.read_text(encoding="utf-8")
        inject = rep.get("inject_noise")
        if inject:  # a hijacked copy: one junk token replacing common words, as in seed 004
            for word in inject["replaces"]:
                text = text.replace(word, inject["token"])
        title, date, year = rep["title"], rep["date"], rep["year"]
        body = rep.get("body", "html")
        fault = rep.get("fault")
        item = {"title": title, "date": date, "subcolumn": bool(rep.get("subcolumn"))}
        if body == "direct_attachment":
            fmt = rep["attachments"][0]
            link, rel = self.attachment_rel(k, 0, fmt, date)
            data = attachment_bytes(self.fixtures, rep["source"], fmt, text, title)
            self.put(rel, data)
            item["href"] = self.url(link)
            self.expected["reports"].append({"path": self.url(link), "title": title, "year": year,
                                             "role": "attachment"})
            self.expected["attachments"].append(self.url(link))
            return item
        rel = self.detail_rel(k, date)
        item["href"] = self.url(rel)
        atts: list[tuple[str, str]] = []
        for j, fmt in enumerate(rep.get("attachments", [])):
            data = attachment_bytes(self.fixtures, rep["source"], fmt, text, title)
            if data is None:
                continue
            link, frel = self.attachment_rel(k, j + 1, fmt, date)
            self.put(frel, data)
            atts.append((self.url(link), f"附件{j + 1}：{title}.{fmt}"))
            if not fault:
                self.expected["attachments"].append(self.url(link))
            if link != frel:
                self.behaviours[self.url(link).split("?")[0]] = {
                    "kind": "param_redirect", "param": "filename", "to": self.url(Path(frel).parent.as_posix())
                    + "/{value}"}
            if self.family == "generic":
                self.behaviours[self.url(frel)] = {"headers": {
                    "Content-Disposition": f"attachment; filename*=UTF-8''{_quote(title)}.{fmt}"}}
        if self.spec.get("truncated_attachment") and k == 0:
            link, frel = self.attachment_rel(k, 9, "pdf", date)
            self.put(frel, attachment_bytes(self.fixtures, rep["source"], "pdf", text, title) or make_pdf("x"))
            atts.append((self.url(link), "附件：统计表（扫描件）.pdf"))
            self.behaviours[self.url(frel)] = {"kind": "truncate"}
            self.expected["faults"].append({"path": self.url(link), "kind": "truncated"})
        if body == "raw":
            self.files[rel] = src.read_bytes()
        else:
            content = ("<p>详见附件。</p>" if body == "attachment_only" else text_to_html(text))
            self.put(rel, detail_page(self.spec, title, date, content, atts, bool(rep.get("spam")),
                                      self.charset))
        path = self.url(rel)
        if fault == "offsite_redirect":
            self.behaviours[path] = {"kind": "redirect", "to": f"{MIRROR}/{self.prefix}/{rel}"}
            self.expected["faults"].append({"path": path, "kind": "offsite"})
        elif fault == "robots":
            item["href"] = path = self.url("private/" + Path(rel).name)
            self.put("private/" + Path(rel).name, self.files[rel])
            self.expected["faults"].append({"path": path, "kind": "robots"})
        elif fault == "not_found":
            del self.files[rel]
            self.expected["faults"].append({"path": path, "kind": "http_error"})
        elif fault == "slow":
            self.behaviours[path] = {"kind": "slow", "seconds": self.spec.get("slow_seconds", 8)}
            self.expected["faults"].append({"path": path, "kind": "timeout"})
        elif fault == "challenge":
            self.files[rel] = (b"<html><head><script>var x='__jsl_clearance=1592;max-age=3600';"
                               b"document.cookie=x;location.href=location.pathname+'?t=1';</script></head>"
                               b"<body></body></html>")
            self.expected["faults"].append({"path": path, "kind": "blocked"})
        elif fault == "status_521":
            self.files[rel] = b"<html><script>document.cookie='acw_sc__v2=1';location.reload()</script></html>"
            self.behaviours[path] = {"kind": "status", "status": 521}
            self.expected["faults"].append({"path": path, "kind": "blocked"})
        if not fault:
            self.expected["reports"].append({"path": path, "title": title, "year": year, "role": "detail",
                                             "source": rep["source"], "body": body})
            if rep.get("spam") or inject:
                lexicon = ["球迷网"] if "球迷网" in text else []
                self.expected["noise"][path] = lexicon + ([inject["token"]] if inject else [])
        if rep.get("fault_once") == "error_once":
            self.behaviours[path] = {"kind": "error_once"}
            self.expected["faults"].append({"path": path, "kind": "http_error", "transient": True})
        return item

    # list mechanics per family ---------------------------------------------------------
    def _pages(self, entries: list[dict]) -> list[list[dict]]:
        per = int(self.spec.get("perpage", 5))
        return [entries[i:i + per] for i in range(0, len(entries), per)] or [[]]

    def lists_hanweb(self, entries: list[dict], sub: list[dict]) -> None:
        pages = self._pages(entries)
        proxy = "module/web/jpage/dataproxy.jsp"
        query = "?page=1&webid=2&path=/&columnid=1234&unitid=5678&permissiontype=0"

        def records(items: list[dict]) -> str:
            return "\n".join(f"<record><![CDATA[<li><a href='{it['href']}' title='{html.escape(it['title'])}' "
                             f"target='_blank'>{html.escape(it['title'][:20])}</a><span>{it['date']}</span></li>]]>"
                             f"</record>" for it in items)

        total = sum(len(p) for p in pages)
        store = (f'<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="{self.url(proxy)}{query}">'
                 f'</a>]]></nextgroup><recordset>\n{records(pages[0])}\n</recordset></datastore></script>\n'
                 f"<script>$('#div1234').jpage({{dataStore: dataStore, perPage: {self.spec.get('perpage', 5)}, "
                 f"totalRecord: {total}, proxyUrl: '{self.url(proxy)}'}});</script>")
        self.put(self.spec["column"], list_page(self.spec, [], self.charset, extra=store))
        for n, items in enumerate(pages, 1):
            xml = (f'<?xml version="1.0" encoding="utf-8"?><datastore><totalrecord>{total}</totalrecord>'
                   f"<totalpage>{len(pages)}</totalpage><recordset>\n{records(items)}\n</recordset></datastore>")
            self.put(f"module/web/jpage/dataproxy_{n}.xml", xml)
        self.behaviours[self.url(proxy)] = {"kind": "paged", "param": "page",
                                            "file": self.url("module/web/jpage/dataproxy_{page}.xml"),
                                            "content_type": "text/xml; charset=utf-8"}

    def lists_trs(self, entries: list[dict], sub: list[dict]) -> None:
        pages = self._pages(entries)
        col = Path(self.spec["column"]).parent.as_posix()
        for n, items in enumerate(pages):
            script = f'<script>createPageHTML({len(pages)}, {n}, "index", "html");</script>'
            name = "index.html" if n == 0 else f"index_{n}.html"
            self.put(f"{col}/{name}", list_page(self.spec, items, self.charset, extra=script))

    def lists_hlj(self, entries: list[dict], sub: list[dict]) -> None:
        pages = self._pages(entries)
        col = Path(self.spec["column"]).parent.as_posix()
        for n, items in enumerate(pages, 1):
            script = f"<script>var totalPage = {len(pages)}; var currentPage = {n};</script>"
            name = "zfxxgk_list.shtml" if n == 1 else f"zfxxgk_list_{n}.shtml"
            self.put(f"{col}/{name}", list_page(self.spec, items, self.charset, extra=script))

    def lists_gkmlpt(self, entries: list[dict], sub: list[dict]) -> None:
        pages = self._pages(entries)
        shell = ('<div id="app">加载中…</div><script src="/gkmlpt/static/app.js"></script>'
                 '<script>window.GKMLPT_CONFIG = {sid: "757001", column: 2};</script>')
        self.put(self.spec["column"], list_page(self.spec, [], self.charset, extra=shell))
        total = sum(len(p) for p in pages)
        for n, items in enumerate(pages, 1):
            arts = [{"id": 300 + i, "title": it["title"], "url": it["href"], "first_publish_time": it["date"]}
                    for i, it in enumerate(items)]
            self.put(f"gkmlpt/api/all/2_page{n}.json", json.dumps(
                {"articles": arts, "total": total, "page": n, "page_size": int(self.spec.get("perpage", 5))},
                ensure_ascii=False))
        self.behaviours[self.url("gkmlpt/api/all/2")] = {"kind": "paged", "param": "page",
                                                         "file": self.url("gkmlpt/api/all/2_page{page}.json"),
                                                         "content_type": "application/json; charset=utf-8"}

    def lists_generic(self, entries: list[dict], sub: list[dict]) -> None:
        pages = self._pages(entries)
        col = Path(self.spec["column"]).parent.as_posix()
        names = ["index.htm"] + [f"index_{n}.htm" for n in range(2, len(pages) + 1)]
        for n, items in enumerate(pages):
            nav = ""
            if sub and n == 0:
                nav += f'<p><a href="{self.url(col + "/xz/index.htm")}">乡镇</a></p>'
            if n + 1 < len(pages):
                nav += f'<p><a href="{names[n + 1]}">下一页</a></p>'
            elif self.spec.get("trap"):
                nav += '<p><a href="cal/p1.htm">下一页</a></p>'
            self.put(f"{col}/{names[n]}", list_page(self.spec, items, self.charset, extra=nav))
        if sub:
            self.put(f"{col}/xz/index.htm", list_page(self.spec, sub, self.charset))
        if self.spec.get("trap"):
            self.behaviours["prefix:" + self.url(col + "/cal/")] = {"kind": "trap"}
            self.expected["faults"].append({"path": self.url(col + "/cal/"), "kind": "trap_guard",
                                            "match": "prefix"})


def _quote(s: str) -> str:
    from urllib.parse import quote

    return quote(s, safe="")


def build(out: str | Path, fixtures: str | Path = FIXTURES, spec_path: str | Path = SPEC) -> Path:
    """Render every demo site under `out`; write `_behaviours.json`, `robots.txt`, `expected.json`."""
    out = Path(out)
    fixtures = Path(fixtures)
    spec = yaml.safe_load(Path(spec_path).read_text(encoding="utf-8"))
    behaviours: dict[str, dict] = {}
    expected: dict[str, Any] = {"sites": {}}
    for key, sspec in spec["sites"].items():
        site = _Site(key, sspec, spec["fillers"], fixtures, out)
        site.build()
        for rel, data in sorted(site.files.items()):
            p = out / site.prefix / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
        behaviours.update(site.behaviours)
        expected["sites"][f"demo-{key}"] = {**site.expected, "prefix": site.prefix,
                                           "start": site.url(sspec["column"])}
    out.mkdir(parents=True, exist_ok=True)
    (out / "robots.txt").write_text("User-agent: *\nDisallow: /generic/private/\n", encoding="utf-8")
    (out / "index.html").write_text(page("gongkai demo portal", "".join(
        f'<p><a href="{v["start"]}">{k}</a></p>' for k, v in expected["sites"].items()), "utf-8"),
        encoding="utf-8")
    (out / "_behaviours.json").write_text(json.dumps(behaviours, ensure_ascii=False, indent=1, sort_keys=True),
                                          encoding="utf-8")
    (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True),
                                       encoding="utf-8")
    return out


def expected(root: str | Path, base_url: str | None = None) -> dict[str, Any]:
    """The reports, attachments and faults each demo site holds (absolute URLs when base_url is given)."""
    data = json.loads((Path(root) / "expected.json").read_text(encoding="utf-8"))
    if base_url:
        b = base_url.rstrip("/")
        for s in data["sites"].values():
            for r in s["reports"]:
                r["url"] = b + r["path"]
            s["attachments"] = [b + a for a in s["attachments"]]
            for f in s["faults"]:
                f["url"] = b + f["path"]
    return data
