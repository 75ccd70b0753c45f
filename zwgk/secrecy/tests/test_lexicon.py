"""The staff-edited lexicon: page, permissions, export, default import, and its effect on screening."""

import io

import openpyxl
import pytest

from zwgk.audit.models import AuditEvent
from zwgk.screening import default_lexicon
from zwgk.secrecy.models import Finding, LexiconTerm
from zwgk.secrecy.service import screener_for
from zwgk.secrecy.tests.helpers import make_record, submit
from zwgk.testing import login

pytestmark = pytest.mark.django_db
URL = "/workspace/secrecy/lexicon/"


def test_default_lexicon_is_used_until_imported(gkb, agency_a):
    assert screener_for(agency_a).scan("既往病史")[0].category == "sensitive_term"
    page = login(gkb).get(URL).content.decode()
    assert "系统内置的默认词库" in page
    login(gkb).post(URL, {"intent": "import"})
    assert LexiconTerm.objects.count() == len(default_lexicon())
    login(gkb).post(URL, {"intent": "import"})  # idempotent
    assert LexiconTerm.objects.count() == len(default_lexicon())


def test_district_admin_adds_edits_and_deletes_terms_and_screening_follows(
    gkb, agency_a, django_capture_on_commit_callbacks
):
    client = login(gkb)
    response = client.post(
        URL,
        {
            "intent": "add",
            "term": "专项审计底稿",
            "category": "工作秘密",
            "severity": "block",
            "note": "审计底稿不公开",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    term = LexiconTerm.objects.get(term="专项审计底稿")
    record = make_record(agency_a, "附：专项审计底稿。")
    with django_capture_on_commit_callbacks(execute=True):
        submit(record)
    finding = Finding.objects.get(category="sensitive_term")
    assert finding.severity == "block" and "审计底稿不公开" in finding.reason
    # the default lexicon no longer applies once staff keep their own
    assert screener_for(agency_a).scan("既往病史") == []

    client.post(
        f"{URL}{term.pk}/", {"term": "专项审计底稿", "category": "工作秘密", "severity": "warn", "note": ""}
    )
    term.refresh_from_db()
    assert term.severity == "warn" and not term.is_active
    client.post(f"{URL}{term.pk}/delete")
    assert not LexiconTerm.objects.exists()
    assert {
        "secrecy.lexicon_term_added",
        "secrecy.lexicon_term_changed",
        "secrecy.lexicon_term_removed",
    } <= set(AuditEvent.objects.values_list("action", flat=True))


def test_invalid_and_duplicate_terms_keep_the_form(gkb):
    client = login(gkb)
    client.post(URL, {"intent": "add", "term": "病历", "category": "敏感个人信息", "severity": "block"})
    page = client.post(URL, {"intent": "add", "term": "病历", "category": "其他", "severity": "warn"})
    assert page.status_code == 200 and "已在词库中" in page.content.decode()
    page = client.post(URL, {"intent": "add", "term": "", "category": "其他", "severity": "warn"})
    assert page.status_code == 200 and LexiconTerm.objects.count() == 1


def test_others_may_read_and_try_but_not_edit(reviewer_a):
    client = login(reviewer_a)
    assert client.get(URL).status_code == 200
    assert (
        client.post(URL, {"intent": "add", "term": "x", "category": "y", "severity": "warn"}).status_code
        == 403
    )
    assert client.post(URL, {"intent": "import"}).status_code == 403
    tried = client.post(URL, {"intent": "try", "text": "手机13812345678，<b>病历</b>"}).content.decode()
    assert ("138" in tried and "手机号码" in tried and "&lt;b&gt;" in tried) or "病历" in tried
    assert not LexiconTerm.objects.exists()


def test_export_xlsx(gkb):
    login(gkb).post(URL, {"intent": "import"})
    response = login(gkb).get(URL + "?severity=block&export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("敏感词", "分类", "严重程度")
    assert len(rows) - 1 == sum(1 for e in default_lexicon() if e.severity == "block")
