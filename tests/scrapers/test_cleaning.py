"""Chrome and noise stripping on seed 004 (the real 海林市 page: chrome + 球迷网) and on crafted pages."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from scrapers.cleaning import clean_page, detect_noise_tokens, is_chrome_text
from scrapers.demo_portal.build import detail_page, text_to_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED4 = next((FIXTURES / "seeds").glob("004_*.txt"))
TRUTH4 = json.loads(next((FIXTURES / "seeds" / "truth").glob("004_*.json")).read_text(encoding="utf-8"))
SITE = {"family": "hlj", "name": "海林市人民政府"}


@pytest.fixture(scope="module")
def seed4_page() -> str:
    text = SEED4.read_text(encoding="utf-8")
    return detail_page(SITE, "海林市2020年度政府信息公开工作年度报告", "2021-02-01", text_to_html(text), [], True,
                       "utf-8")


def test_seed_004_has_no_chrome_and_no_junk_after_stripping(seed4_page):
    cp = clean_page(seed4_page, "http://www.hailin.gov.cn/hailin/c100190/202102/c01_1.shtml")
    text = unicodedata.normalize("NFKC", cp.text)
    for chrome in TRUTH4["chrome"]:
        assert chrome not in text, chrome
    for noise in TRUTH4["noise"]:
        assert noise not in text and noise not in cp.html
    assert cp.noise_tokens == ["球迷网"]
    removals = [line for line in cp.log if "球迷网" in line]
    assert len(removals) == SEED4.read_text(encoding="utf-8").count("球迷网")
    assert cp.container == "#ivs_content"
    # the report itself survives: sections, narrative numbers, the table values
    for kept in ("一、总体情况", "372", "368", "五、存在的主要问题及改进情况", "22306"):
        assert kept in text
    assert cp.published == "2021-02-01" and cp.title == "海林市2020年度政府信息公开工作年度报告"


def test_seed_004_spam_blocks_removed_and_logged(seed4_page):
    cp = clean_page(seed4_page, "http://www.hailin.gov.cn/x.shtml")
    assert cp.hidden_removed >= 1
    assert "澳门新葡京" not in cp.text and "好色网址" not in cp.text and "haose21" not in cp.html
    assert any(line.startswith("foreign-host link list") for line in cp.log)
    assert any(line.startswith("hidden") for line in cp.log)
    assert any("扫一扫在手机打开当前页" in c for c in cp.chrome_removed)


def test_flattened_seed_text_as_page_too():
    """The seed as a flat page (one <p> per line, no known container): chrome lines still go."""
    text = SEED4.read_text(encoding="utf-8")
    page = "<html><body>" + "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip()) + "</body></html>"
    cp = clean_page(page, "http://www.hailin.gov.cn/x.shtml")
    out = unicodedata.normalize("NFKC", cp.text)
    for chrome in TRUTH4["chrome"]:
        assert chrome not in out, chrome
    assert "球迷网" not in out and cp.container is None and "一、总体情况" in out


def test_hidden_styles_and_offscreen(tmp_path):
    page = ("<html><body><div id='zoom'><p>正文第一段，内容足够长以便识别为正文容器。</p>"
            "<p style='display: none'>隐藏一</p><span style='visibility:hidden'>隐藏二</span>"
            "<p style='font-size:0px'>隐藏三</p><div style='position:absolute;left:-9999px'>隐藏四</div>"
            "<p style='font-size:14px'>可见</p></div></body></html>")
    cp = clean_page(page, "http://a.gov.cn/")
    assert cp.hidden_removed == 4
    assert "可见" in cp.text and not any(f"隐藏{n}" in cp.text for n in "一二三四")


def test_official_links_are_kept():
    page = ("<html><body><div id='zoom'><p>正文内容足够长，包含政府信息公开工作年度报告的说明。</p><ul>"
            "<li><a href='http://www.gov.cn/a'>中国政府网</a></li><li><a href='http://b.gov.cn/'>省政府</a></li>"
            "<li><a href='/c.html'>本站</a></li></ul></div></body></html>")
    cp = clean_page(page, "http://a.gov.cn/x.html")
    assert "中国政府网" in cp.text and "省政府" in cp.text


@pytest.mark.parametrize("text,chrome", [
    ("日期:2021-02-01 来源:", True), ("撰稿:", True), ("返回顶部 打印本页 关闭本页", True),
    ("当前位置：首页 > 政府信息公开 > 年报", True), ("字号：大 中 小", True), ("黑ICP备05000001号", True),
    ("一、总体情况", False), ("2020年全市共制作政府信息总数372条", False), ("来源:海林市人民政府办公室综合科信息中心的很长一段说明文字超过限制", False),
])
def test_is_chrome_text(text, chrome):
    assert is_chrome_text(text) is chrome


def test_statistical_detector_finds_the_junk_token_without_the_lexicon():
    texts = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "realdata").glob("*.*"))
              if p.suffix in (".txt", ".md")]
    found = detect_noise_tokens(texts, place_names=["海林市"])
    assert list(found) == ["球迷网"]
    assert found["球迷网"]["hits"] >= 3 and len(found["球迷网"]["contexts"]) >= 2


def test_statistical_detector_quiet_on_clean_reports():
    texts = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "seeds").glob("*.txt")) if "004_" not in p.name]
    texts += [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "realdata").glob("*.*"))
              if p.suffix in (".txt", ".md")]
    assert detect_noise_tokens(texts) == {}


def test_extra_tokens_are_removed_and_logged():
    page = "<html><body><div id='zoom'><p>根据《国务院办公厅某某某印发通知》，结合某某某实际开展工作。</p></div></body></html>"
    cp = clean_page(page, "http://a.gov.cn/", extra_tokens=["某某某"])
    assert "某某某" not in cp.text and cp.noise_tokens == ["某某某"] and len([x for x in cp.log if "某某某" in x]) == 2
