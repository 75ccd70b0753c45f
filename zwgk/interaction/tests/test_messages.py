"""互动交流 through its public surface and the workspace: submitting, the query code, handling with pauses,
transfers and sign-off, masked public replies, permissions, rate limits, duplicates and the figures."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from zwgk.accounts.roles import Role
from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.interaction import actions
from zwgk.interaction.models import ConsultationLog, Message, Status
from zwgk.testing import login, make_user

pytestmark = pytest.mark.django_db
NOW = "2026-03-02 10:00:00+08:00"  # a Monday
ID_NUMBER = "120110198805061234"
PHONE = "13820001234"


@pytest.fixture(autouse=True)
def _clock():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


def post_message(client: Client, kind: str, **fields):
    data = {
        "title": "网页链接打不开",
        "body": "附件链接打不开，请修复。",
        "name": "张秀英",
        "phone": PHONE,
        **fields,
    }
    return client.post(f"/interaction/new/{kind}/", data)


def test_a_visitor_reports_a_broken_link_gets_a_number_and_code_once_and_can_look_it_up(
    client, kinds, office
):
    page = client.get("/interaction/new/zhaocuo/?page=http://127.0.0.1:8000/xxgk/policies/").content.decode()
    assert 'value="http://127.0.0.1:8000/xxgk/policies/"' in page
    response = post_message(client, "zhaocuo", page_url="http://127.0.0.1:8000/xxgk/policies/")
    assert response.status_code == 302 and response["Location"] == "/interaction/done/"
    done = client.get("/interaction/done/").content.decode()
    number = re.search(r"LY2026-\d{5}", done).group(0)
    code = re.search(r"<dt>查询码</dt><dd>([A-Z0-9-]+)</dd>", done).group(1)
    message = Message.objects.get(number=number)
    assert message.agency == office and message.due_on == date(2026, 3, 5)  # 3 working days
    assert code not in message.query_code_hash
    # The code is shown once: a reload of the done page does not show it again.
    again = client.get("/interaction/done/")
    assert again.status_code == 302 and code not in client.get(again["Location"]).content.decode()
    # A new browser: the bookmarked status page asks for the code, with the number filled in.
    stranger = Client()
    redirected = stranger.get(f"/interaction/status/{number}/")
    assert redirected.status_code == 302 and f"number={number}" in redirected["Location"]
    assert stranger.post("/interaction/status/", {"number": number, "code": "WRONG-CODE"}).status_code == 200
    ok = stranger.post("/interaction/status/", {"number": number, "code": code.lower()})
    assert ok.status_code == 302
    assert "待分办" in stranger.get(ok["Location"]).content.decode()


def test_form_errors_name_each_field_and_the_honeypot_refuses_scripts(client, kinds):
    response = client.post("/interaction/new/zixun/", {"title": "", "body": "", "name": "", "phone": ""})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="error-summary"' in html
    assert "请填写“标题”" in html and "请填写“留言内容”" in html and "请至少填写联系电话或电子邮箱" in html
    bot = post_message(client, "zixun", website="http://spam.example/")
    assert bot.status_code == 200 and Message.objects.count() == 0


def test_same_message_twice_makes_one_message(client, kinds):
    post_message(client, "zhaocuo")
    second = post_message(Client(), "zhaocuo")
    assert Message.objects.count() == 1
    assert "无须重复提交" in second.content.decode()


def test_submissions_per_address_are_limited(client, kinds, settings):
    settings.INTERACTION_SUBMIT_RATE = 3
    for i in range(3):
        assert (
            post_message(
                client, "zhaocuo", title=f"问题{i}", body=f"第{i}个不同的问题内容", phone=f"1382000{i:04d}"
            ).status_code
            == 302
        )
    refused = post_message(client, "zhaocuo", title="问题9", body="又一个问题", phone="13820009999")
    assert refused.status_code == 200 and "提交过于频繁" in refused.content.decode()
    assert Message.objects.count() == 3


def _message(kinds, agency, kind="zixun", **data):
    base = {
        "title": "社保补贴怎么申请",
        "body": f"我的身份证号{ID_NUMBER}，电话{PHONE}，请问补贴怎么申请。",
        "name": "张秀英",
        "phone": PHONE,
        "agency": agency,
    }
    message, _ = actions.submit_message(kinds[kind], {**base, **data})
    return message


def test_handling_with_a_pause_and_a_public_masked_reply(client, kinds, agency_a, hd_a):
    m = _message(kinds, agency_a)
    assert m.due_on == date(2026, 3, 16)  # 10 working days
    staff = login(hd_a)
    assert staff.post(f"/workspace/interaction/{m.pk}/", {"action": "accept"}).status_code == 302
    staff.post(f"/workspace/interaction/{m.pk}/", {"action": "ask", "question": "请说明您的就业状态。"})
    m.refresh_from_db()
    assert m.status == Status.AWAITING_INFO and m.due_on is None and m.clock_state == "paused"
    with time_machine.travel("2026-03-04 09:00:00+08:00", tick=False):
        actions.supply_info(m, "灵活就业")
    m.refresh_from_db()
    assert m.status == Status.PROCESSING and m.due_on == date(2026, 3, 18)  # 3/3 and 3/4 not counted
    staff.post(
        f"/workspace/interaction/{m.pk}/",
        {
            "action": "save",
            "reply_body": f"张秀英您好，已电话{PHONE}联系您。请携带身份证到窗口办理。",
            "reply_public": "on",
        },
    )
    staff.post(f"/workspace/interaction/{m.pk}/", {"action": "send"})
    m.refresh_from_db()
    assert m.status == Status.REPLIED and m.published_at is not None
    public_pages = [
        client.get("/interaction/replies/").content.decode(),
        client.get(f"/interaction/replies/{m.number}/").content.decode(),
        client.get("/api/v1/messages/").content.decode(),
        client.get("/interaction/").content.decode(),
    ]
    for html in public_pages:
        assert ID_NUMBER not in html and PHONE not in html and "张秀英" not in html
    detail = public_pages[1]
    assert "1201**********1234" in detail and "138****1234" in detail and "张*英" in detail
    kinds_of_events = set(
        AuditEvent.objects.filter(object_id=str(m.pk), action__startswith="interaction.").values_list(
            "action", flat=True
        )
    )
    assert {
        "interaction.submitted",
        "interaction.accepted",
        "interaction.info_requested",
        "interaction.info_supplied",
        "interaction.replied",
    } <= kinds_of_events


def test_non_public_messages_never_reach_a_public_surface(client, kinds, agency_a, hd_a):
    hidden = [
        _message(kinds, agency_a, title="LEAK1 待分办"),
        _message(kinds, agency_a, title="LEAK2 不公开的答复", body="LEAK2 正文"),
        _message(kinds, agency_a, kind="tousu", title="LEAK3 待审签", subkind="双减"),
    ]
    actions.accept(hidden[1], by=hd_a)
    actions.save_reply(hidden[1], "LEAK2 答复", public=False, by=hd_a)
    actions.send_reply(hidden[1], by=hd_a)
    actions.accept(hidden[2], by=hd_a)
    actions.save_reply(hidden[2], "LEAK3 答复", public=True, by=hd_a)
    actions.submit_for_signoff(hidden[2], by=hd_a)
    urls = [
        "/interaction/",
        "/interaction/replies/",
        "/interaction/replies/?q=不公开",
        "/api/v1/messages/",
        "/sitemap.xml",
        "/api/v1/openapi.json",
    ]
    urls += [f"/interaction/replies/{m.number}/" for m in hidden]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        for marker in ("LEAK1", "LEAK2", "LEAK3", *(m.number for m in hidden)):
            if url.endswith(f"/{marker}/"):
                continue
            assert marker.encode() not in response.content, url
    assert Message.objects.public().count() == 0


def test_sign_off_is_required_where_the_kind_needs_it(kinds, agency_a, hd_a, head_a):
    m = _message(kinds, agency_a, kind="tousu", subkind="双减")
    actions.accept(m, by=hd_a)
    actions.save_reply(m, "已核查处理。", public=False, by=hd_a)
    with pytest.raises(Refused, match="负责人审签"):
        actions.send_reply(m, by=hd_a)
    actions.submit_for_signoff(m, by=hd_a)
    page = login(hd_a).get(f"/workspace/interaction/{m.pk}/").content.decode()
    assert 'value="send"' not in page  # the handler sees no send button while the reply awaits sign-off
    assert 'value="send"' in login(head_a).get(f"/workspace/interaction/{m.pk}/").content.decode()
    actions.send_reply(m, by=head_a)
    m.refresh_from_db()
    assert m.status == Status.REPLIED and m.signed_by == head_a


def test_an_agency_sees_only_its_own_messages_and_a_transfer_moves_them(
    kinds, agency_a, agency_b, hd_a, hd_b, gkb
):
    m = _message(kinds, agency_a)
    assert login(hd_b).get(f"/workspace/interaction/{m.pk}/").status_code == 403
    assert m.number not in login(hd_b).get("/workspace/interaction/").content.decode()
    due = m.due_on
    actions.transfer(m, agency_b, reason="属于财政局职责", by=gkb)
    m.refresh_from_db()
    assert m.agency == agency_b and m.due_on == due  # the clock continues
    assert login(hd_a).get(f"/workspace/interaction/{m.pk}/").status_code == 403
    assert login(hd_b).get(f"/workspace/interaction/{m.pk}/").status_code == 200
    with pytest.raises(Refused):
        actions.transfer(m, agency_b, reason="x", by=gkb)


def test_writer_details_are_masked_for_staff_without_need_to_know(kinds, agency_a, hd_a, admin_a):
    m = _message(kinds, agency_a)
    assert PHONE in login(hd_a).get(f"/workspace/interaction/{m.pk}/").content.decode()
    other = login(admin_a).get(f"/workspace/interaction/{m.pk}/").content.decode()
    assert PHONE not in other and "张*英" in other


def test_rating_once_after_the_reply(kinds, agency_a, hd_a):
    m = _message(kinds, agency_a)
    with pytest.raises(Refused):
        actions.rate(m, "satisfied")
    actions.accept(m, by=hd_a)
    actions.save_reply(m, "答复。", public=False, by=hd_a)
    actions.send_reply(m, by=hd_a)
    actions.rate(m, "unsatisfied", "没解决")
    with pytest.raises(Refused, match="评价过"):
        actions.rate(m, "satisfied")


def test_api_contract(client, kinds, office, agency_a):
    created = client.post(
        "/api/v1/messages/",
        {
            "kind": "zhaocuo",
            "title": "错别字",
            "body": "首页有错别字",
            "name": "李四",
            "phone": "13900001111",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"number", "query_code", "due"} and body["due"] == "2026-03-05"
    status = client.get(f"/api/v1/messages/{body['number']}/?code={body['query_code']}")
    assert status.status_code == 200 and status.json()["status"] == "received"
    assert client.get(f"/api/v1/messages/{body['number']}/?code=AAAA-BBBB").status_code == 404
    bad = client.post(
        "/api/v1/messages/",
        {"kind": "zixun", "title": "", "agency": agency_a.code},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "title" in bad.json()["errors"] and "body" in bad.json()["errors"]
    for payload in (
        b"not json",
        b"[1,2]",
        b'{"kind": 5}',
        b'{"kind": "zixun", "agency": "NOPE", "title": "t", "body": "b"}',
    ):
        assert client.post("/api/v1/messages/", payload, content_type="application/json").status_code == 400
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/messages/" in spec["paths"] and "/api/v1/messages/{number}/" in spec["paths"]


def test_three_month_red_line_and_monthly_figures_export(kinds, agency_a, hd_a, gkb):
    with time_machine.travel("2025-10-20 10:00:00+08:00", tick=False):
        old = _message(kinds, agency_a, title="四个月没人答复")
    recent = _message(kinds, agency_a, title="刚收到")
    page = login(gkb).get("/workspace/interaction/figures/").content.decode()
    stale_section = page.split('id="stale-title"')[1].split("</section>")[0]
    assert old.number in stale_section and recent.number not in stale_section
    export = login(gkb).get("/workspace/interaction/figures/?year=2026&month=3&export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert login(hd_a).get("/workspace/interaction/figures/").status_code == 403


def test_consultation_log_in_one_post_and_faq_suggestions(kinds, agency_a, hd_a, settings):
    settings.INTERACTION_FAQ_SUGGESTION_COUNT = 3
    staff = login(hd_a)
    for _ in range(3):
        response = staff.post(
            "/workspace/interaction/log/",
            {"channel": "phone", "topic": "稳岗返还申领", "answered_on_spot": "on", "asked_on": "2026-03-02"},
        )
        assert response.status_code == 302
    assert ConsultationLog.objects.filter(agency=agency_a).count() == 3
    page = staff.get("/workspace/interaction/log/").content.decode()
    assert "建议补充到政策问答的问题" in page and "稳岗返还申领（3 次）" in page
    future = staff.post(
        "/workspace/interaction/log/",
        {"channel": "phone", "topic": "x", "answered_on_spot": "on", "asked_on": "2026-03-09"},
    )
    assert "不能晚于今天" in future.content.decode()


def test_only_the_district_office_configures_channels(kinds, gkb, admin_a):
    assert login(admin_a).get("/workspace/interaction/kinds/").status_code == 403
    kind = kinds["zixun"]
    response = login(gkb).post(
        f"/workspace/interaction/kinds/{kind.pk}/",
        {
            "name": "政务咨询",
            "reply_working_days": "7",
            "order": "10",
            "public_by_default": "on",
            "active": "on",
        },
    )
    assert response.status_code == 302
    kind.refresh_from_db()
    assert kind.reply_working_days == 7
    assert AuditEvent.objects.filter(action="interaction.kind_saved").exists()


def test_handler_inbox_lists_overdue_first_and_exports(kinds, agency_a, hd_a):
    with time_machine.travel("2026-02-02 10:00:00+08:00", tick=False):
        late = _message(kinds, agency_a, title="早就该答复了")
    _message(kinds, agency_a, title="新留言")
    staff = login(hd_a)
    html = staff.get("/workspace/interaction/?state=overdue").content.decode()
    assert late.number in html and "已超期" in html
    home = staff.get("/workspace/").content.decode()
    assert late.number in home  # the 工作台 lists it
    export = staff.get("/workspace/interaction/?export=xlsx")
    assert export.status_code == 200


def test_a_message_handler_role_is_needed_to_answer(kinds, agency_a):
    outsider = make_user("drafter", [(agency_a, Role.DRAFTER)])
    m = _message(kinds, agency_a)
    assert login(outsider).get(f"/workspace/interaction/{m.pk}/").status_code == 403


def test_the_writer_supplies_information_and_rates_on_the_status_page(client, kinds, agency_a, hd_a):
    post_message(client, "zixun", agency=agency_a.pk)
    m = Message.objects.get()
    actions.accept(m, by=hd_a)
    actions.request_info(m, "请说明所在街道。", by=hd_a)
    page = client.get(f"/interaction/status/{m.number}/").content.decode()
    assert "请说明所在街道" in page and 'value="supply"' in page
    client.post(f"/interaction/status/{m.number}/", {"action": "supply", "answer": "张贵庄街道"})
    m.refresh_from_db()
    assert m.status == Status.PROCESSING and m.pauses.get().answer == "张贵庄街道"
    actions.save_reply(m, "已答复。", public=False, by=hd_a)
    actions.send_reply(m, by=hd_a)
    client.post(
        f"/interaction/status/{m.number}/", {"action": "rate", "satisfaction": "basically", "comment": "还行"}
    )
    m.refresh_from_db()
    assert (
        m.satisfaction == "basically"
        and "您的评价：基本满意" in client.get(f"/interaction/status/{m.number}/").content.decode()
    )


def test_a_complaint_quoting_an_application_number_links_to_it(kinds, agency_a, handler_a, settings):
    from zwgk.applications import actions as application_actions

    app, _ = application_actions.submit_online(
        agency_a,
        {
            "applicant_type": "自然人",
            "applicant_name": "张三",
            "id_type": "resident_id",
            "id_number": "",
            "phone": PHONE,
            "email": "",
            "address": "",
            "postal_code": "",
            "request": "请公开某文件",
            "purpose": "",
            "form": "electronic",
            "delivery": "online",
            "needs_assistance": False,
        },
    )
    m = _message(
        kinds,
        agency_a,
        kind="tousu",
        subkind="依申请公开办理",
        body=f"我的申请 {app.number.lower()} 超期未答复。",
    )
    assert m.application == app


def test_daily_reminders_refresh_clocks_and_mail_the_handlers(kinds, agency_a, hd_a, mailoutbox):
    from zwgk.interaction.tasks import run_reminders

    with time_machine.travel("2026-02-02 10:00:00+08:00", tick=False):
        late = _message(kinds, agency_a, title="超期的留言")
    Message.objects.filter(pk=late.pk).update(due_on=None)  # as if computed before a schedule was loaded
    result = run_reminders()
    late.refresh_from_db()
    assert late.due_on is not None and result["refreshed"] == 1
    assert result["sent"] == 1 and late.number in mailoutbox[0].body and "已超期" in mailoutbox[0].body


def test_status_lookups_without_a_code_are_refused_and_wrong_codes_are_limited(client, kinds, settings):
    settings.INTERACTION_QUERY_RATE = 2
    assert client.get("/api/v1/messages/LY2026-00001/").status_code == 400
    for _ in range(2):
        assert client.get("/api/v1/messages/LY2026-00001/?code=AAAA-BBBB").status_code == 404
    assert client.get("/api/v1/messages/LY2026-00001/?code=AAAA-BBBB").status_code == 429
