"""索引号: pattern setting, gap-free serials per agency and year, including concurrent publication."""

import threading
from datetime import date

import pytest
import time_machine
from django.db import close_old_connections, connection
from django.test import override_settings

from zwgk.config import ConfigError
from zwgk.documents import actions
from zwgk.documents.indexno import PatternError, render, serial_of, validate_pattern
from zwgk.documents.models import Record
from zwgk.documents.tests.helpers import draft, publish, to_signoff


def test_pattern_validation():
    assert validate_pattern("{unit_code}/{year}-{serial:05d}")
    assert render(
        "{unit_code}/{year}{month:02d}-{serial:04d}", unit_code="X1", year=2025, month=3, serial=7
    ) == ("X1/202503-0007")
    for bad in (
        "{unit_code}/{year}",
        "{unit_code}-{serial}",
        "{agency}/{year}-{serial}",
        "{year}-{serial:q}",
    ):
        with pytest.raises(PatternError):
            validate_pattern(bad)
    assert (
        serial_of("{unit_code}/{year}-{serial:05d}", "120110003/2019-00110", unit_code="120110003", year=2019)
        == 110
    )
    assert (
        serial_of("{unit_code}/{year}-{serial:05d}", "999/2019-00110", unit_code="120110003", year=2019)
        is None
    )


def test_bad_pattern_stops_start_up_naming_the_variable():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import zwgk.settings"],
        env={"ZWGK_INDEX_NO_PATTERN": "{unit_code}", "ZWGK_TESTING": "1", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "ZWGK_INDEX_NO_PATTERN" in result.stderr
    assert issubclass(ConfigError, Exception)


@pytest.mark.django_db
@time_machine.travel("2025-12-31 23:30:00+08:00", tick=False)
def test_serials_are_per_agency_and_year_and_follow_the_pattern(
    agency_a, agency_b, drafter_a, reviewer_a, signer_a, staff_b
):
    first = draft(agency_a, drafter_a)
    publish(first, drafter_a, reviewer_a, signer_a)
    second = draft(agency_a, drafter_a, title="第二份")
    publish(second, drafter_a, reviewer_a, signer_a)
    first.refresh_from_db()
    second.refresh_from_db()
    assert [first.index_no, second.index_no] == [f"{agency_a.code}/2025-00001", f"{agency_a.code}/2025-00002"]
    with time_machine.travel("2026-01-02 09:00:00+08:00", tick=False):
        third = draft(agency_a, drafter_a, title="新年第一份", written_on=date(2025, 12, 30))
        publish(third, drafter_a, reviewer_a, signer_a)
    third.refresh_from_db()
    assert third.index_no == f"{agency_a.code}/2026-00001"
    with override_settings(DOCUMENTS_INDEX_NO_PATTERN="{unit_code}-{year}{month:02d}-{serial:04d}"):
        fourth = draft(agency_a, drafter_a, title="第四份")
        publish(fourth, drafter_a, reviewer_a, signer_a)
    fourth.refresh_from_db()
    assert fourth.index_no == f"{agency_a.code}-202512-0003"


@pytest.mark.django_db
@time_machine.travel("2025-05-06 10:00:00+08:00", tick=False)
def test_a_rolled_back_publication_gives_its_number_back(
    agency_a, drafter_a, reviewer_a, signer_a, monkeypatch
):
    record = draft(agency_a, drafter_a)
    to_signoff(record, drafter_a, reviewer_a)
    import zwgk.documents.actions.review as module  # sign()'s module

    def boom(*args, **kwargs):
        raise RuntimeError("announce failed")

    monkeypatch.setattr(module, "_announce_record", boom)
    with pytest.raises(RuntimeError):
        actions.sign(record, by=signer_a, note="同意")
    monkeypatch.undo()
    record.refresh_from_db()
    assert record.status == "awaiting_signoff" and record.index_no is None
    actions.sign(record, by=signer_a, note="同意")
    record.refresh_from_db()
    assert record.index_no.endswith("/2025-00001")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="[postgresql] concurrent writers need PostgreSQL (the SQLite test database is an in-memory shared cache); "
    "run with ZWGK_DATABASE_URL=postgres://… — .ci/run does",
)
def test_concurrent_publication_gives_gap_free_unique_numbers(agency_a, drafter_a, reviewer_a, signer_a):
    """Eight writers sign at the same moment; serials are exactly 1..8 (row lock on the counter)."""
    writers = 8
    records = []
    for i in range(writers):
        record = draft(agency_a, drafter_a, title=f"并发发布 {i}")
        to_signoff(record, drafter_a, reviewer_a)
        records.append(record.pk)
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def sign(pk: int) -> None:
        try:
            barrier.wait(timeout=10)
            actions.sign(Record.objects.get(pk=pk), by=signer_a, note="同意")
        except BaseException as exc:  # noqa: BLE001  (a writer thread's every failure is collected and asserted below)
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=sign, args=(pk,)) for pk in records]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    serials = sorted(Record.objects.filter(pk__in=records).values_list("index_serial", flat=True))
    assert serials == list(range(1, writers + 1))
    numbers = set(Record.objects.filter(pk__in=records).values_list("index_no", flat=True))
    assert len(numbers) == writers
