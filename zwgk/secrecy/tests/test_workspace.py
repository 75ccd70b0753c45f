"""Background screening of large files, the stuck-task sweeper, the list page, the 工作台 inbox, the demo."""

from datetime import timedelta
from io import StringIO

import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from zwgk.secrecy import tasks
from zwgk.secrecy.models import Finding, Screening, ScreeningStatus
from zwgk.secrecy.service import approval_blockers
from zwgk.secrecy.tests.helpers import ID_A, docx_bytes, make_record, submit
from zwgk.testdata import load_demo
from zwgk.testing import login

pytestmark = pytest.mark.django_db


def test_large_attachments_are_screened_by_the_background_task(
    settings, agency_a, django_capture_on_commit_callbacks
):
    settings.SCREENING_INLINE_KB = 0
    record = make_record(
        agency_a, "正文。", [("名单.docx", docx_bytes([[f"身份证{ID_A}"]]))], extract_text=False
    )
    with django_capture_on_commit_callbacks(execute=False) as queued:
        submit(record)  # marks the subjects pending and queues their tasks on commit
    assert Screening.objects.get(label="名单.docx").status == ScreeningStatus.PENDING
    assert any("正在自动筛查" in r for r in approval_blockers(record))
    assert queued
    for task in queued:
        task()  # huey runs immediately in tests
    screening = Screening.objects.get(label="名单.docx")
    assert screening.status == ScreeningStatus.DONE
    assert screening.findings.filter(category="id_card").exists()


def test_sweeper_requeues_screenings_a_worker_lost(agency_a, django_capture_on_commit_callbacks):
    record = make_record(agency_a, f"身份证{ID_A}")
    with django_capture_on_commit_callbacks(execute=True):
        submit(record)
    screening = Screening.objects.get()
    Screening.objects.filter(pk=screening.pk).update(
        status=ScreeningStatus.RUNNING, started_at=timezone.now()
    )
    assert tasks.requeue_stuck_screenings.call_local() == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert tasks.requeue_stuck_screenings.call_local() == 1
    screening.refresh_from_db()
    assert screening.status == ScreeningStatus.DONE
    assert tasks.requeue_stuck_screenings.call_local() == 0


def test_list_page_inbox_and_export(reviewer_a, staff_b, agency_a, django_capture_on_commit_callbacks):
    record = make_record(agency_a, f"申请人张小明，身份证{ID_A}")
    with django_capture_on_commit_callbacks(execute=True):
        submit(record)
    page = login(reviewer_a).get("/workspace/secrecy/").content.decode()
    assert "正文" in page and f"/workspace/secrecy/records/documents.record/{record.pk}/" in page
    assert "正文" not in login(staff_b).get("/workspace/secrecy/").content.decode().split("<tbody>")[1]
    home = login(reviewer_a).get("/workspace/").content.decode()
    assert "保密审查：《关于2022年耕地地力保护补贴发放情况的公示》有 2 处敏感信息待处理" in home
    export = login(reviewer_a).get("/workspace/secrecy/?state=all&export=xlsx")
    rows = list(
        openpyxl.load_workbook(__import__("io").BytesIO(export.content)).active.iter_rows(values_only=True)
    )
    assert rows[1][2] == "正文" and rows[1][5] == 2


def test_anonymous_users_are_sent_to_login(client):
    assert client.get("/workspace/secrecy/").status_code == 302
    assert client.get("/workspace/secrecy/lexicon/").status_code == 302


def test_demo_loader_is_idempotent():
    load_demo(upto="secrecy")
    from zwgk.secrecy.models import LexiconTerm

    count = LexiconTerm.objects.count()
    assert count > 10
    load_demo(upto="secrecy")
    assert LexiconTerm.objects.count() == count
    # The demo's interpretations went through the screening too, and nothing blocks them.
    from zwgk.documents.models import Interpretation

    reviewed = Interpretation.objects.exclude(status__in=["draft", "in_review"])
    assert reviewed.count() >= 3
    for item in reviewed:
        screenings = Screening.objects.for_owner(item)
        assert screenings.count() == 1 + item.attachments.count()
        assert not Finding.objects.open_blocking().filter(screening__in=screenings).exists()


def test_masktable_command(tmp_path):
    source = tmp_path / "名单.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["户主姓名", "身份证号", "金额"])
    workbook.active.append(["张小三", ID_A, 1200])
    workbook.save(source)
    out = StringIO()
    call_command("masktable", str(source), str(tmp_path / "out.xlsx"), stdout=out)
    assert "户主姓名" in out.getvalue()
    rows = list(openpyxl.load_workbook(tmp_path / "out.xlsx").active.iter_rows(values_only=True))
    assert rows[1][:2] == ("张*三", f"{ID_A[:4]}**********{ID_A[-4:]}")


def test_planted_demo_attachment_is_screened_with_blocking_findings():
    from zwgk.extract import extract
    from zwgk.screening import scan
    from zwgk.secrecy.demo import planted_attachment

    filename, data = planted_attachment()
    findings = scan(extract(data, filename).text)
    categories = {f.category for f in findings if f.severity == "block"}
    assert {"person_name", "id_card", "mobile", "bank_card", "aggregation"} <= categories
