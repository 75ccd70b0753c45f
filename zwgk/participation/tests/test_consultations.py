"""征求意见 through its pages: comment windows, per-article comments, moderation with masking, the feedback
report, permissions, and that nothing unpublished or unmoderated reaches a public page."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from zwgk.core.errors import Refused
from zwgk.participation import actions
from zwgk.participation.models import CommentStatus, Consultation, Decision
from zwgk.testing import login

pytestmark = pytest.mark.django_db
DRAFT = "第一条 目的。\n第二条 补贴每户不超过二十万元。\n第三条 自印发之日起施行。"


@pytest.fixture(autouse=True)
def _clock():
    cache.clear()
    with time_machine.travel("2026-03-02 10:00:00+08:00", tick=False):
        yield


def _consultation(agency, by, **kw):
    data = {
        "agency": agency,
        "title": "加装电梯办法（征求意见稿）",
        "draft_text": DRAFT,
        "opens_on": date(2026, 3, 1),
        "closes_on": date(2026, 3, 31),
        **kw,
    }
    return actions.save_consultation(None, data, by=by)


def test_a_period_shorter_than_30_days_needs_a_reason(agency_a, admin_a):
    with pytest.raises(Refused, match="不少于 30 日"):
        _consultation(agency_a, admin_a, closes_on=date(2026, 3, 10))
    _consultation(
        agency_a, admin_a, closes_on=date(2026, 3, 10), summary="因汛期安排，征求意见期限缩短为 10 日。"
    )


def test_comments_on_an_article_are_moderated_masked_and_shown(client, agency_a, admin_a):
    c = _consultation(agency_a, admin_a)
    assert client.get(f"/participation/{c.pk}/").status_code == 404  # not published yet
    actions.publish(c, by=admin_a)
    page = client.get(f"/participation/{c.pk}/?unit=2").content.decode()
    assert "对第二条提意见" in page and 'name="unit" value="2"' in page
    client.post(
        f"/participation/{c.pk}/",
        {"unit": "2", "text": "太少了，我电话13820005678，身份证120110198805061234", "name": "刘桂兰"},
    )
    comment = c.comments.get()
    assert comment.unit_label == "第二条" and comment.status == CommentStatus.PENDING
    assert (
        "太少了" not in client.get(f"/participation/{c.pk}/").content.decode()
    )  # not shown before moderation
    staff = login(admin_a)
    staff.post(f"/workspace/participation/{c.pk}/", {"action": "approve", "comment": comment.pk})
    html = client.get(f"/participation/{c.pk}/").content.decode()
    assert (
        "太少了" in html
        and "13820005678" not in html
        and "120110198805061234" not in html
        and "刘桂兰" not in html
    )


def test_a_closed_consultation_accepts_nothing(client, agency_a, admin_a):
    c = _consultation(agency_a, admin_a)
    actions.publish(c, by=admin_a)
    with time_machine.travel("2026-04-01 09:00:00+08:00", tick=False):
        with pytest.raises(Refused, match="不在征求意见期内"):
            actions.submit_comment(c, {"text": "晚了"})
        response = client.post(f"/participation/{c.pk}/", {"text": "晚了"})
        assert c.comments.count() == 0 and "不再接收意见" in response.content.decode()


def test_feedback_needs_every_comment_decided_and_then_shows_the_counts(client, agency_a, admin_a, drafter_a):
    c = _consultation(agency_a, admin_a)
    actions.publish(c, by=admin_a)
    one = actions.submit_comment(c, {"text": "提高补贴", "unit": 2})
    two = actions.submit_comment(c, {"text": "广告", "unit": None})
    actions.moderate(one, approve=True, by=drafter_a)
    actions.moderate(two, approve=False, reason="广告", by=drafter_a)
    with time_machine.travel("2026-04-02 09:00:00+08:00", tick=False):
        with pytest.raises(Refused) as info:
            actions.publish_feedback(c, "说明", by=admin_a)
        assert any("未归入" in p for p in info.value.problems)
        with pytest.raises(Refused, match="须说明理由"):
            actions.save_theme(
                c,
                None,
                title="提高补贴",
                decision=Decision.NOT_ADOPTED,
                reason="",
                comment_ids=[one.pk],
                by=drafter_a,
            )
        actions.save_theme(
            c,
            None,
            title="提高补贴",
            decision=Decision.PARTLY,
            reason="按楼层分档",
            comment_ids=[one.pk],
            by=drafter_a,
        )
        with pytest.raises(PermissionDenied):  # the drafter may not publish the report
            actions.publish_feedback(c, "说明", by=drafter_a)
        actions.publish_feedback(c, "共收到意见 2 条。", by=admin_a)
        html = client.get(f"/participation/{c.pk}/").content.decode()
        assert (
            "意见采纳情况" in html and "部分采纳 1 条" in html and "按楼层分档" in html and "广告" not in html
        )
        api = client.get("/api/v1/consultations/").json()["results"][0]
        assert (
            api["comments_received"] == 2 and api["feedback_published"] is True and api["status"] == "closed"
        )
    assert actions.focus_points(c) == [("提高补贴", 1)]


def test_only_public_consultations_and_records_reach_public_surfaces(client, agency_a, admin_a, drafter_a):
    from zwgk.documents.tests.helpers import draft

    secret = draft(agency_a, drafter_a, title="LEAKFINAL 未公开的正式文件")
    hidden = _consultation(agency_a, admin_a, title="LEAKDRAFT 未发布")
    shown = _consultation(agency_a, admin_a, title="公开的征求意见", final_record=secret)
    actions.publish(shown, by=admin_a)
    for url in (
        "/participation/",
        f"/participation/{shown.pk}/",
        f"/participation/{hidden.pk}/",
        "/api/v1/consultations/",
        "/sitemap.xml",
    ):
        body = client.get(url).content.decode()
        assert "LEAKDRAFT" not in body and "LEAKFINAL" not in body, url
    assert client.get("/api/v1/consultations/").json()["results"][0]["final_record"] is None


def test_another_agency_cannot_edit_or_moderate(agency_a, admin_a, staff_b):
    c = _consultation(agency_a, admin_a)
    assert login(staff_b).get(f"/workspace/participation/{c.pk}/").status_code == 403
    actions.publish(c, by=admin_a)
    comment = actions.submit_comment(c, {"text": "意见"})
    with pytest.raises(PermissionDenied):
        actions.moderate(comment, approve=True, by=staff_b)
    assert Consultation.objects.visible_to(staff_b).count() == 0
