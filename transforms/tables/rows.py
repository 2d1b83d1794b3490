"""Any table form -> logical rows (label parts + value cells), the common input of the three table readers.

Forms handled the same way:
- grid rows (HTML tables, tab-separated PDF text, markdown pipes, DOCX/PDF tables): label cells, then the
  value cells after the last label; span placeholders are skipped, empty cells are blank values;
- one cell per line, and text whose cells are glued together ("行政规范性文件693665"): the line is tokenized
  into labels and values; labels seen since the last value row become the next row's label.
Label-only lines (group labels, headers, label fragments displaced by a PDF conversion) are kept as pending
labels and given to the next row that has no label of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress

from transforms.cells import BLANK_MARKERS, parse_cell
from transforms.memo import Memo
from transforms.model import Line

_UNIT_TEXT = set("年月日号件条个项位%‰次名人家天届期岁批场期卷册页")
_VAL = re.compile(r"(?<![A-Za-z\d.])([+\-]?\d+(?:\.\d+)?)(\s*(?:万元|元))?")
_ANNOT = re.compile(r"\s*\((?:其中|含|包括|另|注)[^()]{0,40}\)")
_NUMBERING_SPLIT = re.compile(
    r"(?=(?:[一二三四五六七八九十]+、)|(?:\([一二三四五六七八九十]+\))|(?:(?<!\d)\d[.、](?=\D)))")


# A value cell: (raw text, cell reference). A plain tuple, not a class: a grid row's values are made by zip()
# of its texts and references, with no Python-level constructor call per cell (~200 values per report).
Val = tuple[str, str]


@dataclass(slots=True)
class LRow:
    """One logical row: its label parts and its values (see `Val`).

    `explicit` is False when the values were read out of running text (one cell per line, glued digits):
    they have no cell boundary of their own, so a digit run may be split.
    """

    labels: list[str]
    values: list[Val]
    ref: str
    own_label: bool = False
    explicit: bool = True

    @property
    def label(self) -> str:
        return "".join(self.labels)


@dataclass(slots=True)
class Token:
    kind: str  # "label" | "value"
    text: str


def tokenize(text: str) -> list[Token]:
    """Split running text into label and value tokens (numbers glued to labels included)."""
    s = text.strip()
    if not s:
        return []
    if s in BLANK_MARKERS:
        return [Token("value", s)]
    out: list[Token] = []
    pos = 0
    for m in _VAL.finditer(s):
        start, end = m.span()
        digits = m.group(1)
        nxt = s[end:end + 1]
        if not m.group(2):
            # "2020年", "16件", "17.46%": a number inside prose, not a cell
            after = s[end:].lstrip()[:1]
            if after and after in _UNIT_TEXT:
                continue
            # list numbering "1." / "2、" before a label; a run "00000002.其他" ends with the numbering digit
            if nxt in (".", "、") and (end + 1 >= len(s) or not s[end + 1].isdigit()) and "." not in digits:
                if len(digits.lstrip("+-")) == 1:
                    continue
                end -= 1
                digits = digits[:-1]
        if start > pos:
            lab = s[pos:start].strip()
            if lab:
                out.append(Token("label", lab))
        raw = s[start:end]
        am = _ANNOT.match(s, end)
        if am:
            raw += am.group(0)
            end = am.end()
        out.append(Token("value", raw.strip()))
        pos = end
    if pos < len(s):
        lab = s[pos:].strip()
        if lab:
            out.append(Token("label", lab))
    return out


def _line_tokens(text: str) -> tuple[tuple[bool, str], ...]:
    """tokenize() as (is_label, text) pairs (read through the memo table `_LINE_TOKENS`)."""
    return tuple((t.kind == "label", t.text) for t in tokenize(text))


# one-cell-per-line tables repeat the same short lines ("0", "12", "2.重复申请") across reports
_LINE_TOKENS: Memo[tuple[tuple[bool, str], ...]] = Memo(_line_tokens)


def _is_annotation(text: str) -> bool:
    return bool(_ANNOT.fullmatch(text))


def _is_label(text: str) -> bool:
    """A cell is a label when it has text that is not a value."""
    return bool(text) and parse_cell(text) is None


# _is_label of the cell texts seen (they recur across reports): a grid row's flags are one map() over it
_LABEL_FLAGS: Memo[bool] = Memo(_is_label)


_CELL_REFS: dict[str, tuple[str, ...]] = {}  # row reference -> its cell references (see _cell_refs)
_CELL_REFS_MAX = 4096


def _cell_refs(ref: str, width: int) -> tuple[str, ...]:
    """f"{ref} col {i}" for i in 0..width (index i holds column i), remembered in `_CELL_REFS`.

    Why: every value of a grid row carries such a reference, and the row references recur across reports
    ("table 2 row 5"; a table has a few dozen rows): building the strings once per row reference instead of
    once per value saves a string concatenation per value (~200 per report). Kept for at least 16 columns so
    that a wider row of the same reference rarely replaces the entry.
    """
    refs = tuple(f"{ref} col {i}" for i in range(max(width, 16) + 1))
    if len(_CELL_REFS) >= _CELL_REFS_MAX:
        _CELL_REFS.clear()
    _CELL_REFS[ref] = refs
    return refs


def build_rows(lines: list[Line]) -> list[LRow]:
    """Logical rows of a table region (see the module docstring).

    A grid row's values are built with zip() of the value texts and their references, themselves made by
    map(operator.add) over the repeated row reference and prebuilt suffixes ("line 7" + " col 3"): no
    Python-level call per cell, which was most of the cost of a row. operator.add, not the bound ref.__add__
    (a slot wrapper, twice as slow per call); zip without strict= (the check costs a third of the zip).
    The label flags are read by one map() over the memo table (see Memo), and a row whose labels all
    come before its values (most rows) takes them by one slice instead of a reversed search and compress().
    """
    rows: list[LRow] = []
    pending: list[str] = []
    cur: LRow | None = None
    label_flag = _LABEL_FLAGS.__getitem__
    known_refs = _CELL_REFS.get
    cell_refs = _cell_refs
    line_tokens = _LINE_TOKENS.__getitem__
    for line in lines:
        if line.is_table_row:
            cur = None
            texts = [c.text for c in line.cells if not c.span]
            flags = list(map(label_flag, texts))
            # counted and searched by False: list.count/in compare by identity first, and most flags are False
            # (a row has one or two labels and several values), so few elements need a full comparison
            n_labels = len(flags) - flags.count(False)
            if not n_labels:
                last = -1
                labels = []
            elif False not in flags[:n_labels]:  # the common shape: the labels come first
                last = n_labels - 1
                labels = texts[:n_labels]
            else:
                last = len(flags) - 1 - flags[::-1].index(True)  # the last label cell
                labels = list(compress(texts, flags))
            vtexts = texts[last + 1:]
            if not any(vtexts):
                if not labels:
                    continue
                if not vtexts:
                    pending.extend(labels)
                    continue
            ref = line.ref
            refs = known_refs(ref)
            if refs is None or len(refs) <= len(texts):
                refs = cell_refs(ref, len(texts))
            vals = list(zip(vtexts, refs[last + 2:]))  # noqa: B905 - refs[last + 2:] is at least as long as vtexts
            rows.append(LRow(labels or pending, vals, ref, bool(labels)))
            pending = []
            continue
        for is_label, text in line_tokens(line.cells[0].text if line.cells else ""):
            if is_label:
                if cur is not None and cur.values and _is_annotation(text):
                    raw, ref = cur.values[-1]
                    cur.values[-1] = (raw + text, ref)
                    continue
                cur = None
                pending.append(text)
            else:
                if cur is None:
                    cur = LRow(pending, [], line.ref, False, False)
                    rows.append(cur)
                    pending = []
                cur.values.append((text, line.ref))
    return rows


def label_segments(labels: list[str]) -> list[str]:
    """Label parts further split at numbering markers, so the most specific part comes last."""
    segs: list[str] = []
    for part in labels:
        for seg in _NUMBERING_SPLIT.split(part):
            seg = seg.strip()
            if seg:
                segs.append(seg)
    return segs
