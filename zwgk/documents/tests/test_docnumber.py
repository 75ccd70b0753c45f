"""发文字号 parser: real numbers, what users type, and what is refused."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zwgk.documents.docnumber import DocNumberError, is_valid, normalise, parse

REAL = [
    # State Council and its office (regulations.md §6)
    ("国办发〔2017〕47号", "国办发", 2017, 47),
    ("国办函〔2020〕109号", "国办函", 2020, 109),
    ("国办公开办函〔2021〕30号", "国办公开办函", 2021, 30),
    ("国办公开办函〔2019〕61号", "国办公开办函", 2019, 61),
    ("国办公开办函〔2015〕207号", "国办公开办函", 2015, 207),
    ("国办秘函〔2019〕19号", "国办秘函", 2019, 19),
    ("国办发〔2018〕123号", "国办发", 2018, 123),
    ("国办发〔2018〕37号", "国办发", 2018, 37),
    ("国办发〔2018〕115号", "国办发", 2018, 115),
    ("国发〔2016〕55号", "国发", 2016, 55),
    # Tianjin and Dongli
    ("津政办函〔2017〕165号", "津政办函", 2017, 165),
    ("东丽政发〔2018〕8号", "东丽政发", 2018, 8),
    ("津政规〔2020〕1号", "津政规", 2020, 1),
    ("东丽政办发〔2022〕5号", "东丽政办发", 2022, 5),
    # Ministries and joint documents
    ("财预〔2017〕87号", "财预", 2017, 87),
    ("人社部发〔2019〕14号", "人社部发", 2019, 14),
    ("中办发〔2016〕8号", "中办发", 2016, 8),
    ("发改价格〔2019〕1234号", "发改价格", 2019, 1234),
]


@pytest.mark.parametrize(("text", "prefix", "year", "serial"), REAL)
def test_real_numbers_parse_and_are_already_normal(text, prefix, year, serial):
    number = parse(text)
    assert (number.prefix, number.year, number.serial) == (prefix, year, serial)
    assert normalise(text) == text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("国办发[2017]47号", "国办发〔2017〕47号"),
        ("国办发(2017)47号", "国办发〔2017〕47号"),
        ("国办发（2017）47号", "国办发〔2017〕47号"),
        ("国办发【2017】47号", "国办发〔2017〕47号"),
        ("国办发［2017］47号", "国办发〔2017〕47号"),
        ("国办发﹝2017﹞47号", "国办发〔2017〕47号"),
        ("国办发〔2017〕047号", "国办发〔2017〕47号"),
        ("国办发〔2017〕第47号", "国办发〔2017〕47号"),
        ("国办发〔２０１７〕４７号", "国办发〔2017〕47号"),
        (" 国办发 〔2017〕 47 号 ", "国办发〔2017〕47号"),
        ("国办发〔2017〕47", "国办发〔2017〕47号"),
        ("中华人民共和国国务院令第711号", "中华人民共和国国务院令第711号"),
        ("天津市人民政府令第12号", "天津市人民政府令第12号"),
    ],
)
def test_user_input_is_normalised(typed, expected):
    assert normalise(typed) == expected


@pytest.mark.parametrize(
    ("bad", "hint"),
    [
        ("", "为空"),
        ("47号", "机关代字〔年份〕序号号"),
        ("国办发2017年47号", "机关代字〔年份〕序号号"),
        ("国办发〔17〕47号", "写全四位"),
        ("国办发〔1900〕47号", "不合理"),
        ("国办发〔2017〕0号", "不能为 0"),
        ("国办发〔2017〕四十七号", "序号应为数字"),
        ("〔2017〕47号", "机关代字开头"),
        ("x" * 80, "过长"),
    ],
)
def test_bad_numbers_are_refused_with_a_chinese_reason(bad, hint):
    with pytest.raises(DocNumberError) as excinfo:
        parse(bad)
    assert hint in excinfo.value.message
    assert not is_valid(bad)


@given(
    prefix=st.text(alphabet="东丽政办发函规财人社", min_size=1, max_size=8),
    year=st.integers(1949, 2100),
    serial=st.integers(1, 99999),
    brackets=st.sampled_from(["〔〕", "[]", "()", "（）", "【】"]),
)
def test_normal_form_round_trips(prefix, year, serial, brackets):
    typed = f"{prefix}{brackets[0]}{year}{brackets[1]}{serial:03d}号"
    normal = normalise(typed)
    assert normal == f"{prefix}〔{year}〕{serial}号"
    assert normalise(normal) == normal


@pytest.mark.parametrize(
    ("typed", "expected", "serial"),
    [
        ("主席令第二十号", "主席令第二十号", 20),
        ("中华人民共和国主席令（第九十一号）", "中华人民共和国主席令第九十一号", 91),
        ("中华人民共和国主席令(第四十七号)", "中华人民共和国主席令第四十七号", 47),
        ("国务院令第646号", "国务院令第646号", 646),
        ("令第5号", "令第5号", 5),
        ("天津市人民政府令第一百零五号", "天津市人民政府令第一百零五号", 105),
    ],
)
def test_orders_with_chinese_numerals_are_accepted(typed, expected, serial):
    number = parse(typed)
    assert number.year is None and number.serial == serial
    assert normalise(typed) == expected


def test_a_broken_order_number_is_not_explained_with_the_year_pattern():
    with pytest.raises(DocNumberError) as excinfo:
        parse("主席令第二x号")
    assert "〔年份〕" not in excinfo.value.message
    assert "主席令第二十号" in excinfo.value.message
