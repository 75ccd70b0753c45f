"""The registry exports to .xlsx in the layout of the national 政务新媒体信息报送 list: every account whose opening
was approved (operating, closed, cancelled), with its latest approved filing; scoped to what the user may see."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from zwgk.newmedia import actions, services
from zwgk.newmedia.models import Account, FilingKind
from zwgk.newmedia.tests.conftest import particulars
from zwgk.testing import login

pytestmark = pytest.mark.django_db


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@time_machine.travel("2026-12-07 10:00:00+08:00", tick=False)
def test_registry_exports_the_report_layout(agency_a, agency_b, admin_a, staff_b, gkb, open_account):
    actions.record_post(open_account, {"posted_on": date(2026, 12, 1), "title": "周报"}, by=admin_a)
    closed = actions.apply_open(agency_b, particulars(platform="weibo", name="东丽财政"), by=staff_b)
    actions.approve(closed, by=gkb)
    account_b = Account.objects.get(pk=closed.account_id)
    actions.approve(actions.apply_filing(account_b, FilingKind.CLOSE, {"reason": "整合"}, by=staff_b), by=gkb)
    actions.apply_open(agency_a, particulars(platform="douyin", name="待开设的号"), by=admin_a)
    rows = _sheet(login(gkb).get("/workspace/newmedia/?export=xlsx"))
    assert rows[0] == services.REPORT_HEADERS
    body = {r[3]: dict(zip(services.REPORT_HEADERS, r, strict=True)) for r in rows[1:]}
    assert set(body) == {"东丽发改", "东丽财政"}  # not the one still awaiting approval
    fgw = body["东丽发改"]
    assert fgw["主办单位"] == agency_a.name and fgw["主办单位代码"] == agency_a.code
    assert fgw["账号类型"] == "微信" and fgw["平台名称"] == "微信公众号" and fgw["账号ID"] == "dongli_fgw"
    assert fgw["账号状态"] == "开设" and fgw["最近备案"] == "开设" and fgw["审核负责人"] == "王审核"
    assert fgw["最近更新日期"].date() == date(2026, 12, 1) and fgw["是否两周内更新"] == "是"
    assert fgw["备案编号"] == open_account.registration_no
    cz = body["东丽财政"]
    assert (
        cz["账号状态"] == "关停" and cz["最近备案"] == "关停" and cz["关停日期"].date() == date(2026, 12, 7)
    )
    assert cz["是否两周内更新"] is None
    # A unit's export holds its own accounts only.
    own = _sheet(login(admin_a).get("/workspace/newmedia/?export=xlsx"))
    assert [r[3] for r in own[1:]] == ["东丽发改"]


@time_machine.travel("2026-12-07 10:00:00+08:00", tick=False)
def test_list_pages_query_a_bounded_number_of_times(
    agency_a, admin_a, gkb, django_assert_max_num_queries, client
):
    for n, platform in enumerate(["wechat", "weibo", "douyin", "toutiao", "kuaishou"]):
        filing = actions.apply_open(agency_a, particulars(platform=platform, name=f"号{n}"), by=admin_a)
        if n % 2 == 0:
            actions.approve(filing, by=gkb)
    office = login(gkb)
    with django_assert_max_num_queries(20):
        assert office.get("/workspace/newmedia/").status_code == 200
    with django_assert_max_num_queries(20):
        assert office.get("/workspace/newmedia/filings/?status=all").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/newmedia/").status_code == 200
