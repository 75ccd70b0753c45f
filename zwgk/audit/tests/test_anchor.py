"""The chain's head is anchored outside the table: cutting off the newest events, or all, fails verification."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from zwgk.audit.log import record
from zwgk.audit.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


def _delete(where: str, params: list) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        cursor.execute(f"DELETE FROM audit_auditevent {where}", params)


@pytest.fixture
def events(agency_a, drafter_a):
    return [record("thing.changed", agency=agency_a, actor=drafter_a, after={"n": n}) for n in range(8)]


def verify() -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_every_committed_event_moves_the_anchor(events, settings):
    anchor = json.loads(settings.AUDIT_ANCHOR_FILE.read_text())
    head = AuditEvent.objects.order_by("-id").first()
    assert anchor == {"last_id": head.id, "last_hash": head.hash, "count": AuditEvent.objects.count()}
    assert verify()[0] == 0


def test_deleting_the_newest_five_events_is_detected(events):
    _delete("WHERE id > %s", [events[2].id])
    code, _, err = verify()
    assert code == 1
    assert "末尾被截断" in err and "truncated" in err


def test_deleting_every_event_is_detected(events):
    _delete("", [])
    assert AuditEvent.objects.count() == 0
    code, _, err = verify()
    assert code == 1
    assert "现有 0 条，锚点记载 " in err and "emptied" in err


def test_a_deleted_anchor_file_is_reported_not_silently_passed(events, settings):
    settings.AUDIT_ANCHOR_FILE.unlink()
    code, _, err = verify()
    assert code == 0 and "未找到链头锚点文件" in err
