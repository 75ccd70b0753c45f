"""A screening whose worker died is requeued within a minute (heartbeat-based), or failed visibly when it keeps
killing its worker; screenings of live workers are left alone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zwgk.audit.models import AuditEvent
from zwgk.core import worker
from zwgk.core.models import Heartbeat
from zwgk.secrecy.models import Screening, ScreeningStatus
from zwgk.secrecy.tests.helpers import ID_A, make_record, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def screening(agency_a):
    submit(make_record(agency_a, f"身份证{ID_A}"))
    return Screening.objects.get()


def running_on(screening, worker_name: str, *, losses: int = 0) -> None:
    Screening.objects.filter(pk=screening.pk).update(
        status=ScreeningStatus.RUNNING, started_at=timezone.now(), worker=worker_name, lost_count=losses
    )


def beat_as(name: str, seconds_ago: float) -> None:
    Heartbeat.objects.update_or_create(
        name=worker.PREFIX + name, defaults={"beat_at": timezone.now() - timedelta(seconds=seconds_ago)}
    )


def test_the_screening_of_a_worker_that_stopped_beating_is_run_again(
    screening, settings, django_capture_on_commit_callbacks
):
    running_on(screening, "host:4242:dead")  # left 运行中 by a kill -9, seconds ago
    beat_as("host:4242:dead", settings.WORKER_LOST_SECONDS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert worker.recover_lost_jobs() == 1
    screening.refresh_from_db()
    assert screening.status == ScreeningStatus.DONE and screening.lost_count == 1
    assert screening.findings.filter(category="id_card").exists()


def test_a_live_workers_screening_is_left_alone(screening, django_capture_on_commit_callbacks):
    running_on(screening, "host:1:alive")
    beat_as("host:1:alive", 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert worker.recover_lost_jobs() == 0
    screening.refresh_from_db()
    assert screening.status == ScreeningStatus.RUNNING


def test_a_screening_that_keeps_losing_its_worker_fails_visibly(
    screening, django_capture_on_commit_callbacks
):
    running_on(screening, "host:7:gone", losses=1)  # no heartbeat row at all
    with django_capture_on_commit_callbacks(execute=True):
        assert worker.recover_lost_jobs() == 1
    screening.refresh_from_db()
    assert screening.status == ScreeningStatus.FAILED
    assert "意外退出" in screening.error
    assert AuditEvent.objects.filter(action="secrecy.screening_lost").exists()


def test_a_dead_worker_shows_on_healthz_within_a_minute(client, settings):
    assert settings.HEARTBEAT_SECONDS < settings.HEARTBEAT_MAX_AGE <= 60 - settings.HEARTBEAT_SECONDS
    Heartbeat.objects.create(name="worker", beat_at=timezone.now() - timedelta(seconds=50))
    assert client.get("/healthz").status_code == 503
