"""The daily sweep of the annual-report season (idempotent)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zwgk.reports import actions


@db_periodic_task(crontab(hour="1", minute="20"))
def annual_report_season() -> dict[str, int]:
    """From 1 January: create last year's missing drafts; flag reports past their legal deadline, once."""
    today = timezone.localdate()
    return {"created": actions.open_reporting_season(today), "overdue": actions.mark_overdue(today)}
