"""Who edits which column: each agency its own sub-site's columns only; the 公开办 the structure (first-level
columns, 专题, deleting) of every site; the 主管部门 sees its public institutions' ledger."""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from zwgk.accounts.roles import Role
from zwgk.agencies import actions as agency_actions
from zwgk.agencies.models import AgencyKind
from zwgk.columns import actions
from zwgk.columns.models import Column
from zwgk.core.errors import Refused
from zwgk.testing import login, make_agency, make_user

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(new_column, agency_a, agency_b):
    return {
        "a": new_column("a-root", agency=agency_a, name="甲栏目"),
        "b": new_column("b-root", agency=agency_b, name="乙栏目"),
        "portal": new_column("portal-root", name="门户栏目"),
    }


def test_an_agency_edits_its_own_columns_only(sites, admin_a):
    actions.update_column(sites["a"], {"name": "甲栏目（改）", "intro": "介绍"}, by=admin_a)
    assert Column.objects.get(pk=sites["a"].pk).name == "甲栏目（改）"
    child = actions.create_column(
        {"slug": "a-child", "name": "甲下级"}, agency=None, parent=sites["a"], by=admin_a
    )
    assert child.agency_id == sites["a"].agency_id
    for other in (sites["b"], sites["portal"]):
        with pytest.raises(PermissionDenied):
            actions.update_column(other, {"name": "改别人的"}, by=admin_a)
        with pytest.raises(PermissionDenied):
            actions.create_column({"slug": "x", "name": "x"}, agency=None, parent=other, by=admin_a)


def test_structure_is_the_offices(sites, admin_a, gkb, agency_a):
    with pytest.raises(PermissionDenied):
        actions.create_column({"slug": "a-root2", "name": "新一级"}, agency=agency_a, by=admin_a)
    with pytest.raises(PermissionDenied):
        actions.create_column({"slug": "zt", "name": "专题", "kind": "special"}, agency=None, by=admin_a)
    with pytest.raises(PermissionDenied):
        actions.delete_column(sites["a"], by=admin_a)
    with pytest.raises(PermissionDenied):
        actions.update_column(sites["a"], {"slug": "renamed"}, by=admin_a)
    actions.update_column(sites["b"], {"name": "公开办改名"}, by=gkb)
    actions.delete_column(sites["portal"], by=gkb)
    assert not Column.objects.filter(pk=sites["portal"].pk).exists()


def test_a_column_with_sub_columns_is_not_deleted(sites, gkb, admin_a):
    actions.create_column({"slug": "a-child", "name": "甲下级"}, agency=None, parent=sites["a"], by=admin_a)
    with pytest.raises(Refused, match="下级栏目"):
        actions.delete_column(sites["a"], by=gkb)


def test_http_edit_of_another_agencys_column_is_forbidden(sites, admin_a):
    client = login(admin_a)
    url = f"/workspace/columns/{sites['b'].pk}/"
    assert client.get(url).status_code == 403
    portal = client.get(f"/workspace/columns/{sites['portal'].pk}/")
    assert portal.status_code == 200 and "只能查看" in portal.content.decode()  # the portal: read-only
    response = client.post(
        url,
        {"name": "乙栏目被改", "slug": "b-root", "kind": "list", "update_rule": "notice", "sort_order": 1},
    )
    assert response.status_code == 403
    assert Column.objects.get(pk=sites["b"].pk).name == "乙栏目"
    own = client.post(
        f"/workspace/columns/{sites['a'].pk}/",
        {
            "name": "甲栏目新名",
            "slug": "a-root",
            "kind": "list",
            "update_rule": "notice",
            "sort_order": 1,
            "is_active": "on",
        },
    )
    assert own.status_code == 302
    assert Column.objects.get(pk=sites["a"].pk).name == "甲栏目新名"
    assert client.get("/workspace/columns/new/?site=portal").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_office_creates_a_special_with_two_sub_columns_and_it_shows_on_the_site(gkb, client):
    staff = login(gkb)
    response = staff.post(
        "/workspace/columns/new/?site=portal",
        {
            "name": "冬季安全生产",
            "slug": "aqsc",
            "kind": "special",
            "update_rule": "dynamic",
            "sort_order": 5,
            "show_in_nav": "on",
            "is_active": "on",
            "banner_text": "安全生产 人人有责",
            "intro": "专题介绍",
        },
    )
    assert response.status_code == 302, response.content.decode()
    special = Column.objects.get(slug="aqsc")
    for slug, name in (("aqsc-dt", "工作动态"), ("aqsc-zc", "政策文件")):
        r = staff.post(
            f"/workspace/columns/new/?parent={special.pk}",
            {
                "name": name,
                "slug": slug,
                "kind": "list",
                "update_rule": "notice",
                "sort_order": 1,
                "show_in_nav": "on",
                "is_active": "on",
            },
        )
        assert r.status_code == 302
    page = client.get("/columns/aqsc/").content.decode()
    assert "安全生产 人人有责" in page and "工作动态" in page and "政策文件" in page
    assert "冬季安全生产" in client.get("/columns/").content.decode()
    assert "冬季安全生产" in client.get("/").content.decode()


def test_bad_form_input_keeps_what_was_typed(gkb):
    staff = login(gkb)
    response = staff.post(
        "/workspace/columns/new/?site=portal",
        {
            "name": "通知公告",
            "slug": "不是英文",
            "kind": "link",
            "update_rule": "notice",
            "sort_order": 1,
            "intro": "保留的介绍",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "栏目地址只能使用英文字母" in text and "链接栏目须填写" in text and "保留的介绍" in text


def test_supervising_department_sees_its_institutions_ledger(district, agency_a, gkb, new_column):
    water = make_agency("区供水公司", kind=AgencyKind.PUBLIC_INSTITUTION, parent=district)
    other = make_agency("区供热公司", kind=AgencyKind.PUBLIC_INSTITUTION, parent=district)
    agency_actions.set_supervisor(water, agency_a, by=gkb)
    new_column("sfbz", agency=water, name="收费标准")
    staff_a = make_user("swj", [(agency_a, Role.DRAFTER)])
    page = login(staff_a).get("/workspace/columns/supervised/").content.decode()
    assert water.name in page and "空白栏目" in page and "收费标准" in page
    assert other.name not in page
    with pytest.raises(Refused, match="只有公共企事业单位"):
        agency_actions.set_supervisor(agency_a, district, by=gkb)
    with pytest.raises(PermissionDenied):
        agency_actions.set_supervisor(other, agency_a, by=staff_a)
