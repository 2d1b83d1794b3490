"""Word list numbering rendered as the text Word shows (一、 （二） 3.)."""

from __future__ import annotations

import pytest

from tests.transforms.documents.docs_util import extracted, require_tool
from transforms.documents.numbering import chinese_number, format_number


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三"),
                                         (100, "一百"), (105, "一百零五"), (110, "一百一十")])
def test_chinese_counting(n, text):
    assert chinese_number(n) == text


@pytest.mark.parametrize(("fmt", "text"), [("decimal", "3"), ("ideographTraditional", "丙"), ("upperRoman", "III"),
                                           ("lowerLetter", "c"), ("decimalEnclosedCircle", "③"),
                                           ("chineseLegalSimplified", "叁"), ("taiwaneseCountingThousand", "三"),
                                           ("bullet", "")])
def test_number_formats(fmt, text):
    assert format_number(3, fmt) == text


SECTIONS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


@pytest.mark.parametrize("fmt", ["docx", "doc", "pdf"])
def test_auto_numbered_section_headings_carry_their_numbers(fmt):
    """The fixture stores "总体情况" with Word numbering; every format must show "一、总体情况"."""
    if fmt == "doc":
        require_tool("soffice")
    doc = extracted(fmt, "numbered_seed_002_5b21ade1613ac9d3")
    texts = [ln.text.replace(" ", "") for ln in doc.lines if not ln.is_table_row]
    assert [t for t in texts if t in SECTIONS] == SECTIONS
