"""Cell semantics: what a printed cell means as a number.

A blank cell, "/", "-", "—", "无" are not 0: value None, raw kept. Signed changes ("+1", "-25") keep their sign.
Amounts keep the unit printed in the cell ("461.7 万元" -> 461.7 wan_yuan, "251000元" -> yuan); a unit is never
guessed. Annotations after a number ("22（其中修订16件）") keep the number and the whole raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

BLANK_MARKERS = frozenset({"", "/", "-", "—", "——", "–", "－", "无", "空", "×", "\\", "/ /", "--", "---"})
_NUM = re.compile(r"^([+\-]?)(\d+(?:\.\d+)?)\s*(万元|元|件|个|项|条)?\s*(?:\(([^()]*)\))?$")


@dataclass(frozen=True, slots=True)
class CellValue:
    value: int | float | None
    unit: str | None  # wan_yuan / yuan / None (unit not stated in the cell)
    raw: str
    signed: bool = False
    annotation: str = ""

    @property
    def is_blank(self) -> bool:
        return self.value is None


def is_blank_marker(text: str) -> bool:
    return text.strip() in BLANK_MARKERS


@lru_cache(maxsize=65536)
def parse_cell(raw: str) -> CellValue | None:
    """Parse a cell's text; None when it is not a value at all (a label)."""
    if raw.isdigit() and raw.isascii():  # the common cell "1243": what the general path below gives, cheaper
        return CellValue(int(raw), None, raw)
    text = raw.strip()
    if text in BLANK_MARKERS:
        return CellValue(None, None, raw)
    m = _NUM.match(text.replace(",", "") if re.fullmatch(r"[+\-]?\d{1,3}(,\d{3})+(\.\d+)?", text) else text)
    if not m:
        return None
    sign, digits, unit_word, note = m.groups()
    num: int | float = float(digits) if "." in digits else int(digits)
    if sign == "-":
        num = -num
    unit = {"万元": "wan_yuan", "元": "yuan"}.get(unit_word or "")
    return CellValue(num, unit, raw, signed=bool(sign), annotation=note or "")


def is_value(text: str) -> bool:
    return parse_cell(text) is not None
