"""Chrome and noise stripping of detail pages — pure functions, no network, no Scrapy.

Why: portal pages wrap the report in navigation, info bars, share/print/close links, editor sign-offs
(撰稿/校对/一审…), hidden spam blocks and sometimes injected junk tokens (seed 004's 球迷网 replacing 关于/我市/
更多). Parsers should see only the report. The raw page stays untouched in the archive; this module returns a
cleaned copy plus a log of every removal so nothing disappears silently.

Noise tokens come from a curated lexicon (noise_lexicon.yaml) and from `detect_noise_tokens`, a statistical
detector run across many pages: a token that keeps appearing exactly where 关于/我市/更多 (or the place name)
would fit is junk. Tokens are removed, never "repaired" with a guessed word.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlparse

import yaml
from lxml import etree

from transforms.documents.html import drop_keep_tail

LEXICON_PATH = Path(__file__).with_name("noise_lexicon.yaml")
_HIDDEN = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:\.0+)?\s*(?:px|pt|em|rem|%)?\s*(?:;|$|!)"
    r"|(?:left|top|text-indent|margin-left)\s*:\s*-\s*\d{3,}\s*px|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$)",
    re.I,
)
_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "section", "span", "font", "a", "h1", "h2", "h3", "h4", "h5", "h6",
               "center", "dl", "dd", "dt", "strong", "b", "em", "label", "form", "nav", "header", "footer"}
_DROP_TAGS = {"script", "style", "noscript", "iframe", "object", "embed", "form", "button", "input", "select",
              "textarea", "nav", "header", "footer", "cite", "track", "noframes", "bdo", "link", "meta"}
_NEWLINE_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "ul",
                 "ol", "dl", "dt", "dd", "center", "blockquote", "pre", "article"}
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
# Plain etree elements (not lxml.html's HtmlElement): the class lookup per node cost ~30% of clean_page.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)
# The attributes themselves (document order; ~4x faster in libxml2 than //*[@style or @hidden or @aria-hidden]).
_MAY_HIDE_ATTRS = etree.XPath("//@style|//@hidden|//@aria-hidden")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def _tc(el) -> str:
    """text_content() for plain etree elements."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)
_DATE = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")


@dataclass
class CleanPage:
    html: str
    text: str
    chrome_removed: list[str] = field(default_factory=list)
    noise_tokens: list[str] = field(default_factory=list)
    hidden_removed: int = 0
    log: list[str] = field(default_factory=list)
    container: str | None = None
    title: str | None = None
    published: str | None = None
    text_with_noise: str = ""  # text after chrome stripping, before junk-token removal (detector input)


@lru_cache(maxsize=4)
def load_lexicon(path: str = str(LEXICON_PATH)) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def _chrome_regex(path: str = str(LEXICON_PATH)) -> re.Pattern[str]:
    lex = load_lexicon(path)
    phrases = sorted(lex["chrome_phrases"], key=len, reverse=True)
    labels = "|".join(map(re.escape, sorted(lex["chrome_labels"], key=len, reverse=True)))
    n = int(lex.get("max_value", 24))
    parts = list(lex.get("chrome_regexes", []))
    parts += [rf"(?:{labels})\s*[:：]\s*[^\s:：]{{0,{n}}}(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"]
    parts += [re.escape(p) for p in phrases]
    return re.compile("|".join(f"(?:{p})" for p in parts))


_SEPARATORS = re.compile(r"[\s>»›|/·•\-–—_:：,，。、()（）\[\]【】<]+")
_CHROME_CACHE_MAX = 200_000


@lru_cache(maxsize=4)
def _chrome_checker(path: str = str(LEXICON_PATH)):
    """is_chrome_text for one lexicon, with the lexicon look-ups done once and a cache per distinct text
    (chrome blocks and short report lines repeat across the pages of a portal)."""
    limit = int(load_lexicon(path).get("max_chrome_block", 120))
    max_raw = 2 * limit
    rx = _chrome_regex(path)
    search, sub, sep_sub, normalize = rx.search, rx.sub, _SEPARATORS.sub, unicodedata.normalize
    cache: dict[str, bool] = {}

    def check(text: str) -> bool:
        if not text or len(text) > max_raw:
            return False
        hit = cache.get(text)
        if hit is not None:
            return hit
        t = normalize("NFKC", text).strip()
        if not t or len(t) > limit or not search(t):  # most report lines hold no chrome word at all
            res = False
        else:
            res = sep_sub("", sub(" ", t)) == ""
        if len(cache) >= _CHROME_CACHE_MAX:
            cache.clear()
        cache[text] = res
        return res

    return check


def is_chrome_text(text: str, path: str = str(LEXICON_PATH)) -> bool:
    """True when a block's text consists only of chrome phrases, labels and separators."""
    return _chrome_checker(path)(text)


def _official(host: str | None, allowed: tuple[str, ...]) -> bool:
    if not host:
        return True
    host = host.lower()
    return host.endswith(".gov.cn") or host == "gov.cn" or any(host == h or host.endswith("." + h) for h in allowed)


_ID_OR_CLASS_ATTRS = etree.XPath("//@id|//@class")  # faster than //*[@id or @class] (see _MAY_HIDE_ATTRS)
_SIMPLE_SELECTOR = re.compile(r"[#.][\w-]+")
_XML_SPACE = re.compile(r"[ \t\r\n]+")  # XPath normalize-space() whitespace


def _find_container(doc, selectors: list[str]):
    index = None  # (element, id, " normalized class ") in document order, built on first use
    for sel in selectors:
        if _SIMPLE_SELECTOR.fullmatch(sel):  # same matches as //*[@id='x'] / contains(concat(' ', …), ' x ')
            if index is None:
                index = [(e, e.get("id"), " " + _XML_SPACE.sub(" ", e.get("class") or "").strip(" ") + " ")
                         for e in dict.fromkeys(a.getparent() for a in _ID_OR_CLASS_ATTRS(doc))]
            if sel[0] == "#":
                found = [e for e, i, _c in index if i == sel[1:]]
            else:
                needle = f" {sel[1:]} "
                found = [e for e, _i, c in index if needle in c]
        elif sel.startswith("#"):
            found = doc.xpath(f"//*[@id='{sel[1:]}']")
        elif sel.startswith("."):
            found = doc.xpath(f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {sel[1:]} ')]")
        else:
            found = doc.xpath(f"//{sel}")
        texts = [(f, _tc(f)) for f in found]
        texts = [(f, t) for f, t in texts if len(t.strip()) > 20]
        if texts:
            return max(texts, key=lambda ft: len(ft[1]))[0], sel
    body = doc.find("body")
    return (body if body is not None else doc), None


def _remove(el) -> None:
    drop_keep_tail(el)


def _short(text: str, n: int = 40) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1] + "…"


# to_text's walk as an XSLT (runs in C): "\n" around block elements, "\t" after table cells, no comments or
# PIs, and script/style keep their children and tails but not their own leading text.
_TEXT_XSLT = etree.XSLT(etree.XML(f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="utf-8"/>
<xsl:template match="{'|'.join(sorted(_NEWLINE_TAGS))}"><xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text></xsl:template>
<xsl:template match="td|th"><xsl:apply-templates/><xsl:text>&#9;</xsl:text></xsl:template>
<xsl:template match="script|style"><xsl:apply-templates select="node()[not(self::text()) or preceding-sibling::*]"/></xsl:template>
<xsl:template match="comment()|processing-instruction()"/>
</xsl:stylesheet>"""))
_SPACES = re.compile(r"  +")  # after U+3000 -> space: the same as [ \u3000]+ -> " ", with a literal prefix
_LEADING_SPACES = re.compile(r"^ +", re.M)
_TRAILING_BLANKS = re.compile(r"[\t ]+$", re.M)
_BLANK_LINE = re.compile(r"^[^\S\n]+$", re.M)
_NEWLINES3 = re.compile(r"\n\n\n+")


def to_text(el) -> str:
    """Text with line breaks at block elements and tabs between table cells (tables stay readable).

    Per line: runs of spaces/U+3000 become one space, leading spaces and trailing tabs/spaces go, and a line of
    whitespace only becomes empty; then 3+ newlines collapse to 2. Done with whole-text regexes."""
    text = str(_TEXT_XSLT(el)).replace("\xa0", " ").replace("\u3000", " ")
    if "  " in text:
        text = _SPACES.sub(" ", text)
    text = _BLANK_LINE.sub("", _TRAILING_BLANKS.sub("", _LEADING_SPACES.sub("", text)))
    return _NEWLINES3.sub("\n\n", text).strip()


_TITLE_ALT_ATTRS = etree.XPath("descendant-or-self::*/@title|descendant-or-self::*/@alt")


def remove_tokens(root, tokens: list[str], log: list[str]) -> list[str]:
    """Delete every occurrence of each junk token from text nodes; log each with its context."""
    found: Counter[str] = Counter()
    toks = sorted(set(tokens), key=len, reverse=True)
    if not toks:
        return []
    pat = re.compile("|".join(map(re.escape, toks)))
    # Only elements whose text, tail or title/alt can hold a token are looked at (found in C): a token in el.text
    # is in string(el), one in el.tail is in string(parent) - so the holders and their children, plus the root.
    cond = " or ".join(f"contains(string(.), $t{i})" for i in range(len(toks)))
    holders = root.xpath(f"descendant-or-self::*[{cond}]", **{f"t{i}": t for i, t in enumerate(toks)})
    candidates = {root, *holders}
    for h in holders:
        candidates.update(h)
    candidates.update(a.getparent() for a in _TITLE_ALT_ATTRS(root))
    for el in root.iter():
        if el not in candidates or not isinstance(el.tag, str):
            continue
        for attr in ("text", "tail"):
            val = getattr(el, attr)
            if not val or not pat.search(val):
                continue
            for m in pat.finditer(val):
                ctx = val[max(0, m.start() - 8): m.end() + 8].replace("\n", " ")
                log.append(f"noise token {m.group(0)!r} removed in <{el.tag}> {attr}: …{ctx}…")
                found[m.group(0)] += 1
            setattr(el, attr, pat.sub("", val))
        for key in ("title", "alt"):
            if el.get(key) and pat.search(el.get(key)):
                el.set(key, pat.sub("", el.get(key)))
    return sorted(found)


def clean_page(html: bytes | str, url: str, *, extra_tokens: list[str] | None = None,
               allowed_hosts: list[str] | tuple[str, ...] = (), lexicon: str = str(LEXICON_PATH)) -> CleanPage:
    """Return the report content of a detail page without chrome, hidden blocks or junk tokens."""
    lex = load_lexicon(lexicon)
    if isinstance(html, bytes):
        html = _decode(html)
    html = _XML_DECL.sub("", html or "")  # lxml refuses str input with an encoding declaration
    log: list[str] = []
    chrome: list[str] = []
    try:
        doc = etree.fromstring(html or "<html/>", _PARSER)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        doc = None
    if doc is None:  # empty or unparseable page
        doc = etree.fromstring("<html><body></body></html>", _PARSER)

    title = _meta(doc, "ArticleTitle") or _first_text(doc, ["//h1", "//*[contains(@class,'title')]", "//title"])
    published = _meta(doc, "PubDate") or _meta(doc, "publishdate")

    # 1. hidden elements anywhere (spam hides link lists and text this way)
    hidden = 0
    # document order, like doc.iter(); only the elements that carry such attributes
    for el in dict.fromkeys(a.getparent() for a in _MAY_HIDE_ATTRS(doc)):
        if el.getparent() is None:
            continue
        style = el.get("style") or ""
        if _HIDDEN.search(style) or el.get("hidden") is not None or el.get("aria-hidden") == "true":
            txt = _short(_tc(el))
            if txt:
                log.append(f"hidden <{el.tag} style={style!r}> removed: {txt}")
            hidden += 1
            _remove(el)

    # 2. the content container; everything outside it is chrome by definition
    container, selector = _find_container(doc, list(lex["containers"]))
    if selector:
        log.append(f"content container {selector}")
    else:
        log.append("no known content container: using <body> minus nav/header/footer")

    # 3. scripts, forms, nav and spam tag soup inside the container
    for el in list(container.iter(*_DROP_TAGS, etree.Comment, etree.ProcessingInstruction, etree.Entity)):
        if isinstance(el.tag, str) and el.tag in _DROP_TAGS and el is not container and el.getparent() is not None:
            txt = _short(_tc(el))
            if el.tag in ("nav", "header", "footer", "form") and txt:
                chrome.append(txt)
                log.append(f"chrome <{el.tag}> removed: {txt}")
            _remove(el)
        elif not isinstance(el.tag, str) and el.getparent() is not None:  # comments, PIs
            _remove(el)

    # 4. foreign-host link lists (hijack spam) inside the container
    allowed = tuple(h.lower() for h in allowed_hosts) + ((urlparse(url).hostname or "").lower(),)
    host_of: dict[str, str | None] = {}

    def _host(a) -> str | None:
        href = a.get("href") or ""
        if href not in host_of:
            host_of[href] = urlparse(urljoin(url, href)).hostname
        return host_of[href]

    # Only blocks holding two links or more can be link lists (their subtrees do not change before their turn:
    # earlier removals are ancestors or blocks before them). Counted from the links up, not per block.
    n_links: Counter = Counter()
    for a in container.iter("a"):
        n_links.update(a.iterancestors("ul", "ol", "div", "p", "dl", "table"))
    for el in [e for e in container.iter("ul", "ol", "div", "p", "dl", "table") if n_links[e] >= 2] if n_links else ():
        if el.getparent() is None or el is container:
            continue
        links = el.findall(".//a")
        foreign = [a for a in links if not _official(_host(a), allowed)]
        if len(foreign) >= 2 and len(foreign) >= 0.6 * len(links):
            link_text = sum(len(_tc(a)) for a in links)
            if link_text >= 0.5 * max(1, len(_tc(el).strip())):
                hosts = sorted({_host(a) or "" for a in foreign})
                log.append(f"foreign-host link list <{el.tag}> removed ({len(foreign)} links to {', '.join(hosts)})")
                _remove(el)

    # 5. chrome blocks: the deepest blocks first, so a wrapper is judged after its parts are gone
    chrome_text = _chrome_checker(lexicon)
    for el in reversed(list(container.iter(*_BLOCK_TAGS))):
        if el is container or el.getparent() is None:
            continue
        txt = _tc(el)
        if txt.strip() and chrome_text(txt):
            chrome.append(_short(txt))
            log.append(f"chrome <{el.tag}> removed: {_short(txt)}")
            if not published:
                published = _date(txt)
            _remove(el)
        elif not txt.strip() and el.tag in ("p", "div", "span", "li", "a") and not el.findall(".//img"):
            _remove(el)
    # bare chrome text lines directly in the container (flattened pages)
    for attr_owner in [container, *container]:
        for attr in ("text", "tail"):
            if attr_owner is container and attr == "tail":
                continue
            val = getattr(attr_owner, attr)
            if not val:
                continue
            kept = []
            lines = val.split("\n")
            for line in lines:
                if line.strip() and chrome_text(line):
                    chrome.append(_short(line))
                    log.append(f"chrome line removed: {_short(line)}")
                else:
                    kept.append(line)
            if len(kept) != len(lines):  # setting an unchanged value is a no-op, and costly in lxml
                setattr(attr_owner, attr, "\n".join(kept))

    # 6. junk tokens (the tree walk only when one occurs: most pages carry none)
    text_with_noise = to_text(container)
    tokens = [t for t in list(lex.get("junk_tokens", [])) + list(extra_tokens or []) if t in text_with_noise]
    noise = remove_tokens(container, tokens, log) if tokens else []
    text = text_with_noise
    if noise:
        text = re.sub("|".join(map(re.escape, sorted(noise, key=len, reverse=True))), "", text_with_noise)
        if title:
            for t in noise:
                title = title.replace(t, "")

    out_html = etree.tostring(container, encoding="unicode", method="html", with_tail=False)
    return CleanPage(html=out_html, text=text, chrome_removed=chrome, noise_tokens=noise,
                     hidden_removed=hidden, log=log, container=selector, title=title, published=published,
                     text_with_noise=text_with_noise)


def _decode(data: bytes) -> str:
    m = re.search(rb"charset\s*=\s*[\"']?([\w-]+)", data[:4096], re.I)
    label = (m.group(1).decode("ascii", "ignore").lower() if m else "")
    if label.replace("_", "").replace("-", "") in ("gb2312", "gbk", "gb18030", "cp936", "xgbk"):
        return data.decode("gb18030", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _meta(doc, name: str) -> str | None:
    want = name.lower()  # same test as //meta[translate(@name, A-Z, a-z)='name']
    for el in doc.iter("meta"):
        n = el.get("name")
        if n is not None and n.translate(_ASCII_LOWER) == want and el.get("content"):
            return el.get("content").strip()
    return None


def _first_text(doc, xpaths: list[str]) -> str | None:
    for xp in xpaths:
        for el in doc.xpath(xp):
            t = " ".join(_tc(el).split())
            if t:
                return t
    return None


def _date(text: str) -> str | None:
    m = _DATE.search(text)
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


# ---------------------------------------------------------------- statistical junk-token detection

def slot_contexts(texts: list[str], slot_words: list[str], phrases: list[str]) -> dict[str, tuple[set, set]]:
    """Per slot word: the two characters seen before it and after it, in curated phrases and the pages."""
    ctx: dict[str, tuple[set, set]] = {w: (set(), set()) for w in slot_words}
    for src in [*phrases, *texts]:
        for w in slot_words:
            start = 0
            while (i := src.find(w, start)) >= 0:
                left, right = src[max(0, i - 2): i], src[i + len(w): i + len(w) + 2]
                if len(left) == 2 and _CJK.match(left):
                    ctx[w][0].add(left)
                if len(right) == 2 and _CJK.match(right):
                    ctx[w][1].add(right)
                start = i + 1
    return ctx


@lru_cache(maxsize=1 << 15)
def _nfkc_line(line: str) -> str:
    """NFKC of one line, cached: headings, table labels and chrome lines repeat across a portal's pages.
    Per line is the same as per text: U+000A is a starter that neither decomposes nor composes, so no
    normalization step (decomposition, reordering, composition) crosses it."""
    return unicodedata.normalize("NFKC", line)


def detect_noise_tokens(texts: list[str], *, place_names: list[str] = (), min_hits: int = 3,
                        min_contexts: int = 2, min_share: float = 0.5, max_len: int = 6,
                        lexicon: str = str(LEXICON_PATH)) -> dict[str, dict]:
    """Find tokens that recur across pages exactly where 关于/我市/更多/the place name fit.

    A candidate X (2..max_len CJK chars) scores a hit where the two characters before it are seen before
    some slot word W and the two after it are seen after that same W (in curated official phrases or
    anywhere in the pages): swapping X for W would read naturally. X is junk when it has at least
    `min_hits` hits in `min_contexts` distinct contexts and at least `min_share` of all its occurrences are
    hits (a real word appears mostly elsewhere). Returns {token: evidence}.
    """
    lex = load_lexicon(lexicon)
    slots = list(dict.fromkeys(list(lex.get("slot_words", [])) + [p for p in place_names if p]))
    texts = ["\n".join(map(_nfkc_line, t.split("\n"))) for t in texts]
    ctx = slot_contexts(texts, slots, list(lex.get("slot_phrases", [])))
    by_left: dict[str, set[str]] = defaultdict(set)  # left context -> right contexts of the same slot word
    for _w, (lefts, rights) in ctx.items():
        for lft in lefts:
            by_left[lft] |= rights
    hits: dict[str, Counter] = defaultdict(Counter)
    if not by_left:
        return {}
    find_left = re.compile("(?=(" + "|".join(map(re.escape, sorted(by_left))) + "))")
    for text in texts:
        for m in find_left.finditer(text):
            left, i = m.group(1), m.start() + 2
            rights = by_left[left]
            for n in range(2, max_len + 1):
                x = text[i: i + n]
                right = text[i + n: i + n + 2]
                if len(x) < n or len(right) < 2 or not _CJK.match(x):
                    break
                if right in rights and x not in slots and not any(s in x or x in s for s in slots):
                    hits[x][(left, right)] += 1
    out: dict[str, dict] = {}
    joined = "\n".join(texts)
    for x, c in hits.items():
        total_hits = sum(c.values())
        if total_hits < min_hits or len(c) < min_contexts:
            continue
        occurrences = joined.count(x)
        share = total_hits / max(1, occurrences)
        if share >= min_share:
            out[x] = {"hits": total_hits, "contexts": ["{}_{}".format(*k) for k in sorted(c)],
                      "occurrences": occurrences, "share": round(share, 2)}
    # keep the longest of overlapping candidates (球迷网 rather than 球迷 when both qualify)
    return {x: v for x, v in out.items() if not any(x != y and x in y for y in out)}
