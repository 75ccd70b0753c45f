"""The pure matcher: names, aliases and collective names against a small agency directory."""

import pytest

from zwgk.workplan.matching import Directory, DirectoryEntry
from zwgk.workplan.parser import COOPERATE, LEAD, RESPONSIBLE, UnitRef, parse_units_clause

ENTRIES = [
    DirectoryEntry(1, "区人民政府", ("天津市东丽区人民政府", "区政府"), "government", sort_order=1),
    DirectoryEntry(2, "区政府办", ("天津市东丽区人民政府办公室", "区政府办公室"), "department", sort_order=2),
    DirectoryEntry(
        3, "区发改委", ("天津市东丽区发展和改革委员会", "区发展改革委"), "department", sort_order=3
    ),
    DirectoryEntry(4, "区文化旅游体育局", ("区文旅体局",), "department", sort_order=4),
    DirectoryEntry(5, "区委宣传部", ("区政府新闻办", "区委宣传部（区政府新闻办）"), "party", sort_order=5),
    DirectoryEntry(6, "区卫健委", (), "department", sort_order=6),
    DirectoryEntry(7, "区商务局", (), "department", sort_order=7),
    DirectoryEntry(
        8, "区防控指挥部", ("区疫情防控指挥部",), "coordination", member_ids=(5, 6, 7), sort_order=8
    ),
    DirectoryEntry(9, "张贵庄街道", ("张贵庄街道办事处",), "street", sort_order=9),
    DirectoryEntry(10, "丰年村街道", (), "street", sort_order=10),
    DirectoryEntry(11, "东丽开发区", (), "park", sort_order=11),
    DirectoryEntry(12, "区税务局", (), "vertical", sort_order=12),
    DirectoryEntry(13, "区统计局", (), "department", sort_order=13),
]


@pytest.fixture
def directory():
    return Directory(ENTRIES)


def match(directory, clause):
    return directory.match_item(parse_units_clause(clause))


def test_names_and_aliases_match_one_agency(directory):
    result = match(directory, "区文旅体局、区发展改革委、区委宣传部（区政府新闻办）、区政府办公室负责落实")
    assert result.agency_ids() == [4, 3, 5, 2]
    assert result.unmatched == []


def test_two_plates_match_by_either_name(directory):
    assert directory.lookup("区政府新闻办（区委宣传部）") == {5}
    assert directory.lookup("区委宣传部(区政府新闻办)") == {5}


def test_district_prefix_and_missing_qu_are_tolerated(directory):
    assert directory.lookup("天津市东丽区发改委") == {3}
    assert directory.lookup("东丽区卫健委") == {6}
    assert directory.lookup("卫健委") == {6}


def test_streets_and_parks_expand(directory):
    result = match(directory, "各街道园区负责落实")
    assert result.agency_ids() == [9, 10, 11]
    assert {u.via for u in result.units} == {"各街道园区"}
    assert match(directory, "各街道负责落实").agency_ids() == [9, 10]
    assert match(directory, "各园区负责落实").agency_ids() == [11]


def test_government_departments_exclude_party_vertical_and_coordination_units(directory):
    result = match(directory, "区政府各部门负责落实")
    assert result.agency_ids() == [2, 3, 4, 6, 7, 13]


def test_other_departments_exclude_units_named_in_the_item(directory):
    result = match(directory, "区政府办、区发改委、区政府其他部门负责落实")
    assert result.agency_ids() == [2, 3, 4, 6, 7, 13]
    assert [u.via for u in result.units][2:] == ["区政府其他部门"] * 4


def test_other_members_of_a_coordination_body(directory):
    result = match(directory, "区委宣传部（区政府新闻办）、区防控指挥部其他成员单位负责落实")
    assert result.agency_ids() == [5, 6, 7]
    assert match(directory, "区防控指挥部各成员单位负责落实").agency_ids() == [5, 6, 7]


def test_explicit_roles_win_over_collective_ones(directory):
    result = match(directory, "区政府办牵头，区政府各部门协助落实")
    roles = {u.agency_id: u.role for u in result.units}
    assert roles[2] == LEAD
    assert roles[3] == COOPERATE
    # A unit named as co-operating keeps that role even though "各部门" are responsible.
    result = match(directory, "区发改委协助，区政府各部门负责落实")
    assert {u.agency_id: u.role for u in result.units}[3] == COOPERATE


def test_unknown_ambiguous_and_empty_names_are_reported_never_dropped():
    entries = [*ENTRIES, DirectoryEntry(20, "区发改局", ("区发改委",), "department")]  # a clashing alias
    directory = Directory(entries)
    result = directory.match_item(
        [
            UnitRef("区发改委", RESPONSIBLE),
            UnitRef("区大数据局", RESPONSIBLE),
            UnitRef("各相关部门", RESPONSIBLE),
            UnitRef("区应急委其他成员单位", RESPONSIBLE),
        ]
    )
    assert result.unmatched == ["区发改委", "区大数据局", "各相关部门", "区应急委其他成员单位"]
    reasons = {n.name: n.reason for n in result.names}
    assert reasons["区发改委"] == "对应多个单位"
    assert "议事协调机构" in reasons["区应急委其他成员单位"]
    assert result.units == []


def test_collective_with_no_matching_units_is_reported():
    directory = Directory([e for e in ENTRIES if e.kind != "park" and e.kind != "street"])
    result = directory.match_item([UnitRef("各街道园区", RESPONSIBLE)])
    assert result.unmatched == ["各街道园区"]


def test_conjunctions_split_only_when_every_part_is_a_unit(directory):
    assert match(directory, "区发改委和区统计局负责落实").agency_ids() == [3, 13]
    assert match(directory, "区文化和旅游局负责落实").unmatched == ["区文化和旅游局"]
