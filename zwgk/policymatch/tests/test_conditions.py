"""The condition language: parse, validate, evaluate and explain (pure, no database)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwgk.policymatch.conditions import (
    BUILTIN_FIELDS,
    ConditionError,
    Population,
    evaluate,
    parse,
    parse_extra_fields,
    parse_profile,
    registry,
)

REG = registry()

SMALL_FIRM = {
    "all": [
        {"field": "size", "op": "in", "value": ["小型", "微型"], "clause": "第二条第一款"},
        {
            "any": [
                {"field": "employees", "op": "<=", "value": 300, "clause": "第二条第二款"},
                {"field": "revenue", "op": "<", "value": 5000, "clause": "第二条第二款"},
            ]
        },
        {"not": {"field": "tax_credit", "op": "in", "value": ["C", "D"], "clause": "第三条"}},
        {"field": "founded_on", "op": "<", "value": "2024-01-01", "clause": "第四条"},
    ]
}


def enterprise(**fields: Any) -> dict[str, Any]:
    return parse_profile({"kind": "enterprise", "fields": fields}, REG)[1]


def test_every_condition_met_is_eligible_with_its_clauses():
    conditions = parse(SMALL_FIRM, "enterprise", REG)
    result = evaluate(
        conditions,
        enterprise(size="小型", employees=80, revenue=9000, tax_credit="A", founded_on="2019-05-01"),
    )
    assert result.level == "eligible"
    assert result.failed == [] and result.unknown == []
    texts = {(leaf.text, leaf.clause) for leaf in result.met}
    assert ("企业规模属于小型、微型", "第二条第一款") in texts
    assert ("从业人数不超过300", "第二条第二款") in texts
    # The "not" reads as its negation, and the "any" speaks only through the alternative that held.
    assert ("纳税信用等级不属于C、D", "第三条") in texts
    assert all("营业收入" not in text for text, _ in texts)


def test_a_missing_field_makes_maybe_and_a_failing_one_ineligible():
    conditions = parse(SMALL_FIRM, "enterprise", REG)
    maybe = evaluate(conditions, enterprise(size="微型", employees=5, tax_credit="B"))
    assert maybe.level == "maybe"
    assert [leaf.field.key for leaf in maybe.unknown] == ["founded_on"]
    bad = evaluate(conditions, enterprise(size="微型", employees=5, tax_credit="D", founded_on="2020-01-01"))
    assert bad.level == "ineligible"
    assert [(leaf.text, leaf.clause) for leaf in bad.failed] == [("纳税信用等级不属于C、D", "第三条")]


def test_yes_no_fields_read_as_yes_or_no():
    negated = parse(
        {"not": {"field": "high_tech", "op": "==", "value": True, "clause": "一"}}, "enterprise", REG
    )
    assert negated.leaves()[0].text == "高新技术企业：否"
    assert evaluate(negated, {"high_tech": False}).level == "eligible"
    assert evaluate(negated, {"high_tech": True}).level == "ineligible"


def test_date_comparison_is_by_date_not_text():
    conditions = parse(
        {"field": "founded_on", "op": ">=", "value": "2021-10-01", "clause": "第一条"}, "enterprise", REG
    )
    assert (
        evaluate(conditions, enterprise(founded_on="2021-9-30" if False else "2021-09-30")).level
        == "ineligible"
    )
    assert evaluate(conditions, {"founded_on": date(2022, 1, 1)}).level == "eligible"


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        ({"field": "turnover", "op": "==", "value": 1, "clause": "一"}, "未知字段“turnover”"),
        ({"field": "age", "op": ">", "value": 18, "clause": "一"}, "未知字段“age”"),  # a person field
        ({"field": "employees", "op": "<=", "value": "三百", "clause": "一"}, "应为整数"),
        ({"field": "high_tech", "op": "<", "value": True, "clause": "一"}, "比较符“<”不适用于"),
        (
            {"field": "size", "op": "==", "value": "特大型", "clause": "一"},
            "应为 大型、中型、小型、微型 之一",
        ),
        ({"field": "employees", "op": "<=", "value": 300}, "注明出处条款"),
        ({"field": "founded_on", "op": "<", "value": "2024/01/01", "clause": "一"}, "YYYY-MM-DD"),
        ({"all": []}, "应为非空列表"),
        ({"field": "industry", "op": "in", "value": "C", "clause": "一"}, "非空列表"),
        ("{not json", "不是有效的 JSON"),
    ],
)
def test_invalid_conditions_are_refused_with_a_chinese_message(conditions, expected):
    with pytest.raises(ConditionError) as caught:
        parse(conditions, "enterprise", REG)
    assert any(expected in line for line in caught.value.chinese()), caught.value.chinese()


def test_problems_name_the_condition_that_is_wrong():
    with pytest.raises(ConditionError) as caught:
        parse(
            {
                "all": [
                    {"field": "employees", "op": "<=", "value": 1, "clause": "一"},
                    {"field": "x", "op": "==", "value": 1},
                ]
            },
            "enterprise",
            REG,
        )
    assert caught.value.chinese()[0].startswith("条件.all[2]")


def test_labels_work_as_field_names_and_profiles_refuse_unknown_fields_and_wrong_types():
    conditions = parse({"field": "从业人数", "op": ">", "value": 10, "clause": "一"}, "enterprise", REG)
    assert evaluate(conditions, {"employees": 11}).level == "eligible"
    with pytest.raises(ConditionError) as caught:
        parse_profile({"kind": "enterprise", "fields": {"employees": "many", "colour": "red"}}, REG)
    lines = caught.value.chinese()
    assert any(line.startswith("employees（从业人数）：应为整数") for line in lines)
    assert any(line.startswith("colour：未知字段") for line in lines)
    assert any("colour" in line and "unknown field" in line for line in caught.value.english())


def test_extra_fields_from_the_setting():
    extra = parse_extra_fields(
        '[{"key": "patents", "label": "发明专利数", "type": "int", "kind": "enterprise"}]'
    )
    reg = registry(extra)
    conditions = parse({"field": "patents", "op": ">=", "value": 1, "clause": "第五条"}, "enterprise", reg)
    assert evaluate(conditions, {"patents": 2}).level == "eligible"
    with pytest.raises(ConditionError):
        parse({"field": "patents", "op": ">=", "value": 1, "clause": "第五条"}, "enterprise", REG)
    with pytest.raises(ValueError, match="key"):
        parse_extra_fields('[{"key": "age", "label": "年龄", "type": "int"}]')


# --- properties ---------------------------------------------------------------------------------------

ENTERPRISE_FIELDS = [f for f in BUILTIN_FIELDS if "enterprise" in f.kinds]


def _value(f) -> st.SearchStrategy[Any]:
    if f.type == "int":
        return st.integers(0, 1000)
    if f.type == "number":
        return st.integers(0, 20000) | st.floats(0, 20000, allow_nan=False)
    if f.type == "date":
        return st.dates(date(2000, 1, 1), date(2030, 12, 31))
    if f.type == "bool":
        return st.booleans()
    if f.type == "choice":
        return st.sampled_from(sorted(f.choices))
    return st.sampled_from(["金桥街", "张贵庄街", "丰年村街"])


@st.composite
def leaves(draw) -> dict[str, Any]:
    f = draw(st.sampled_from(ENTERPRISE_FIELDS))
    ops = {"int": ["==", "!=", "<", "<=", ">", ">=", "in", "not_in"], "bool": ["==", "!="]}
    op = draw(
        st.sampled_from(
            ops.get(f.type, ops["int"] if f.type in ("number", "date") else ["==", "!=", "in", "not_in"])
        )
    )
    if op in ("in", "not_in"):
        value: Any = draw(st.lists(_value(f), min_size=1, max_size=3))
    else:
        value = draw(_value(f))
    if f.type == "date":
        value = [v.isoformat() for v in value] if isinstance(value, list) else value.isoformat()
    return {"field": f.key, "op": op, "value": value, "clause": f"第{draw(st.integers(1, 9))}条"}


trees = st.recursive(
    leaves(),
    lambda sub: st.one_of(
        st.builds(lambda xs: {"all": xs}, st.lists(sub, min_size=1, max_size=3)),
        st.builds(lambda xs: {"any": xs}, st.lists(sub, min_size=1, max_size=3)),
        st.builds(lambda x: {"not": x}, sub),
    ),
    max_leaves=8,
)


@st.composite
def profiles(draw, complete: bool = False) -> dict[str, Any]:
    out = {}
    for f in ENTERPRISE_FIELDS:
        if complete or draw(st.booleans()):
            out[f.key] = draw(_value(f))
    return out


def _naive(node: dict[str, Any], p: dict[str, Any]) -> bool | None:
    """A direct reading of the JSON with Kleene logic, independent of the parser's normal form."""
    if "all" in node:
        values = [_naive(c, p) for c in node["all"]]
        return False if False in values else (None if None in values else True)
    if "any" in node:
        values = [_naive(c, p) for c in node["any"]]
        return True if True in values else (None if None in values else False)
    if "not" in node:
        inner = _naive(node["not"], p)
        return None if inner is None else not inner
    key, op, value = node["field"], node["op"], node["value"]
    if key not in p:
        return None
    actual = p[key]
    if key == "founded_on":
        value = (
            [date.fromisoformat(v) for v in value] if isinstance(value, list) else date.fromisoformat(value)
        )
    return {
        "==": lambda: actual == value,
        "!=": lambda: actual != value,
        "<": lambda: actual < value,
        "<=": lambda: actual <= value,
        ">": lambda: actual > value,
        ">=": lambda: actual >= value,
        "in": lambda: actual in value,
        "not_in": lambda: actual not in value,
    }[op]()


LEVEL = {True: "eligible", None: "maybe", False: "ineligible"}


@settings(max_examples=300, deadline=None)
@given(trees, profiles())
def test_level_agrees_with_a_direct_reading_and_explanations_fit_the_level(tree, profile):
    result = evaluate(parse(tree, "enterprise", REG), profile)
    assert result.level == LEVEL[_naive(tree, profile)]
    if result.level == "eligible":
        assert result.met and not result.failed and not result.unknown
    elif result.level == "maybe":
        assert result.unknown and not result.failed
        assert all(leaf.field.key not in profile for leaf in result.unknown)
    else:
        assert result.failed
    for leaf in result.met:
        assert leaf.test(profile[leaf.field.key])
    for leaf in result.failed:
        assert not leaf.test(profile[leaf.field.key])


@settings(max_examples=150, deadline=None)
@given(trees, profiles(), profiles(complete=True))
def test_knowing_more_never_reverses_a_decided_level(tree, partial, complete):
    conditions = parse(tree, "enterprise", REG)
    before = evaluate(conditions, partial).level
    after = evaluate(conditions, {**complete, **partial}).level
    assert after != "maybe"
    if before != "maybe":
        assert after == before


@settings(max_examples=100, deadline=None)
@given(st.lists(trees, min_size=1, max_size=4), st.lists(profiles(), min_size=1, max_size=12))
def test_the_population_evaluator_agrees_with_the_single_profile_one(tree_list, population):
    pop = Population(population)
    for tree in tree_list:
        conditions = parse(tree, "enterprise", REG)
        eligible, maybe = pop.levels(conditions)
        for i, profile in enumerate(population):
            expected = evaluate(conditions, profile).level
            got = "eligible" if eligible >> i & 1 else ("maybe" if maybe >> i & 1 else "ineligible")
            assert got == expected
