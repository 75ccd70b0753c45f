"""Periodic housekeeping of the platform: the worker heartbeat and the sweep of staged and orphan uploads."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from zwgk.core.models import Heartbeat


def beat(name: str = "worker") -> None:
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})


@db_periodic_task(crontab(minute="*"))
def worker_heartbeat() -> None:
    beat()


@db_task()
def sweep_uploads() -> int:
    """Delete staged and orphan files older than ZWGK_STAGING_MAX_AGE_HOURS (zwgk.core.staging)."""
    from zwgk.core.staging import sweep_and_report

    report = sweep_and_report()
    return len(report.staged_removed) + len(report.orphans_removed) + len(report.recovered)


@db_periodic_task(crontab(hour="3", minute="40"))
def sweep_uploads_daily() -> int:
    return int(sweep_uploads.call_local())


@on_startup()
def heartbeat_on_startup() -> None:
    from zwgk.core import worker

    if worker.start():
        sweep_uploads()  # once per consumer start: what a crash left behind is cleaned the same day
