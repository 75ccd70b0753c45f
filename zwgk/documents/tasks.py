"""Periodic work of the catalogue: scheduled publications going live, 公示 periods ending, Art 26 time limits, validity periods
running out, and the 定期审查 queue. Each calls the same action functions as the workspace."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zwgk.documents import actions, publicity


@db_periodic_task(crontab(minute="*"))
def publish_scheduled() -> None:
    actions.go_live_due(timezone.now())


@db_periodic_task(crontab(minute="*"))
def end_publicity() -> None:
    # 公示 whose last day has passed: marked ended, audited, caches and the search index told; from 23:59 of the
    # last day the search index drops them already (public() itself hides them from midnight on).
    publicity.end_due_publicity(timezone.localdate())
    publicity.unindex_ending(timezone.now())


@db_periodic_task(crontab(minute="15", hour="1"))
def daily_deadlines() -> None:
    today = timezone.localdate()
    actions.fill_missing_dues()
    actions.flag_overdue(today)
    actions.expire_due(today)


@db_periodic_task(crontab(minute="30", hour="2"))
def open_periodic_reviews() -> None:
    # Runs daily; each record comes due once per ZWGK_OPENNESS_REVIEW_MONTHS (default 12 = yearly).
    actions.open_due_reviews(timezone.localdate())
