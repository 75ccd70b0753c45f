"""Workspace pages: lists with export, validity changes with links, metadata correction, themes, guides."""

from datetime import date
from io import BytesIO

import openpyxl
import pytest
import time_machine

from zwgk.core.errors import Refused
from zwgk.documents import actions
from zwgk.documents.models import Record, Theme
from zwgk.documents.tests.helpers import draft, publish, theme
from zwgk.testing import login

pytestmark = pytest.mark.django_db
NOW = "2025-04-01 10:00:00+08:00"


@time_machine.travel(NOW, tick=False)
def test_records_list_is_scoped_filtered_and_exported(agency_a, agency_b, drafter_a, staff_b):
    draft(agency_a, drafter_a, title="发改委的草稿")
    draft(agency_b, staff_b, title="财政局的草稿")
    html = login(drafter_a).get("/workspace/documents/?status=draft").content.decode()
    assert "发改委的草稿" in html and "财政局的草稿" not in html
    response = login(drafter_a).get("/workspace/documents/?export=xlsx")
    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["索引号", "标题", "发文机关"]
    assert sheet.max_row == 2
    assert (
        login(staff_b).get(f"/workspace/documents/{Record.objects.get(title='发改委的草稿').pk}/").status_code
        == 404
    )


@time_machine.travel(NOW, tick=False)
def test_validity_change_through_the_form_links_the_replacement(
    client, agency_a, drafter_a, reviewer_a, signer_a
):
    old = draft(agency_a, drafter_a, title="旧办法")
    publish(old, drafter_a, reviewer_a, signer_a)
    new = draft(agency_a, drafter_a, title="新办法")
    publish(new, drafter_a, reviewer_a, signer_a)
    signer = login(signer_a)
    bad = signer.post(
        f"/workspace/documents/{old.pk}/validity/", {"validity": "amended", "changed_on": "2025-04-01"}
    )
    assert "请选择修改它的文件" in bad.content.decode()
    signer.post(
        f"/workspace/documents/{old.pk}/validity/",
        {"validity": "repealed", "changed_on": "2025-04-01", "related": new.pk, "note": "由新办法替代"},
    )
    old.refresh_from_db()
    assert old.validity == "repealed" and old.replaced_by == new and old.repealed_on == date(2025, 4, 1)
    assert "已废止" in client.get(f"/xxgk/records/{old.pk}/").content.decode()
    with pytest.raises(Refused):
        actions.change_validity(
            old, by=signer_a, validity="amended", changed_on=date(2025, 4, 2), related=new
        )


@time_machine.travel(NOW, tick=False)
def test_metadata_correction_needs_a_reason_and_keeps_the_body(
    agency_a, drafter_a, reviewer_a, signer_a, admin_a
):
    record = draft(agency_a, drafter_a, title="错字标题")
    publish(record, drafter_a, reviewer_a, signer_a)
    with pytest.raises(Refused):
        actions.correct_metadata(record, {"title": "正确标题"}, by=admin_a, reason=" ")
    actions.correct_metadata(record, {"title": "正确标题", "body": "偷改正文"}, by=admin_a, reason="标题错字")
    record.refresh_from_db()
    assert record.title == "正确标题" and record.body != "偷改正文"


def test_themes_stay_two_levels(gkb, drafter_a):
    child = theme()
    top = child.parent
    with pytest.raises(Refused, match="两级"):
        actions.save_theme(None, name="三级", parent=child, sort_order=1, is_active=True, by=gkb)
    with pytest.raises(Refused, match="同名"):
        actions.save_theme(None, name="政务公开", parent=top, sort_order=1, is_active=True, by=gkb)
    client = login(gkb)
    client.post(
        "/workspace/documents/themes/",
        {"name": "数据开放", "parent": top.pk, "sort_order": 5, "is_active": "on"},
    )
    assert Theme.objects.filter(name="数据开放", parent=top).exists()
    assert login(drafter_a).get("/workspace/documents/themes/").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_guide_revision_through_the_workspace(client, agency_a, admin_a, drafter_a):
    page = login(admin_a).get("/workspace/documents/guide/").content.decode()
    assert "政府信息公开指南" in page and agency_a.phone in page  # the default text carries the contact block
    login(admin_a).post(
        "/workspace/documents/guide/",
        {"body": "本单位指南正文", "revised_on": "2025-04-01", "note": "首次发布"},
    )
    assert "修订时间：2025年04月01日" in client.get(f"/xxgk/guide/{agency_a.code}/").content.decode()
    assert login(drafter_a).get("/workspace/documents/guide/").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_overdue_records_are_flagged_once_and_listed(agency_a, drafter_a):
    record = draft(agency_a, drafter_a, title="迟迟未发的通知", written_on=date(2025, 2, 3))
    assert record.publish_due == date(2025, 3, 3)
    assert actions.flag_overdue(date(2025, 4, 1)) == 1
    assert actions.flag_overdue(date(2025, 4, 2)) == 0
    html = login(drafter_a).get("/workspace/documents/timeliness/").content.decode()
    assert "迟迟未发的通知" in html and "severity-danger" in html
