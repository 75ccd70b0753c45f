"""GB/T 4754-2017 大类 → 门类, and 企业规模 by 统计上大中小微型企业划分办法（2017）."""

from __future__ import annotations

import pytest

from zwgk.policymatch.conditions import ConditionError, evaluate, parse, parse_profile, registry
from zwgk.policymatch.enterprise import INDUSTRY_SECTIONS, derive_size, divisions, section_of

REG = registry()


def test_the_97_divisions_are_shipped_in_order_each_in_a_known_section():
    items = divisions()
    assert list(items) == [f"{n:02d}" for n in range(1, 98)]
    assert {d.section for d in items.values()} == set(INDUSTRY_SECTIONS)
    assert (items["13"].name, items["13"].section) == ("农副食品加工业", "C")
    assert section_of("62") == "H" and section_of("65") == "I" and section_of("97") == "T"
    assert section_of("98") is None


@pytest.mark.parametrize(
    ("section", "division", "values", "size"),
    [
        ("C", "39", {"employees": 1000, "revenue": 40000}, "大型"),
        ("C", "39", {"employees": 1000, "revenue": 39999}, "中型"),  # both lower bounds, else one grade down
        ("C", "39", {"employees": 299, "revenue": 50000}, "小型"),
        ("C", None, {"employees": 19, "revenue": 50000}, "微型"),  # one indicator is enough for 微型
        ("C", None, {"employees": 19}, "微型"),
        ("C", None, {"employees": 500}, None),  # the other indicator decides: unknown
        (None, "52", {"employees": 10, "revenue": 100}, "小型"),  # 零售业
        (None, "51", {"employees": 10, "revenue": 100}, "微型"),  # 批发业: 营业收入 below 1000
        (None, "65", {"employees": 120, "revenue": 1200}, "中型"),  # 软件和信息技术服务业
        (None, "62", {"employees": 120, "revenue": 1200}, "小型"),  # 餐饮业: 营业收入 below 2000
        ("E", None, {"revenue": 90000, "assets": 90000}, "大型"),  # 建筑业: 营业收入 and 资产总额
        ("A", None, {"revenue": 600}, "中型"),
        ("M", None, {"employees": 150}, "中型"),  # 其他未列明行业
        (None, "59", {"employees": 150, "revenue": 1200}, None),  # 装卸搬运 / 仓储 split at the 中类
        (None, "70", {"employees": 150, "revenue": 1200}, None),
        ("J", None, {"employees": 5, "revenue": 1}, None),  # 金融业 has its own standard
        ("F", None, {"employees": 10, "revenue": 100}, None),  # 批发 or 零售: the 大类 decides
    ],
)
def test_size_follows_the_2017_standard(section, division, values, size):
    assert derive_size(section, division, values) == size


def test_a_profile_with_a_division_gets_its_section_and_size_for_matching_not_for_storage():
    profile = {"kind": "enterprise", "fields": {"industry_division": "62", "employees": 8, "revenue": 90}}
    _, derived = parse_profile(profile, REG)
    assert derived["industry"] == "H" and derived["size"] == "微型"
    _, stored = parse_profile(profile, REG, derive=False)
    assert "industry" not in stored and "size" not in stored
    _, stated = parse_profile({"kind": "enterprise", "fields": {**profile["fields"], "size": "小型"}}, REG)
    assert stated["size"] == "小型"  # a stated size is never overridden


def test_a_section_that_does_not_contain_the_division_is_refused():
    with pytest.raises(ConditionError) as exc:
        parse_profile({"kind": "enterprise", "fields": {"industry": "C", "industry_division": "62"}}, REG)
    assert "行业门类与行业大类 62 不一致" in exc.value.chinese()[0]


def test_conditions_can_name_a_division_and_a_derived_size_decides():
    conditions = parse(
        {
            "all": [
                {"field": "行业大类", "op": "in", "value": ["61", "62"], "clause": "第一条"},
                {"field": "size", "op": "in", "value": ["小型", "微型"], "clause": "第一条"},
            ]
        },
        "enterprise",
        REG,
    )
    _, values = parse_profile(
        {"kind": "enterprise", "fields": {"industry_division": "62", "employees": 8}}, REG
    )
    result = evaluate(conditions, values)
    assert result.level == "eligible"
    assert next(leaf.text for leaf in result.met) == "行业大类属于61（住宿业）、62（餐饮业）"
