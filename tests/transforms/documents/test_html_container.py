"""pick_container: the CMS content container that holds the report, by rank of its id/class names."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree

from transforms.documents.html import CONTAINERS, extract, pick_container

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "parse"


def reference_pick(root: etree._Element) -> etree._Element:
    """The rule written plainly: every element whose id or a class name is a container name, best rank
    first (document order among equals), the first whose text mentions the report; else <body>."""
    candidates = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        names = [el.get("id", "")] + el.get("class", "").split()
        ranks = [CONTAINERS.index(n) for n in names if n in CONTAINERS]
        if ranks:
            candidates.append((min(ranks), el))
    for _, el in sorted(candidates, key=lambda c: c[0]):
        text = "".join(el.itertext())
        if "主动公开" in text and ("申请" in text or "复议" in text):
            return el
    body = root.find("body")
    return body if body is not None else root


NAMES = [*CONTAINERS, "contentx", "article-tb", "nav", "zoom2", "main content", "Zoom zoom", "content article"]
TEXTS = ["首页", "主动公开", "主动公开信息，收到申请3件", "行政复议", "复议", "公开申请"]


@pytest.mark.parametrize("seed", range(40))
def test_pick_container_equals_the_plain_rule(seed: int) -> None:
    rng = random.Random(seed)
    parts = ["<html><body>"]
    depth = 0
    for _ in range(rng.randint(1, 40)):
        attrs = ""
        if rng.random() < 0.5:
            attrs += f' id="{rng.choice(NAMES).split()[0]}"'
        if rng.random() < 0.5:
            attrs += f' class="{rng.choice(NAMES)} {rng.choice(NAMES) if rng.random() < 0.3 else ""}"'
        parts.append(f"<div{attrs}>{rng.choice(TEXTS) if rng.random() < 0.7 else ''}")
        depth += 1
        while depth and rng.random() < 0.4:
            parts.append("</div>")
            depth -= 1
    parts.append("</div>" * depth + "</body></html>")
    root = etree.fromstring("".join(parts), etree.HTMLParser())
    assert pick_container(root) is reference_pick(root)


def test_the_best_ranked_container_that_mentions_the_report_is_read() -> None:
    """containers_ranked.html: a 'content' sidebar mentioning 主动公开 and 申请 comes first in the page, an
    'article' block without the report, then the report in #zoom; #zoom outranks both."""
    doc = extract((FIXTURES / "containers_ranked.html").read_bytes(), "containers_ranked.html")
    text = doc.text
    assert "本机关收到政府信息公开申请" in text
    assert "侧栏" not in text and "相关文章" not in text and "网站首页" not in text
