"""The audit trail is append-only and hash-chained; tampering is detected by `zwgk audit verify`."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from zwgk.audit.log import record
from zwgk.audit.models import AppendOnlyError, AuditEvent
from zwgk.audit.verify import iter_breaks
from zwgk.core import context

pytestmark = pytest.mark.django_db


def _disable_protection():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush deferred FK checks before ALTER TABLE
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")


@pytest.fixture
def events(agency_a, drafter_a):
    return [
        record("thing.created", agency=agency_a, actor=drafter_a, after={"title": "第一条", "n": 1}),
        record("thing.changed", agency=agency_a, actor=drafter_a, before={"n": 1}, after={"n": 2}),
        record("thing.published", agency=agency_a, actor=drafter_a, summary="发布"),
    ]


def test_events_link_to_their_predecessor(events):
    assert events[0].prev_hash == "0" * 64
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert list(iter_breaks()) == []


def test_verify_command_passes_on_an_intact_chain(events):
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "chain intact: 3 events" in out.getvalue()


def test_tampering_with_one_row_is_detected(events):
    _disable_protection()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET summary = %s WHERE id = %s", ["篡改", events[1].id])
    breaks = list(iter_breaks())
    assert [b.event_id for b in breaks] == [events[1].id]
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify", stdout=StringIO(), stderr=StringIO())
    assert exit_info.value.code == 1


def test_deleting_a_row_is_detected(events):
    _disable_protection()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].id])
    assert [b.event_id for b in iter_breaks()] == [events[2].id]


def test_the_platform_cannot_update_or_delete_events(events):
    event = AuditEvent.objects.get(pk=events[0].pk)
    event.summary = "x"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_updates_even_with_raw_sql(events):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET summary = 'x' WHERE id = %s", [events[0].id])


def test_event_records_request_id_ip_and_values(agency_a, drafter_a):
    token = context.set_current(
        context.RequestContext(request_id="req-12345678", ip="10.1.2.3", user=drafter_a)
    )
    try:
        event = record("thing.changed", agency=agency_a, before={"a": 1}, after={"a": 2})
    finally:
        context.reset(token)
    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.request_id, event.ip, event.actor, event.actor_name) == (
        "req-12345678",
        "10.1.2.3",
        drafter_a,
        "孙信息",
    )
    assert event.before == {"a": 1} and event.after == {"a": 2}
    assert list(iter_breaks()) == []


def test_audit_page_scoped_to_own_agency_for_agency_admin(admin_a, agency_a, agency_b, drafter_a, staff_b):
    from zwgk.testing import login

    record("thing.created", agency=agency_a, actor=drafter_a, summary="本单位的事")
    record("thing.created", agency=agency_b, actor=staff_b, summary="别人的事")
    html = login(admin_a).get("/workspace/audit/").content.decode()
    assert "本单位的事" in html and "别人的事" not in html


def test_audit_page_forbidden_to_drafters(drafter_a):
    from zwgk.testing import login

    assert login(drafter_a).get("/workspace/audit/").status_code == 403
