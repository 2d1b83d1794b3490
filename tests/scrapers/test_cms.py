"""CMS adapters and report finding on the demo portal's pages (files built from the fixtures)."""

from __future__ import annotations

import pytest

from scrapers.cms import detect, get_adapter
from scrapers.cms.trs import page_urls
from scrapers.reports import classify_title, is_attachment_url

BASE = "http://127.0.0.1:1"


def _read(root, rel: str) -> str:
    data = (root / rel).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


@pytest.mark.parametrize("rel,family", [
    ("hanweb/col/col1234/index.html", "hanweb"), ("trs/zwgk/zfxxgknb/index.html", "trs"),
    ("hlj/hailin/c100190/zfxxgk_list.shtml", "hlj"), ("gd/gkmlpt/index", "gkmlpt"),
    ("generic/xxgk/ndbg/index.htm", "generic"),
])
def test_detect_family_from_page(demo_root, rel, family):
    assert detect(f"{BASE}/{rel}", _read(demo_root, rel)) == family


def test_hanweb_inline_datastore_and_proxy_paging(demo_root):
    page = get_adapter("hanweb").parse_list(f"{BASE}/hanweb/col/col1234/index.html",
                                            _read(demo_root, "hanweb/col/col1234/index.html"))
    assert len(page.links) == 4 and all("/hanweb/art/" in link.url for link in page.links)
    assert all(link.date for link in page.links)
    assert page.more and all("dataproxy.jsp?page=" in u and "columnid=1234" in u for u in page.more)
    proxy = get_adapter("hanweb").parse_list(page.more[0], _read(demo_root, "hanweb/module/web/jpage/dataproxy_2.xml"))
    assert proxy.links and {u.split("page=")[1][0] for u in proxy.more} >= {"2", "3"}


def test_trs_create_page_html_variants():
    url = "http://x.gov.cn/col/index.html"
    four = page_urls(url, 'createPageHTML(3, 0, "index", "html");')
    assert four == ["http://x.gov.cn/col/index.html", "http://x.gov.cn/col/index_1.html",
                    "http://x.gov.cn/col/index_2.html"]
    six = page_urls(url, "createPageHTML('page_div', 2, 1, 'index', 'shtml', 30);")
    assert six == ["http://x.gov.cn/col/index.shtml", "http://x.gov.cn/col/index_1.shtml"]


def test_gkmlpt_shell_then_api(demo_root):
    ad = get_adapter("gkmlpt")
    shell = ad.parse_list(f"{BASE}/gd/gkmlpt/index", _read(demo_root, "gd/gkmlpt/index"))
    assert shell.more == [f"{BASE}/gd/gkmlpt/api/all/2?page=1&sid=757001"]
    api = ad.parse_list(shell.more[0], _read(demo_root, "gd/gkmlpt/api/all/2_page1.json"))
    assert len(api.links) == 5 and api.more and "page=2" in api.more[0]


def test_hlj_total_page_variable(demo_root):
    page = get_adapter("hlj").parse_list(f"{BASE}/hlj/hailin/c100190/zfxxgk_list.shtml",
                                         _read(demo_root, "hlj/hailin/c100190/zfxxgk_list.shtml"))
    assert f"{BASE}/hlj/hailin/c100190/zfxxgk_list_3.shtml" in page.more


@pytest.mark.parametrize("title,kind,year", [
    ("海林市2020年度政府信息公开工作年度报告", "report", 2020),
    ("2020 年政府信息公开工作年度报告", "report", 2020),
    ("沭阳县发展和改革局2023年政府信息公开年度报告", "report", 2023),
    ("某某局2021年政务信息公开年度报告（超链版）", "report", 2021),
    ("某某县2019年政府信息公开年报（图片版）", "report", 2019),
    ("2020年政府信息公开工作年度报告解读", "skip_interpretation", None),
    ("一图读懂2020年政府信息公开工作年度报告", "skip_interpretation", None),
    ("国务院办公厅政府信息公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知", "skip_format", None),
    ("政府信息公开年报", "column", None), ("乡镇", "column", None),
    ("关于做好政务公开工作的通知", "other", None),
    ("海林市2020年度政府信息公…", "maybe", 2020), ("2020年政府信息公开工作年度报告解…", "maybe", 2020),
])
def test_classify_title(title, kind, year):
    assert classify_title(title) == (kind, year)


@pytest.mark.parametrize("url,ok", [
    ("http://a.gov.cn/P020210128.pdf", True), ("http://a.gov.cn/x.DOCX", True), ("http://a.gov.cn/x.wps", True),
    ("http://a.gov.cn/x.et", True), ("http://a.gov.cn/module/download/downfile.jsp?classid=0&filename=ab.pdf", True),
    ("http://a.gov.cn/x.html", False), ("http://a.gov.cn/col/col1/index.html", False),
])
def test_attachment_urls(url, ok):
    assert is_attachment_url(url) is ok


def test_page_title_prefers_article_title_meta():
    from scrapers.spiders.portal import page_title

    html = ("<html><head><title>首页-某县</title><meta name=\"ArticleTitle\" content=\"某县2020年政府信息公开工作年度报告\">"
            "</head><body><h1>某县2020年政府信息公开…</h1></body></html>")
    assert page_title(html) == "某县2020年政府信息公开工作年度报告"
    assert page_title("<html><h1>甲<b>乙</b></h1><title>丙</title></html>") == "甲乙"
    assert page_title("<html><body>无标题</body></html>") is None


def test_malformed_api_reply_yields_nothing():
    assert get_adapter("gkmlpt").parse_list("http://a.gov.cn/gkmlpt/api/all/2?page=1", "{not json").links == []


def test_js_redirect_pages_are_followed_not_blocked():
    from scrapy.http import HtmlResponse

    from scrapers.middlewares import challenge_reason
    from scrapers.spiders.portal import js_redirect

    page = "<html><head><script>window.location.href='/col/col1234/index.html';</script></head><body></body></html>"
    assert js_redirect(page) == "/col/col1234/index.html"
    assert challenge_reason(HtmlResponse("http://a.gov.cn/", body=page.encode(), headers={"Content-Type": "text/html"})) is None
    assert js_redirect("<html><body>" + "正文" * 50 + "<script>location.href='/x'</script></body></html>") is None


def test_attachment_filename_is_metadata_never_a_path():
    from scrapy.http import Response

    from scrapers.spiders.portal import attachment_filename

    def resp(cd: str | None, url: str = "http://a.gov.cn/files/P0202101.pdf") -> Response:
        return Response(url, headers={"Content-Disposition": cd} if cd else {})

    assert attachment_filename(resp("attachment; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.pdf")) == "年报.pdf"
    assert attachment_filename(resp('attachment; filename="../../etc/passwd"')) == "passwd"
    assert attachment_filename(resp('attachment; filename="a\\\\b.pdf"')) == "b.pdf"
    assert attachment_filename(resp(None)) == "P0202101.pdf"
