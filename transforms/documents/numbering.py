"""Word list numbering (w:numPr) rendered as text: "一、", "（二）", "3." that Word draws but does not store.

A report whose headings are auto-numbered stores "总体情况", not "一、总体情况", in the paragraph; the section
and table readers key on those numbers. This renders the number the way Word displays it: counters per
abstract list, deeper levels reset when a level advances, `lvlText` patterns such as "%1、" or "（%1）", and the
number formats Chinese documents use (chineseCounting 一二三, ideographTraditional 甲乙丙, decimalEnclosedCircle
①, letters, roman). Bullets render as nothing: they carry no number.
"""

from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CN = "〇一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_LEGAL = str.maketrans("〇一二三四五六七八九十百", "零壹贰叁肆伍陆柒捌玖拾佰")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    return default if el is None else el.get(_w("val"), default)


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _CN[rest] if rest < 10 else chinese_number(rest) if rest >= 20
                                    else "一" + chinese_number(rest))
        return _CN[n // 100] + "百" + tail
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "koreanCounting"):
        return chinese_number(n)
    if fmt == "chineseLegalSimplified":  # 壹贰叁…拾
        return chinese_number(n).translate(_LEGAL)
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(_CN[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _ZODIAC[(n - 1) % 12]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class Numbering:
    """Counters over one document body; `label(p)` gives the rendered number of a paragraph or ''."""

    def __init__(self, numbering_xml: etree._Element | None, styles_xml: etree._Element | None) -> None:
        self.abstract: dict[str, dict[int, tuple[int, str, str, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if numbering_xml is not None:
            for an in numbering_xml.iter(_w("abstractNum")):
                levels: dict[int, tuple[int, str, str, str]] = {}
                for lvl in an.findall(_w("lvl")):
                    ilvl = int(lvl.get(_w("ilvl"), "0") or 0)
                    start = int(_val(lvl.find(_w("start")), "1") or 1)
                    levels[ilvl] = (start, _val(lvl.find(_w("numFmt")), "decimal") or "decimal",
                                    _val(lvl.find(_w("lvlText")), "") or "", _val(lvl.find(_w("suff")), "tab") or "tab")
                self.abstract[an.get(_w("abstractNumId"), "")] = levels
            for num in numbering_xml.iter(_w("num")):
                overrides: dict[int, int] = {}
                for ov in num.findall(_w("lvlOverride")):
                    so = ov.find(_w("startOverride"))
                    if so is not None:
                        overrides[int(ov.get(_w("ilvl"), "0") or 0)] = int(_val(so, "1") or 1)
                self.nums[num.get(_w("numId"), "")] = (_val(num.find(_w("abstractNumId")), "") or "", overrides)
        if styles_xml is not None:
            based: dict[str, str] = {}
            own: dict[str, tuple[str | None, int | None]] = {}
            for st in styles_xml.iter(_w("style")):
                sid = st.get(_w("styleId"), "")
                b = st.find(_w("basedOn"))
                if b is not None:
                    based[sid] = _val(b, "") or ""
                npr = st.find(f"{_w('pPr')}/{_w('numPr')}")
                if npr is not None:
                    ilvl = npr.find(_w("ilvl"))
                    own[sid] = (_val(npr.find(_w("numId"))), int(_val(ilvl, "0") or 0) if ilvl is not None else None)
            for sid in set(based) | set(own):
                cur, seen = sid, 0
                while cur and cur not in own and seen < 10:
                    cur, seen = based.get(cur, ""), seen + 1
                if cur in own:
                    self.style_num[sid] = own[cur]

    def label(self, p: etree._Element) -> str:
        ppr = p.find(_w("pPr"))
        num_id: str | None = None
        ilvl: int | None = None
        if ppr is not None:
            style = _val(ppr.find(_w("pStyle")))
            if style and style in self.style_num:
                num_id, ilvl = self.style_num[style]
            npr = ppr.find(_w("numPr"))
            if npr is not None:
                num_id = _val(npr.find(_w("numId")), num_id)
                lv = npr.find(_w("ilvl"))
                if lv is not None:
                    ilvl = int(_val(lv, "0") or 0)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = ilvl or 0
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        key = abstract_id
        counters = self.counters.setdefault(key, {})
        start = overrides.get(ilvl, levels[ilvl][0])
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        _start, fmt, text, suff = levels[ilvl]
        if fmt == "bullet":
            return ""
        out = text
        for k in range(9):
            if f"%{k + 1}" in out:
                lv = levels.get(k, (1, "decimal", "", "tab"))
                value = counters.get(k, overrides.get(k, lv[0]))
                out = out.replace(f"%{k + 1}", format_number(value, lv[1]))
        if out and suff != "nothing" and out[-1].isascii() and out[-1].isalnum():
            out += " "
        return out
