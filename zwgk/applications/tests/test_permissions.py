"""Who may see and do what: agency A's staff never see agency B's applicants; personal data only for the
handling agency's 承办人 and 工作机构负责人; extension approval, legal review and templates by role."""

import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from zwgk.accounts.roles import Role
from zwgk.applications import actions
from zwgk.applications.tests.factories import staff_application
from zwgk.core.errors import Refused
from zwgk.testing import login, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def app_a(agency_a, handler_a):
    with time_machine.travel("2025-03-04 10:00 +0800", tick=False):
        return staff_application(agency_a, handler_a, day=date(2025, 3, 3), accept=True)


def test_other_agency_staff_cannot_see_the_application_or_its_applicant(app_a, handler_b, staff_b):
    for user in (handler_b, staff_b):
        client = login(user)
        assert client.get(f"/workspace/applications/{app_a.pk}/").status_code == 403
        ledger = client.get("/workspace/applications/")
        if ledger.status_code == 200:
            assert app_a.number not in ledger.content.decode()
        export = client.get("/workspace/applications/?export=xlsx")
        if export.status_code == 200:
            assert app_a.number not in str(list(load_workbook(io.BytesIO(export.content)).active.values))
        assert client.get(f"/workspace/applications/{app_a.pk}/files/proof/").status_code == 403
        assert client.post(f"/workspace/applications/{app_a.pk}/step/note/", {"note": "x"}).status_code == 403


def test_staff_without_an_application_role_have_no_ledger(drafter_a):
    assert login(drafter_a).get("/workspace/applications/").status_code == 403


def test_anonymous_visitors_are_sent_to_login(client, app_a):
    response = client.get(f"/workspace/applications/{app_a.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_handler_sees_personal_data_in_full(app_a, handler_a):
    html = login(handler_a).get(f"/workspace/applications/{app_a.pk}/").content.decode()
    assert "张小明" in html and "11010519491231002X" in html and "13800001234" in html


@pytest.mark.parametrize("persona", ["lawyer_a", "gkb", "supervisor", "admin_a"])
def test_others_see_the_application_with_personal_data_masked(app_a, persona, request):
    user = request.getfixturevalue(persona)
    client = login(user)
    response = client.get(f"/workspace/applications/{app_a.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "张**" in html
        and "张小明" not in html
        and "11010519491231002X" not in html
        and "13800001234" not in html
    )
    assert "110***********002X" in html and "138******34" in html
    assert client.get(f"/workspace/applications/{app_a.pk}/files/proof/").status_code in (403, 404)


def test_ledger_lists_are_masked_even_for_the_handler(app_a, handler_a):
    client = login(handler_a)
    html = client.get("/workspace/applications/").content.decode()
    assert app_a.number in html and "张**" in html and "张小明" not in html
    rows = list(
        load_workbook(io.BytesIO(client.get("/workspace/applications/?export=xlsx").content)).active.values
    )
    assert "张小明" not in str(rows) and "13800001234" not in str(rows)


def test_district_admin_sees_every_agency_in_the_ledger(app_a, agency_b, handler_b, gkb):
    with time_machine.travel("2025-03-04 10:00 +0800", tick=False):
        app_b = staff_application(agency_b, handler_b, day=date(2025, 3, 3))
    html = login(gkb).get("/workspace/applications/").content.decode()
    assert app_a.number in html and app_b.number in html
    html = login(gkb).get(f"/workspace/applications/?agency={agency_b.code}").content.decode()
    assert app_a.number not in html and app_b.number in html


def test_only_the_office_head_approves_extensions(app_a, handler_a, head_a, gkb, agency_b):
    with time_machine.travel("2025-03-10 10:00 +0800", tick=False):
        extension = actions.request_extension(app_a, by=handler_a, working_days=10, reason="档案调取")
        other_head = make_user("head_b", [(agency_b, Role.OFFICE_HEAD)])
        for user in (handler_a, gkb, other_head):
            response = login(user).post(
                f"/workspace/applications/{app_a.pk}/step/extension_decide/",
                {"extension": extension.pk, "approve": "1"},
            )
            assert response.status_code == 403
        login(head_a).post(
            f"/workspace/applications/{app_a.pk}/step/extension_decide/",
            {"extension": extension.pk, "approve": "1"},
        )
        extension.refresh_from_db()
        assert extension.approved is True and extension.decided_by == head_a


def test_extension_after_the_due_date_is_refused(app_a, handler_a, head_a):
    with time_machine.travel("2025-03-28 10:00 +0800", tick=False):
        extension = actions.request_extension(app_a, by=handler_a, working_days=10, reason="档案调取")
    # due 2025-03-31
    with (
        time_machine.travel("2025-04-02 10:00 +0800", tick=False),
        pytest.raises(Refused, match="已届满"),
    ):
        actions.decide_extension(extension, by=head_a, approve=True)


def test_only_the_agencys_legal_adviser_reviews(app_a, handler_a, lawyer_a, agency_b):
    actions.save_draft(app_a, by=handler_a, data={"outcome": "granted", "provision": "见附件"})
    actions.submit_for_legal_review(app_a, by=handler_a)
    other_lawyer = make_user("lawyer_b", [(agency_b, Role.LEGAL_ADVISER)])
    for user in (handler_a, other_lawyer):
        response = login(user).post(f"/workspace/applications/{app_a.pk}/step/review/", {"approve": "1"})
        assert response.status_code == 403
    login(lawyer_a).post(f"/workspace/applications/{app_a.pk}/step/review/", {"approve": "1"})
    app_a.refresh_from_db()
    assert app_a.status == "approved"


def test_only_the_district_admin_edits_letter_templates(handler_a, gkb):
    assert login(handler_a).get("/workspace/applications/templates/").status_code == 403
    client = login(gkb)
    html = client.get("/workspace/applications/templates/reply.granted/").content.decode()
    assert "{{申请人}}" in html and "救济途径" in html
    bad = client.post(
        "/workspace/applications/templates/reply.granted/", {"title": "答复", "body": "{{密码}}"}
    )
    assert "未知的占位符：{{密码}}" in bad.content.decode()
    client.post(
        "/workspace/applications/templates/reply.granted/", {"title": "答复书", "body": "{{申请人}}：同意。"}
    )
    from zwgk.applications.letters import template_for

    assert template_for("reply.granted") == ("答复书", "{{申请人}}：同意。")
    client.post("/workspace/applications/templates/reply.granted/", {"reset": "1"})
    assert template_for("reply.granted")[0] == "政府信息公开申请答复告知书"
    assert client.get("/workspace/applications/templates/reply.nonsense/").status_code == 404


def test_edited_template_is_used_for_new_letters(app_a, handler_a, lawyer_a, gkb):
    actions.save_template(
        "reply.granted", by=gkb, title="答复书", body="{{申请人}}：请于{{获取方式}}获取。\n\n{{救济途径}}"
    )
    actions.save_draft(app_a, by=handler_a, data={"outcome": "granted", "provision": "本平台下载"})
    actions.submit_for_legal_review(app_a, by=handler_a)
    actions.decide_legal_review(app_a, by=lawyer_a, approve=True)
    letter = actions.send_reply(app_a, by=handler_a)
    from docx import Document

    text = "\n".join(p.text for p in Document(letter.docx.open("rb")).paragraphs)
    assert "张小明：请于本平台下载获取。" in text and letter.title == "答复书"


def test_review_cases_are_scoped_to_the_agency(app_a, handler_a, handler_b):
    client = login(handler_a)
    response = client.post(
        "/workspace/applications/reviews/new/",
        {
            "kind": "review",
            "application_number": app_a.number,
            "organ": "某区人民政府",
            "filed_on": "2025-05-06",
            "result": "尚未审结",
        },
    )
    assert response.status_code == 302
    from zwgk.applications.models import ReviewCase

    case = ReviewCase.objects.get()
    assert case.application == app_a
    assert case.case_number == "" and case.agency_id == app_a.agency_id
    assert login(handler_b).get(f"/workspace/applications/reviews/{case.pk}/").status_code == 403
    assert "某区人民政府" not in login(handler_b).get("/workspace/applications/reviews/").content.decode()
    bad = client.post(
        f"/workspace/applications/reviews/{case.pk}/",
        {"kind": "review", "organ": "某区人民政府", "filed_on": "2025-05-06", "result": "维持"},
    )
    assert "须填写审结日期" in bad.content.decode()


def test_ledger_page_and_export_do_not_query_per_row(agency_a, handler_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(handler_a)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    with time_machine.travel("2025-03-20 10:00 +0800", tick=False):
        for day in (3, 4):
            staff_application(
                agency_a, handler_a, day=date(2025, 3, day), accept=True, description=f"第{day}件"
            )
        few_page, few_export = (
            count("/workspace/applications/"),
            count("/workspace/applications/?export=xlsx"),
        )
        for day in range(5, 20):
            staff_application(
                agency_a, handler_a, day=date(2025, 3, day), accept=True, description=f"第{day}件"
            )
        assert count("/workspace/applications/") == few_page
        assert count("/workspace/applications/?export=xlsx") == few_export


def _letter_text(response) -> str:
    import io as _io

    from docx import Document

    return "\n".join(
        p.text
        for p in Document(
            _io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
        ).paragraphs
    )


def test_letters_show_the_full_name_only_to_the_handler_and_office_head(
    app_a, handler_a, head_a, lawyer_a, gkb, agency_a
):
    """Issue 13: the 法律顾问 downloaded letters with the applicant's full name while lists mask it."""
    actions.save_draft(app_a, by=handler_a, data={"outcome": "granted", "provision": "本平台下载"})
    actions.submit_for_legal_review(app_a, by=handler_a)
    actions.decide_legal_review(app_a, by=lawyer_a, approve=True)
    letter = actions.send_reply(app_a, by=handler_a)
    url = f"/workspace/applications/{app_a.pk}/letters/{letter.pk}.docx"
    for insider in (handler_a, head_a):
        assert "张小明" in _letter_text(login(insider).get(url))
    admin = make_user("admin_x", [(agency_a, Role.AGENCY_ADMIN)])
    for outsider in (lawyer_a, gkb, admin):
        response = login(outsider).get(url)
        text = _letter_text(response)
        assert "张小明" not in text and "张**" in text and app_a.number in text
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    pdf = login(lawyer_a).get(f"/workspace/applications/{app_a.pk}/letters/{letter.pk}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_personal_data_only_for_the_assigned_handler(app_a, handler_a, agency_a):
    """Another 承办人 of the agency (fgw_admin had granted himself the role) sees the applicant masked."""
    assert app_a.handler_id == handler_a.pk
    colleague = make_user("handler_a2", [(agency_a, Role.APPLICATION_HANDLER)])
    page = login(colleague).get(f"/workspace/applications/{app_a.pk}/").content.decode()
    assert "11010519491231002X" not in page and "张小明" not in page
    assert login(colleague).get(f"/workspace/applications/{app_a.pk}/files/proof/").status_code == 403
    assert (
        "11010519491231002X" in login(handler_a).get(f"/workspace/applications/{app_a.pk}/").content.decode()
    )
