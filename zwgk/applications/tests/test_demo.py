"""The demo: the walk-through of the issue and one application at each stage."""

import io

import pytest
from openpyxl import load_workbook

from zwgk.applications import reporting
from zwgk.applications.models import Application, ReviewCase, Status
from zwgk.testdata import load_demo
from zwgk.testing import login

pytestmark = pytest.mark.django_db


def test_demo_walkthrough_and_stages():
    printed = load_demo(only="agencies,accounts,applications")
    assert "查询码 DEMO-2026" in printed
    s1 = Application.objects.get(external_ref="DEMO-S1")
    assert s1.status == Status.REPLIED and s1.outcome == "partial" and s1.source == "online"
    assert s1.correction.corrected_on is not None and s1.consultations.get().answered_on is not None
    assert s1.legal_reviews.filter(decision="approved").exists() and s1.legal_reviews.count() == 2
    assert {letter.kind for letter in s1.letters.all()} == {"correction", "third_party", "reply"}
    stages = {a.status for a in Application.objects.filter(external_ref__startswith="DEMO-S")}
    assert {
        "submitted",
        "registered",
        "awaiting_correction",
        "processing",
        "legal_review",
        "approved",
        "replied",
    } <= stages
    # the clock explanation shows every skipped day; the reply downloads; the ledger exports it
    from zwgk.accounts.models import User

    cbr = login(User.objects.get(username="zfb_cbr"))
    page = cbr.get(f"/workspace/applications/{s1.pk}/").content.decode()
    assert "2026-10-01（周四）国庆节，不计算" in page and "2026-10-10（周六）征求第三方意见" in page
    reply = s1.letters.get(kind="reply")
    assert cbr.get(f"/workspace/applications/{s1.pk}/letters/{reply.pk}.docx").status_code == 200
    export = cbr.get("/workspace/applications/?export=xlsx&q=" + s1.number)
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert rows[1][0] == s1.number and rows[1][3] == "李*" and "部分公开" in rows[1][12]
    # the applicant looks it up with the printed code
    client = login(User.objects.get(username="zfb_cbr"))
    client.logout()
    client.post("/apply/status/", {"number": s1.number, "code": "DEMO-2026"})
    assert "已作出答复" in client.get(f"/apply/status/{s1.number}/").content.decode()
    # history feeds the 2025 annual report of three agencies, with transfers, fees and review cases
    for short in ("区政府办", "区人社局", "区发改委"):
        agency = Application.objects.filter(agency__short_name=short).first().agency
        facts = [f for f in reporting.application_facts(agency.pk) if f.received.year == 2025]
        assert len(facts) > 15
        assert any(f.concluded and f.concluded.year == 2026 for f in facts)  # carried over
    zfb = Application.objects.filter(agency__short_name="区政府办").first().agency
    assert reporting.fees_collected(zfb.pk, 2025) == 300
    assert ReviewCase.objects.count() == 8
    outcomes = set(Application.objects.values_list("outcome", flat=True))
    assert {"partial", "other.no_correction", "other.no_payment", "not_processed.repeat"} <= outcomes
