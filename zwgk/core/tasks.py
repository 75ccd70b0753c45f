"""Periodic housekeeping of the platform."""

from __future__ import annotations

from django.db import close_old_connections
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, on_startup

from zwgk.core.models import Heartbeat


def beat(name: str = "worker") -> None:
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})


@db_periodic_task(crontab(minute="*"))
def worker_heartbeat() -> None:
    beat()


@on_startup()
def heartbeat_on_startup() -> None:

    close_old_connections()
    beat()
