from datetime import timedelta

import pytest
from django.utils import timezone

from zwgk.core.models import Heartbeat
from zwgk.core.tasks import worker_heartbeat

pytestmark = pytest.mark.django_db


def test_healthz_is_unhealthy_without_a_worker_heartbeat(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["worker"] == "stale"
    assert body["worker_heartbeat_age_seconds"] is None


def test_healthz_is_healthy_after_the_periodic_heartbeat_task_runs(client):
    worker_heartbeat()  # huey runs tasks immediately in tests
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["worker_heartbeat_age_seconds"] < 5


def test_healthz_reports_an_old_heartbeat_as_stale(client, settings):
    Heartbeat.objects.create(
        name="worker", beat_at=timezone.now() - timedelta(seconds=settings.HEARTBEAT_MAX_AGE + 30)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker_heartbeat_age_seconds"] > settings.HEARTBEAT_MAX_AGE
