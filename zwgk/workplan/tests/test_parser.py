"""The pure plan parser: the 2022 plan, and plans written in the same style with other layouts."""

from datetime import date

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zwgk.testdata import mission_text, shared_path
from zwgk.workplan.parser import (
    COOPERATE,
    LEAD,
    RESPONSIBLE,
    PlanParseError,
    UnitRef,
    chinese_number,
    decode_text,
    parse_deadline,
    parse_plan,
    parse_units_clause,
    read_document,
    to_chinese_number,
)

MISSION_NAME = "东丽区2022年政务公开工作要点.txt"


@pytest.fixture(scope="module")
def plan_2022(tmp_path_factory):
    """The 2022 plan as the mission file holds it (rebuilt from the copy the documents app ships)."""
    path = tmp_path_factory.mktemp("mission") / MISSION_NAME
    path.write_text(mission_text(), encoding="utf-8")
    return parse_plan(read_document(path))


def test_the_rebuilt_plan_is_the_mission_file_byte_for_byte():
    assert shared_path(f"mission/{MISSION_NAME}").read_text(encoding="utf-8") == mission_text()


def test_2022_plan_has_exactly_19_items_in_5_sections(plan_2022):
    assert plan_2022.title == "东丽区2022年政务公开工作要点"
    assert plan_2022.year == 2022
    assert [i.number for i in plan_2022.items] == [f"（{to_chinese_number(n)}）" for n in range(1, 20)]
    assert [i.seq for i in plan_2022.items] == list(range(1, 20))
    assert len({i.section for i in plan_2022.items}) == 5
    assert plan_2022.items[0].section == "一、以公开助力经济平稳健康发展"
    assert plan_2022.items[18].section == "五、狠抓公开工作责任落实"
    assert plan_2022.warnings == []


def test_2022_titles_text_and_clauses_are_separated(plan_2022):
    first = plan_2022.items[0]
    assert first.title == "着力做好涉及营商环境的信息公开"
    assert first.text.startswith("按照“四个全员抓”工作机制")
    assert first.text.endswith("全链条信息公开规范化水平。")
    assert "负责落实" not in first.text
    assert first.units_clause.startswith("各街道园区、区发改委")
    # The Word export left "[bookmark: _GoBack]" before item 十四; it must not leak into the title.
    assert plan_2022.items[13].title == "健全完善公开平台"


def test_2022_lead_and_cooperating_units(plan_2022):
    def roles(seq):
        return {(u.name, u.role) for u in plan_2022.items[seq - 1].units}

    assert ("区人社局", LEAD) in roles(5)
    assert ("各街道园区", RESPONSIBLE) in roles(5)
    assert {
        ("区政府办", LEAD),
        ("区司法局", LEAD),
        ("各街道园区", COOPERATE),
        ("区政府各部门", COOPERATE),
    } == roles(8)
    assert ("区政府办", LEAD) in roles(14)
    assert ("区政府办", LEAD) in roles(18)
    # Nested plates stay one name; collective names are kept as written for the matcher.
    assert ("区委宣传部（区政府新闻办）", RESPONSIBLE) in roles(4)
    assert ("区防控指挥部其他成员单位", RESPONSIBLE) in roles(4)
    # "…区运管局等各相关部门负责落实": the open-ended tail is not a unit.
    assert [u.name for u in plan_2022.items[5].units][-1] == "区运管局"
    leads = [i.number for i in plan_2022.items if any(u.role == LEAD for u in i.units)]
    assert leads == ["（五）", "（八）", "（十四）", "（十八）"]


VARIANT = """某市2023年政务公开工作要点

为做好2023年政务公开工作，制定本要点。
一、深化重点领域信息公开
(一)加强财政信息公开。推进预决算公开。
（牵头单位：市财政局；责任单位：各区人民政府、市发改委）
（二）加强就业信息公开
做好就业政策解读，让群众看得懂。
（市人社局、市医保局等部门负责落实，
市政府办牵头）
二、加强平台建设
（一）优化政府网站。推进适老化改造。（市政府办（牵头）、市大数据局）
（二）规范政务新媒体。加强日常监管。
责任单位：各区人民政府
配合单位：市委网信办
附件：任务分工表
"""


def test_variant_numbering_split_units_and_lead_positions():
    plan = parse_plan(VARIANT)
    assert plan.year == 2023
    assert [i.number for i in plan.items] == ["（一）", "（二）", "（一）", "（二）"]  # restarts per section
    assert [i.seq for i in plan.items] == [1, 2, 3, 4]
    assert [i.section for i in plan.items] == ["一、深化重点领域信息公开"] * 2 + ["二、加强平台建设"] * 2
    first, second, third, fourth = plan.items
    assert first.units == [
        UnitRef("市财政局", LEAD),
        UnitRef("各区人民政府", RESPONSIBLE),
        UnitRef("市发改委", RESPONSIBLE),
    ]
    # Heading on its own line; units split over two lines with 牵头 at the end.
    assert second.title == "加强就业信息公开"
    assert second.text == "做好就业政策解读，让群众看得懂。"
    assert second.units == [
        UnitRef("市人社局", RESPONSIBLE),
        UnitRef("市医保局", RESPONSIBLE),
        UnitRef("市政府办", LEAD),
    ]
    assert third.units == [UnitRef("市政府办", LEAD), UnitRef("市大数据局", RESPONSIBLE)]
    # A trailing "责任单位：…" line without parentheses; the 附件 line ends the plan.
    assert fourth.units == [UnitRef("各区人民政府", RESPONSIBLE), UnitRef("市委网信办", COOPERATE)]
    assert "附件" not in fourth.text
    assert plan.warnings == []


def test_arabic_item_numbers_and_missing_units_are_reported():
    text = "某区2024年政务公开工作要点\n一、总体要求\n1.加强政策解读。做好解读。（区政府办负责落实）\n2.做好年度报告。按时发布。\n"
    plan = parse_plan(text)
    assert [i.number for i in plan.items] == ["1.", "2."]
    assert plan.items[0].units == [UnitRef("区政府办", RESPONSIBLE)]
    assert plan.items[1].units == []
    assert plan.warnings == ["2.做好年度报告：未找到责任单位"]


def test_text_before_the_plan_title_is_skipped():
    text = "关于印发某区2024年政务公开工作要点的通知\n一、请各单位认真执行。\n某区2024年政务公开工作要点\n一、加强公开\n（一）做好公开。内容。（区政府办负责落实）\n"
    plan = parse_plan(text)
    assert len(plan.items) == 1
    assert plan.items[0].section == "一、加强公开"


def test_a_non_units_parenthesis_at_the_end_is_kept_in_the_text():
    plan = parse_plan("一、总则\n（一）做好公开。内容（见附件）。\n")
    assert plan.items[0].units_clause == ""
    assert plan.items[0].text == "内容（见附件）。"


def test_unusable_documents_are_refused_with_a_reason(tmp_path):
    with pytest.raises(PlanParseError, match="未找到编号事项"):
        parse_plan("这是一段没有编号的文字。")
    old = tmp_path / "plan.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(PlanParseError, match=r"另存为 \.docx"):
        read_document(old)
    broken = tmp_path / "plan.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(PlanParseError, match=r"不是有效的 \.docx"):
        read_document(broken)
    with pytest.raises(PlanParseError, match="文件不存在"):
        read_document(tmp_path / "missing.txt")


def test_gb18030_text_files_are_read():
    assert decode_text("（一）做好公开。".encode("gb18030")) == "（一）做好公开。"


def test_docx_plans_are_parsed_like_text(tmp_path):
    document = docx.Document()
    document.add_paragraph("某区2025年政务公开工作要点")
    document.add_paragraph("一、加强政策公开")
    document.add_paragraph(
        "（一）做好规范性文件公开。集中公开现行有效文件。（区司法局牵头，区政府各部门负责落实）"
    )
    document.add_paragraph("（二）做好政策解读。同步发布解读材料。")
    document.add_paragraph("（区政府办牵头，")
    document.add_paragraph("各街道园区协助落实）")
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "二、加强平台建设"
    document.add_paragraph("（三）优化网站。（区政府办负责落实）")
    path = tmp_path / "plan.docx"
    document.save(path)
    plan = parse_plan(read_document(path))
    assert plan.year == 2025
    assert [i.title for i in plan.items] == ["做好规范性文件公开", "做好政策解读", "优化网站"]
    assert plan.items[0].units == [UnitRef("区司法局", LEAD), UnitRef("区政府各部门", RESPONSIBLE)]
    assert plan.items[1].units == [UnitRef("区政府办", LEAD), UnitRef("各街道园区", COOPERATE)]
    assert plan.items[2].section == "二、加强平台建设"


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        (
            "区人社局牵头，社险东丽分中心、各街道园区负责落实",
            [("区人社局", LEAD), ("社险东丽分中心", RESPONSIBLE), ("各街道园区", RESPONSIBLE)],
        ),
        ("各街道园区负责落实，区人社局牵头", [("各街道园区", RESPONSIBLE), ("区人社局", LEAD)]),
        (
            "牵头单位：区人社局；配合单位：区财政局、区税务局",
            [("区人社局", LEAD), ("区财政局", COOPERATE), ("区税务局", COOPERATE)],
        ),
        ("由区司法局牵头负责，区政府各部门配合", [("区司法局", LEAD), ("区政府各部门", COOPERATE)]),
        ("区人社局(牵头)、区财政局", [("区人社局", LEAD), ("区财政局", RESPONSIBLE)]),
        ("区教育局负责落实", [("区教育局", RESPONSIBLE)]),
        (
            "区委组织部（区绩效办）、区政府办等部门负责落实",
            [("区委组织部（区绩效办）", RESPONSIBLE), ("区政府办", RESPONSIBLE)],
        ),
    ],
)
def test_units_clause_roles_wherever_the_role_word_stands(clause, expected):
    assert [(u.name, u.role) for u in parse_units_clause(clause)] == expected


names = st.lists(
    st.text(alphabet="东丽区市发改财政人社局委办中心街道", min_size=2, max_size=8).filter(
        lambda s: (
            not s.endswith(("等", "落实", "负责", "牵头", "配合", "协助", "参与", "协同", "部门", "单位"))
            and not s.startswith(("由", "及", "和", "以及"))
        )
    ),
    min_size=1,
    max_size=6,
    unique=True,
)


@given(leads=names, others=names)
def test_clause_round_trip_property(leads, others):
    others = [n for n in others if n not in leads] or ["区统计局"]
    clause = f"{'、'.join(leads)}牵头，{'、'.join(others)}等部门负责落实"
    refs = parse_units_clause(clause)
    assert [r.name for r in refs if r.role == LEAD] == leads
    assert [r.name for r in refs if r.role == RESPONSIBLE] == others


@given(st.integers(min_value=1, max_value=99))
def test_chinese_numbers_round_trip(n):
    assert chinese_number(to_chinese_number(n)) == n


def test_signature_and_date_after_the_last_item_are_not_part_of_it():
    text = (
        "某区2024年政务公开工作要点\n一、加强公开\n（一）做好公开。内容。（区政府办负责落实）\n"
        "（二）做好指南。内容。（各街道园区负责落实）\n\n某区人民政府办公室\n2024年3月1日\n"
    )
    plan = parse_plan(text)
    assert plan.items[1].units == [UnitRef("各街道园区", RESPONSIBLE)]
    assert plan.items[1].text == "内容。"
    assert plan.warnings == []


CITY_STYLE = """某市2022年政务公开工作要点
一、聚焦重点领域
(一)规范财政信息公开。推进预决算公开。(责任时限:2022年底前,牵头单位:市财政局、市工业和信息化局,责任单位:各县(区)政府、经开区管委会,以下统称各县(区)政府,市政府各部门)
(二)做好疫情信息公开。及时发布权威信息。(责任时限:6月底前;牵头单位:市卫健委;责任单位:市政府各部门)
(三)做好年度报告。按时发布。(长期坚持,市政府办负责)
"""


def test_time_limits_and_notes_in_the_clause_are_not_units():
    plan = parse_plan(CITY_STYLE)
    first, second, third = plan.items
    assert first.units == [
        UnitRef("市财政局", LEAD),
        UnitRef("市工业和信息化局", LEAD),
        UnitRef("各县（区）政府", RESPONSIBLE),
        UnitRef("经开区管委会", RESPONSIBLE),
        UnitRef("市政府各部门", RESPONSIBLE),
    ]
    assert (first.deadline_text, first.deadline) == ("2022年底前", date(2022, 12, 31))
    assert (second.deadline_text, second.deadline) == ("6月底前", date(2022, 6, 30))
    assert second.units == [UnitRef("市卫健委", LEAD), UnitRef("市政府各部门", RESPONSIBLE)]
    assert (third.deadline_text, third.deadline) == ("长期坚持", None)
    assert third.units == [UnitRef("市政府办", RESPONSIBLE)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022年底前", date(2022, 12, 31)),
        ("2023年3月底前", date(2023, 3, 31)),
        ("9月15日前", date(2022, 9, 15)),
        ("上半年", date(2022, 6, 30)),
        ("第三季度", date(2022, 9, 30)),
        ("2月30日前", None),
        ("长期坚持", None),
    ],
)
def test_parse_deadline(text, expected):
    assert parse_deadline(text, 2022) == expected
