"""The 备案 workflow through the workspace: the unit applies, the 公开办 approves or returns with a reason, every
change is a numbered filing whose particulars reach the account only on approval; permissions; the one account
per unit per platform rule with its reason shown to the approver."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.newmedia import actions
from zwgk.newmedia.models import Account, AccountStatus, Filing, FilingKind, FilingStatus
from zwgk.newmedia.tests.conftest import particulars
from zwgk.testing import login

pytestmark = pytest.mark.django_db
NOW = "2026-12-07 10:00:00+08:00"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_unit_applies_and_the_office_approves_through_the_pages(agency_a, admin_a, gkb):
    client = login(admin_a)
    page = client.get("/workspace/newmedia/new/")
    assert page.status_code == 200 and "申请开设政务新媒体账号" in page.content.decode()
    response = client.post("/workspace/newmedia/new/", {**particulars(), "reason": "发布发改政策"})
    assert response.status_code == 302
    filing = Filing.objects.get()
    account = filing.account
    assert account.status == AccountStatus.PROPOSED and filing.version == 1 and filing.kind == FilingKind.OPEN
    assert account.agency == agency_a and filing.submitted_by == admin_a
    # The unit cannot approve its own application: no button, and the action refuses.
    detail = client.get(f"/workspace/newmedia/filings/{filing.pk}/").content.decode()
    assert 'value="approve"' not in detail
    client.post(f"/workspace/newmedia/filings/{filing.pk}/", {"action": "approve"})
    assert Filing.objects.get().status == FilingStatus.SUBMITTED
    office = login(gkb)
    assert 'value="approve"' in office.get(f"/workspace/newmedia/filings/{filing.pk}/").content.decode()
    office.post(f"/workspace/newmedia/filings/{filing.pk}/", {"action": "approve", "note": "同意开设"})
    account.refresh_from_db()
    assert account.status == AccountStatus.OPEN and account.opened_on == date(2026, 12, 7)
    assert account.registration_no.startswith("XMT2026") and account.version == 1
    assert AuditEvent.objects.filter(action="newmedia.filing_approved", actor=gkb).exists()


def test_permissions_drafter_cannot_apply_other_units_see_nothing(
    agency_a, drafter_a, staff_b, gkb, open_account
):
    with pytest.raises(Exception) as denied:
        actions.apply_open(agency_a, particulars(platform="weibo"), by=drafter_a)
    assert type(denied.value).__name__ == "PermissionDenied"
    assert login(drafter_a).get("/workspace/newmedia/new/").status_code == 403
    other = login(staff_b)
    assert other.get(f"/workspace/newmedia/{open_account.pk}/").status_code == 403
    assert "东丽发改" not in other.get("/workspace/newmedia/").content.decode()
    with pytest.raises(Exception) as denied:
        actions.apply_filing(open_account, FilingKind.CLOSE, {"reason": "x"}, by=staff_b)
    assert type(denied.value).__name__ == "PermissionDenied"
    # The 公开办 sees the district's register.
    assert "东丽发改" in login(gkb).get("/workspace/newmedia/").content.decode()


def test_return_needs_a_reason_then_the_unit_corrects_and_resubmits(agency_a, admin_a, gkb):
    filing = actions.apply_open(agency_a, particulars(reviewer_title=""), by=admin_a)
    with pytest.raises(Refused, match="写明需要修改"):
        actions.return_filing(filing, by=gkb, note=" ")
    actions.return_filing(filing, by=gkb, note="请补充审核负责人职务")
    filing.refresh_from_db()
    assert filing.status == FilingStatus.RETURNED and filing.decision_note == "请补充审核负责人职务"
    client = login(admin_a)
    page = client.get(f"/workspace/newmedia/filings/{filing.pk}/edit/").content.decode()
    assert "请补充审核负责人职务" in page
    data = {**particulars(reviewer_title="副主任"), "reason": ""}
    data.pop("platform")
    assert client.post(f"/workspace/newmedia/filings/{filing.pk}/edit/", data).status_code == 302
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED and filing.reviewer_title == "副主任"
    actions.approve(filing, by=gkb)
    assert Account.objects.get().reviewer_title == "副主任"


def test_withdrawn_opening_leaves_the_account_not_opened(agency_a, admin_a):
    filing = actions.apply_open(agency_a, particulars(), by=admin_a)
    actions.withdraw(filing, by=admin_a)
    assert Account.objects.get().status == AccountStatus.ABANDONED
    with pytest.raises(Refused, match="不能改为"):
        actions.withdraw(Filing.objects.get(), by=admin_a)


def test_every_change_is_a_version_and_reaches_the_account_only_when_approved(open_account, admin_a, gkb):
    change = actions.apply_filing(
        open_account, FilingKind.CHANGE, {"name": "东丽发展改革", "reason": "机构简称调整"}, by=admin_a
    )
    assert change.version == 2
    open_account.refresh_from_db()
    assert open_account.name == "东丽发改"  # not yet: the change is under review
    with pytest.raises(Refused, match="尚未办结"):
        actions.apply_filing(open_account, FilingKind.CLOSE, {"reason": "x"}, by=admin_a)
    page = login(gkb).get(f"/workspace/newmedia/filings/{change.pk}/").content.decode()
    assert "东丽发改" in page and "东丽发展改革" in page and "机构简称调整" in page
    actions.approve(change, by=gkb)
    open_account.refresh_from_db()
    assert open_account.name == "东丽发展改革" and open_account.version == 2
    with pytest.raises(Refused, match="至少修改一项"):
        actions.apply_filing(open_account, FilingKind.CHANGE, {"reason": "无"}, by=admin_a)
    close = actions.apply_filing(open_account, FilingKind.CLOSE, {"reason": "整合"}, by=admin_a)
    actions.approve(close, by=gkb)
    open_account.refresh_from_db()
    assert open_account.status == AccountStatus.CLOSED and open_account.closed_on == date(2026, 12, 7)
    with pytest.raises(Refused, match="不能申请变更"):
        actions.apply_filing(open_account, FilingKind.CHANGE, {"name": "x", "reason": "y"}, by=admin_a)
    with pytest.raises(Refused, match="请写明注销的原因"):
        actions.apply_filing(open_account, FilingKind.CANCEL, {"reason": ""}, by=admin_a)
    cancel = actions.apply_filing(open_account, FilingKind.CANCEL, {"reason": "无力维护"}, by=admin_a)
    actions.approve(cancel, by=gkb)
    open_account.refresh_from_db()
    assert open_account.status == AccountStatus.CANCELLED
    assert list(open_account.filings.order_by("version").values_list("version", "kind")) == [
        (1, "open"),
        (2, "change"),
        (3, "close"),
        (4, "cancel"),
    ]


def test_a_second_account_on_the_same_platform_needs_a_reason_shown_to_the_approver(
    agency_a, admin_a, gkb, open_account
):
    with pytest.raises(Refused, match="同一平台只开设一个"):
        actions.apply_open(agency_a, particulars(name="东丽价格服务", handle="dl_jiage"), by=admin_a)
    client = login(admin_a)
    refused = client.post("/workspace/newmedia/new/", particulars(name="东丽价格服务", handle="dl_jiage"))
    html = refused.content.decode()
    assert (
        refused.status_code == 200 and "写明理由" in html and 'value="东丽价格服务"' in html
    )  # nothing lost
    second = actions.apply_open(
        agency_a,
        particulars(name="东丽价格服务", handle="dl_jiage", second_reason="面向经营者的价格公示服务号"),
        by=admin_a,
    )
    page = login(gkb).get(f"/workspace/newmedia/filings/{second.pk}/").content.decode()
    assert "同一平台已有账号" in page and "「东丽发改」" in page and "面向经营者的价格公示服务号" in page
    actions.approve(second, by=gkb)
    assert Account.objects.filter(agency=agency_a, platform="wechat", status="open").count() == 2
    # Another platform needs no reason; another unit's account on the same platform does not count.
    actions.apply_open(agency_a, particulars(platform="weibo"), by=admin_a)


def test_the_approval_guard_catches_a_slot_taken_while_the_filing_waited(
    agency_a, admin_a, gkb, open_account
):
    actions.approve(
        actions.apply_filing(open_account, FilingKind.CLOSE, {"reason": "整合"}, by=admin_a), by=gkb
    )
    # The closed account's reopening is filed while the platform has no operating account: no reason needed …
    reopen = actions.apply_filing(open_account, FilingKind.OPEN, {"reason": "恢复运行"}, by=admin_a)
    # … but a new account on the platform is approved before the reopening is decided.
    actions.approve(actions.apply_open(agency_a, particulars(name="东丽发改新号"), by=admin_a), by=gkb)
    assert FilingStatus.APPROVED not in actions.FILING_FLOW.available_moves(reopen, gkb)
    with pytest.raises(Refused, match="同一平台只开设一个"):
        actions.approve(reopen, by=gkb)
    page = login(gkb).get(f"/workspace/newmedia/filings/{reopen.pk}/").content.decode()
    assert "须写明理由" in page and 'value="approve"' not in page
    # Returned, the unit gives the reason; then it can be approved.
    actions.return_filing(reopen, by=gkb, note="请说明两个账号的分工")
    actions.resubmit(reopen, {"second_reason": "两号分工不同"}, by=admin_a)
    actions.approve(reopen, by=gkb)
    open_account.refresh_from_db()
    assert open_account.status == AccountStatus.OPEN and open_account.closed_on is None
