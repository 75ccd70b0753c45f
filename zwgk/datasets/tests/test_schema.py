"""Type checks and masking of single cells (pure: no database)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from zwgk.datasets.schema import CellProblem, Column, ColumnType, convert, display, normalise_header

T = ColumnType


def col(kind: str, **kw) -> Column:
    return Column("c", "列", kind, **kw)


@pytest.mark.parametrize(
    ("kind", "raw", "value"),
    [
        (T.INTEGER, "1,234", 1234),
        (T.INTEGER, 12.0, 12),
        (T.DECIMAL, "12.345", 12.35),
        (T.MONEY, "￥1,113.50元", 111350),
        (T.MONEY, 12.3, 1230),  # a binary float from Excel
        (T.DATE, "2025年6月3日", "2025-06-03"),
        (T.DATE, "2025/06/03", "2025-06-03"),
        (T.DATE, "20250603", "2025-06-03"),
        (T.DATE, datetime(2025, 6, 3), "2025-06-03"),  # noqa: DTZ001  (a naive cell value as openpyxl reads it)
        (T.DATE, date(2025, 6, 3), "2025-06-03"),
        (T.PERSON_NAME, "张小三", "张*三"),
        (T.PERSON_NAME, "欧阳秀英", "欧**英"),
        (T.PERSON_NAME, "张三", "张*"),
        (T.ID_NUMBER, "120110195003071233", "1201**********1233"),
        (T.PHONE, "13812345678", "138****5678"),
        (T.PHONE, "022-84371234", "022-****1234"),
        (T.ADDRESS, "东丽区华明街道赤土村3排5号", "东丽区华明街道赤土村****"),
        (T.LINK, "https://www.ccgp-tianjin.gov.cn/x", "https://www.ccgp-tianjin.gov.cn/x"),
        (T.TEXT, "  说明  ", "说明"),
    ],
)
def test_cells_convert_to_their_public_value(kind, raw, value):
    assert convert(col(kind), raw) == value


@pytest.mark.parametrize(
    ("kind", "raw", "fragment"),
    [
        (T.INTEGER, "十二", "不是整数"),
        (T.INTEGER, "1.5", "不是整数"),
        (T.DECIMAL, "abc", "不是有效的数值"),
        (T.MONEY, "12.345", "最多两位小数"),
        (T.MONEY, "-5", "不能为负数"),
        (T.DATE, "2025-02-30", "不是有效日期"),
        (T.DATE, "下周一", "不是日期"),
        (T.DATE, "1900-01-01", "超出合理范围"),
        (T.ID_NUMBER, "120110195003071234", "校验位不正确"),
        (T.PHONE, "12345", "格式不正确"),
        (T.PERSON_NAME, "张三3", "不像一个姓名"),
        (T.LINK, "javascript:alert(1)", "链接应以"),
        (T.CATEGORY, "其他", "不在可选值中"),
    ],
)
def test_bad_cells_are_refused_with_a_chinese_message(kind, raw, fragment):
    column = col(kind, choices=("采购意向", "合同")) if kind == T.CATEGORY else col(kind)
    with pytest.raises(CellProblem) as caught:
        convert(column, raw)
    assert fragment in caught.value.zh
    assert caught.value.en


def test_a_refused_id_number_is_never_repeated_in_full():
    with pytest.raises(CellProblem) as caught:
        convert(col(T.ID_NUMBER), "120110195003071234")
    assert "120110195003071234" not in caught.value.zh + caught.value.en
    assert "1201**********1234" in caught.value.zh


def test_empty_cells_are_refused_only_in_required_columns():
    with pytest.raises(CellProblem, match="必填"):
        convert(col(T.TEXT), "  ")
    assert convert(col(T.TEXT, required=False), None) is None


def test_money_is_shown_in_yuan_with_two_decimals():
    assert display(col(T.MONEY), 500000) == "5,000.00"
    assert display(col(T.DECIMAL, scale=1), 668.5) == "668.5"


def test_headers_match_with_units_and_spaces():
    assert normalise_header(" 金额（元） ") == "金额"
    assert normalise_header("标准(元/亩)") == "标准"
