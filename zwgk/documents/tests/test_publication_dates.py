"""发布日期 integrity (issue 21 item 5; CHK2019 single veto 伪造发稿日期): publication refuses a 发布日期 earlier than
the record's creation or its 成文日期, a correction cannot make the 成文日期 later than the 发布日期, an import row
dated before it was written is refused, and `publication_date_violations` lists what exists for the self-check."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from zwgk.core.errors import Refused
from zwgk.documents import actions
from zwgk.documents.importer import HEADERS
from zwgk.documents.models import Record, Status
from zwgk.documents.pubdates import RULE, publication_date_problem, publication_date_violations
from zwgk.documents.tests.helpers import draft, publish, to_signoff

pytestmark = pytest.mark.django_db
NOW = "2026-12-07 10:00:00+08:00"


@time_machine.travel(NOW, tick=False)
def test_a_publication_date_earlier_than_the_creation_is_a_problem(agency_a, drafter_a):
    record = draft(agency_a, drafter_a)
    problem = publication_date_problem(record, record.created_at - timedelta(days=3))
    assert problem and "伪造发稿日期" in problem
    assert publication_date_problem(record, record.created_at + timedelta(minutes=5)) is None
    # An imported record keeps its real, earlier 发布日期.
    record.source_key = "old-1"
    assert publication_date_problem(record, record.created_at - timedelta(days=300)) is None


@time_machine.travel(NOW, tick=False)
def test_sign_refuses_a_publication_date_earlier_than_the_written_date(
    agency_a, drafter_a, reviewer_a, signer_a
):
    record = draft(agency_a, drafter_a, written_on=date(2026, 12, 20))
    to_signoff(record, drafter_a, reviewer_a)
    with pytest.raises(Refused, match="不能早于成文日期"):
        actions.sign(record, by=signer_a, note="同意发布。")
    # Scheduled on or after the written date, it goes through.
    later = timezone.make_aware(timezone.datetime(2026, 12, 21, 9, 0))
    actions.sign(record, by=signer_a, note="同意发布。", publish_at=later)
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED and record.published_at == later


@time_machine.travel(NOW, tick=False)
def test_a_correction_cannot_date_the_writing_after_the_publication(
    agency_a, drafter_a, reviewer_a, signer_a, admin_a
):
    record = publish(
        draft(agency_a, drafter_a, written_on=date(2026, 12, 1)), drafter_a, reviewer_a, signer_a
    )
    with pytest.raises(Refused, match="成文日期不能晚于发布日期"):
        actions.correct_metadata(record, {"written_on": date(2026, 12, 8)}, by=admin_a, reason="更正成文日期")
    actions.correct_metadata(record, {"written_on": date(2026, 12, 2)}, by=admin_a, reason="更正成文日期")


@time_machine.travel(NOW, tick=False)
def test_violations_are_listed_for_the_self_check(agency_a, drafter_a, reviewer_a, signer_a):
    clean = publish(draft(agency_a, drafter_a, title="按时发布的文件"), drafter_a, reviewer_a, signer_a)
    forged = publish(draft(agency_a, drafter_a, title="倒填日期的文件"), drafter_a, reviewer_a, signer_a)
    assert publication_date_violations() == []
    Record.objects.filter(pk=forged.pk).update(published_at=forged.created_at - timedelta(days=30))
    imported = publish(draft(agency_a, drafter_a, title="旧网站导入的文件"), drafter_a, reviewer_a, signer_a)
    Record.objects.filter(pk=imported.pk).update(
        source_key="old-1", published_at=imported.created_at - timedelta(days=300)
    )
    before_written = publish(
        draft(agency_a, drafter_a, title="成文前发布的文件"), drafter_a, reviewer_a, signer_a
    )
    Record.objects.filter(pk=before_written.pk).update(source_key="old-2", written_on=date(2026, 12, 30))
    found = publication_date_violations()
    assert {(v["kind"], v["id"]) for v in found} == {("record", forged.pk), ("record", before_written.pk)}
    assert clean.pk not in {v["id"] for v in found}
    forged_entry = next(v for v in found if v["id"] == forged.pk)
    assert (
        forged_entry["rule"] == RULE and forged_entry["ok"] is False and forged_entry["agency"] == "区发改委"
    )
    assert "倒填日期的文件" in forged_entry["detail"] and "伪造发稿日期" in forged_entry["detail"]


def test_an_import_row_published_before_it_was_written_is_refused(tmp_path, agency_a):
    manifest = tmp_path / "清单.csv"
    row = {
        "来源编号": "old-9",
        "标题": "旧网站文件",
        "发文机关": "120110003",
        "成文日期": "2019-03-05",
        "发布日期": "2019-03-01",
        "主题分类": "综合政务\\政务公开",
        "公开属性": "主动公开",
        "正文": "正文",
    }
    with manifest.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADERS)
        writer.writeheader()
        writer.writerow({h: row.get(h, "") for h in HEADERS})
    files = tmp_path / "files"
    files.mkdir()
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("import-documents", str(manifest), str(files), stdout=out)
    assert "发布日期不能早于成文日期" in out.getvalue()
    assert not Record.objects.filter(source_key="old-9").exists()
