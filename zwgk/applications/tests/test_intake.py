"""Public intake: the form, the application number and private query code, the applicant's status page."""

import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client

from zwgk.applications import actions
from zwgk.applications.models import Application, Status
from zwgk.applications.tests.factories import PNG, applicant, form_post, proof
from zwgk.audit.models import AuditEvent
from zwgk.testing import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def submit(client: Client, target, **extra):
    return client.post("/apply/new/", form_post(target.pk, **extra))


def test_apply_is_a_public_column_with_guide_and_contacts(client, agency_a):
    home = client.get("/").content.decode()
    assert 'href="/apply/"' in home and "依申请公开" in home
    page = client.get("/apply/").content.decode()
    assert "第三十三条" in page and agency_a.name in page and "在线提交申请" in page


def test_form_offers_exactly_the_annual_report_applicant_columns(client, agency_a):
    html = client.get("/apply/new/").content.decode()
    values = re.findall(r'name="applicant_type" value="([^"]+)"', html)
    assert values == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert "法人或其他组织" in html


@time_machine.travel("2026-03-10 10:00 +0800")
def test_citizen_submits_and_gets_number_and_query_code_once(
    client, agency_a, handler_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, agency_a)
    assert response.status_code == 302 and response["Location"] == "/apply/done/"
    app = Application.objects.get()
    assert app.status == Status.SUBMITTED and app.received_on.isoformat() == "2026-03-10"
    assert app.agency == agency_a and app.identity_proof
    page = client.get("/apply/done/").content.decode()
    code = re.search(r"<dt>查询码</dt><dd>([A-Z0-9-]+)</dd>", page).group(1)
    assert app.number in page and "只显示这一次" in page and "2026年4月8日" in page
    assert app.check_query_code(code) and app.query_code_hash != code
    # the code is in no database column, log or audit event in clear
    assert not AuditEvent.objects.filter(summary__contains=code).exists()
    # an anonymous visitor in another browser needs the code
    other = Client()
    locked = other.get(f"/apply/status/{app.number}/", follow=True)
    assert locked.redirect_chain == [(f"/apply/status/?number={app.number}", 302)]
    assert f'value="{app.number}"' in locked.content.decode() and "张*" not in locked.content.decode()
    bad = other.post("/apply/status/", {"number": app.number, "code": "AAAA-BBBB"})
    assert "申请编号或查询码不正确" in bad.content.decode()
    good = other.post("/apply/status/", {"number": app.number.lower(), "code": code.lower().replace("-", "")})
    assert good.status_code == 302
    status = other.get(f"/apply/status/{app.number}/").content.decode()
    assert "等待工作机构登记确认" in status and "张*" in status and "张小明" not in status
    # e-mails: applicant (no content) and the agency's handler
    subjects = [m.subject for m in mail.outbox]
    assert any(app.number in s and "已提交" in s for s in subjects)
    assert any("收到新的政府信息公开申请" in s for s in subjects)
    applicant_mail = next(m for m in mail.outbox if m.to == ["zhang@example.org"])
    assert "东丽区2025年政府投资项目计划" not in applicant_mail.body


def test_form_keeps_input_and_explains_errors(client, agency_a):
    response = submit(client, agency_a, id_number="110105194912310021", phone="abc", description="")
    html = response.content.decode()
    assert response.status_code == 200
    assert "居民身份证号码不正确" in html and "请填写正确的联系电话" in html
    assert 'value="张小明"' in html
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"applicant_type": "商业企业"}, "法人或其他组织请填写统一社会信用代码"),
        ({"applicant_type": "外星人"}, "选择一个有效的选项"),
        ({"delivery": "email", "email": ""}, "请填写电子邮箱"),
        ({"delivery": "post", "address": ""}, "请填写通信地址"),
        ({"preferred_form": "paper", "delivery": "online"}, "纸质文本不能网上获取"),
        ({"identity_proof": proof("id.exe", b"MZ")}, "仅支持 JPG、PNG 图片或 PDF"),
        ({"identity_proof": proof("id.png", b"not a png")}, "内容与文件类型不符"),
        ({"declaration": ""}, "请勾选“我承诺以上信息真实有效”"),
        ({"agency": 999999}, "选择一个有效的选项"),
    ],
)
def test_malformed_submissions_are_refused_clearly(client, agency_a, extra, message):
    response = submit(client, agency_a, **extra)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_organisation_with_credit_code_and_png_proof(client, agency_a):
    response = submit(
        client,
        agency_a,
        applicant_type="法律服务机构",
        applicant_name="天津某律师事务所",
        id_type="credit_code",
        id_number="91120110MA05K8XX4L",
        legal_representative="王律师",
        identity_proof=proof("licence.png", PNG),
    )
    assert response.status_code == 302
    assert Application.objects.get().applicant_type == "法律服务机构"


def test_agency_that_does_not_handle_applications_is_not_offered(client, agency_a):
    agency_a.handles_applications = False
    agency_a.save()
    html = client.get("/apply/new/").content.decode()
    assert f'value="{agency_a.pk}"' not in html
    assert submit(client, agency_a).status_code == 200


def test_submissions_are_rate_limited(client, agency_a, settings):
    settings.APPLICATION_SUBMIT_RATE = 2
    assert submit(client, agency_a, description="第一件").status_code == 302
    assert submit(client, agency_a, description="第二件").status_code == 302
    response = submit(client, agency_a, description="第三件")
    assert response.status_code == 200 and "提交过于频繁" in response.content.decode()
    assert Application.objects.count() == 2


@time_machine.travel("2026-03-10 10:00 +0800")  # a due date inside the years with a holiday schedule
def test_confirmed_receipt_mode_waits_for_staff(client, agency_a, handler_a, settings):
    settings.APPLICATION_ONLINE_RECEIPT = "confirmed"
    submit(client, agency_a)
    app = Application.objects.get()
    assert app.received_on is None and app.reply_due is None
    html = login(handler_a).get(f"/workspace/applications/{app.pk}/").content.decode()
    assert "待登记确认" in html
    actions.confirm_online(app, by=handler_a)
    app.refresh_from_db()
    assert app.received_on is not None and app.reply_due is not None


def _unlocked(client: Client, agency, **extra) -> Application:
    submit(client, agency, **extra)
    return Application.objects.latest("id")


@time_machine.travel("2026-03-10 10:00 +0800", tick=False)
def test_applicant_corrects_online_and_the_clock_restarts(client, agency_a, handler_a):
    app = _unlocked(client, agency_a)
    code = re.search(
        r"<dt>查询码</dt><dd>([A-Z0-9-]+)</dd>", client.get("/apply/done/").content.decode()
    ).group(1)
    actions.confirm_online(app, by=handler_a)
    actions.request_correction(
        app, by=handler_a, items="请写明文件名称", correction_due=app.received_on.replace(day=25)
    )
    page = client.get(f"/apply/status/{app.number}/").content.decode()
    assert "请写明文件名称" in page and "提交补正" in page and "补正申请告知书" in page
    with time_machine.travel("2026-03-12 09:00 +0800", tick=False):
        client = Client()  # two days later, a new browser session
        client.post("/apply/status/", {"number": app.number, "code": code})
        empty = client.post(f"/apply/status/{app.number}/correct/", {"text": ""}, follow=True)
        assert "请填写补正内容或上传补正材料" in empty.content.decode()
        client.post(f"/apply/status/{app.number}/correct/", {"text": "《东丽区2025年政府投资项目计划》"})
    app.refresh_from_db()
    assert app.status == Status.PROCESSING
    assert app.correction.corrected_on.isoformat() == "2026-03-12"
    assert app.reply_due.isoformat() == "2026-04-10"  # 20 working days after 03-12 (清明 04-04..06 off)
    assert app.request_text == "《东丽区2025年政府投资项目计划》" and "【补正】" not in app.description


def test_applicant_downloads_only_letters_addressed_to_them(client, agency_a, handler_a):
    app = _unlocked(client, agency_a)
    actions.confirm_online(app, by=handler_a)
    actions.accept(app, by=handler_a)
    consultation = actions.start_consultation(
        app, by=handler_a, kind="third_party", party="某某公司", subject="合同"
    )
    letter = app.letters.get()
    assert letter.consultation == consultation
    assert client.get(f"/apply/status/{app.number}/letters/{letter.pk}.pdf").status_code == 404
    page = client.get(f"/apply/status/{app.number}/").content.decode()
    assert "某某公司" not in page and "第三方意见征询函" not in page


def test_applicant_withdraws(client, agency_a, handler_a):
    app = _unlocked(client, agency_a)
    client.post(f"/apply/status/{app.number}/withdraw/", {})
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED
    client.post(f"/apply/status/{app.number}/withdraw/", {"confirm": "yes"})
    app.refresh_from_db()
    assert app.status == Status.ENDED and app.outcome == "other.other" and app.concluded_on is not None
    assert AuditEvent.objects.filter(action="applications.withdraw", object_id=str(app.pk)).exists()


def test_status_lookup_is_rate_limited(client, agency_a, settings):
    settings.APPLICATION_QUERY_RATE = 3
    for _ in range(3):
        client.post("/apply/status/", {"number": "YSQ2026-00001", "code": "XXXX-XXXX"})
    response = client.post("/apply/status/", {"number": "YSQ2026-00001", "code": "XXXX-XXXX"})
    assert "查询次数过多" in response.content.decode()


def test_personal_data_never_reaches_public_pages(client, agency_a, handler_a):
    app = _unlocked(client, agency_a)
    Client().get("/")
    for url in ["/", "/apply/", "/apply/new/", "/apply/status/", "/agencies/"]:
        html = Client().get(url).content.decode()
        assert "张小明" not in html and "13800001234" not in html and app.number not in html, url


def test_staff_registered_letter_tells_query_code_once(agency_a, handler_a):
    client = login(handler_a)
    response = client.post(
        "/workspace/applications/register/",
        {
            **applicant(),
            "channel": "registered_post",
            "submitted_on": "2025-03-03",
            "signed_on": "2025-03-04",
        },
        follow=True,
    )
    html = response.content.decode()
    app = Application.objects.get()
    assert app.received_on.isoformat() == "2025-03-04" and "签收之日" in app.receipt_rule
    code = re.search(r"请将查询码 ([A-Z0-9]{4}-[A-Z0-9]{4}) 告知申请人", html).group(1)
    assert app.check_query_code(code)
    assert app.status == Status.REGISTERED and app.source == "staff"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"channel": "registered_post", "signed_on": ""}, "签收日期"),
        ({"channel": "fax", "confirmed_on": ""}, "与申请人确认的日期"),
        ({"channel": "email", "confirmed_on": "2025-03-01"}, "不能早于"),
        ({"submitted_on": "2099-01-01"}, "不能晚于今天"),
        ({"submitted_on": "2025-02-30"}, "有效的日期"),
        ({"channel": "online"}, "选择一个有效的选项"),
    ],
)
def test_staff_registration_enforces_article_31(agency_a, handler_a, extra, message):
    data = {**applicant(), "channel": "in_person", "submitted_on": "2025-03-03", **extra}
    response = login(handler_a).post("/workspace/applications/register/", data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Application.objects.exists()


def test_applicant_type_is_a_labelled_radio_group(client, agency_a):
    html = client.get("/apply/new/").content.decode()
    assert '<label for="">' not in html
    assert "<legend>申请人类型" in html


@time_machine.travel("2026-03-10 10:00 +0800")
def test_the_query_code_is_shown_once_and_never_stored_in_clear_in_the_session(client, agency_a, handler_a):
    """Issue 13: reloading /apply/done/ showed the code again, and it sat in plain text in the session table."""
    from django.contrib.sessions.models import Session

    submit(client, agency_a)
    app = Application.objects.get()
    stored = "".join(str(s.get_decoded()) for s in Session.objects.all())
    first = client.get("/apply/done/").content.decode()
    code = re.search(r"<dt>查询码</dt><dd>([A-Z0-9-]+)</dd>", first).group(1)
    assert app.check_query_code(code)
    assert code not in stored and code.replace("-", "") not in stored
    again = client.get("/apply/done/").content.decode()
    assert app.number in again and code not in again and "不再显示" in again
    assert code not in "".join(str(s.get_decoded()) for s in Session.objects.all())
