"""Issue 13: contact names in a company list (王建国 …) were published unflagged."""

from zwgk.screening.contacts import contact_name_spans
from zwgk.screening.findings import Category
from zwgk.screening.scanner import Screener

COMPANY_TABLE = (
    "序号\t企业名称\t联系人\t联系电话\n"
    "1\t天津东丽示例科技有限公司\t王建国\t13820001234\n"
    "2\t天津某某物流有限公司\t李秀英（经理）\t13920005678\n"
    "3\t天津华明制造有限公司\t赵四海\t022-84376789\n"
)


def _names(text: str) -> list[str]:
    return [f.text for f in Screener().scan(text) if f.category == Category.PERSON_NAME]


def test_a_contact_column_flags_every_name_and_the_list():
    found = Screener().scan(COMPANY_TABLE)
    assert [f.text for f in found if f.category == Category.PERSON_NAME] == ["王建国", "李秀英", "赵四海"]
    assert any(f.category == Category.AGGREGATION and "3 名" in f.reason for f in found)


def test_headers_responsible_person_and_legal_representative():
    table = "单位\t负责人\t法定代表人\n示例公司\t孙志强\t周丽华\n"
    assert _names(table) == ["孙志强", "周丽华"]


def test_names_beside_phone_numbers_without_a_header():
    assert _names("天津东丽示例科技有限公司  王建国  13820001234") == ["王建国"]
    assert _names("联系人：王建国，电话：13820001234。") == ["王建国"]
    assert _names("13820001234 王建国") == ["王建国"]


def test_offices_places_and_published_numbers_are_not_names():
    screener = Screener(allowed_numbers=["022-84370001"])
    assert not [
        f for f in screener.scan("咨询电话：022-84370001（区政府办）") if f.category == Category.PERSON_NAME
    ]
    assert _names("办公室  13820001234\n东丽区  13920005678") == []
    assert contact_name_spans("联系人\t电话\n综合科\t84370001\n", []) == []
