"""Background work of 网站健康检查 (huey worker): the daily internal link check, the weekly external check, the
availability probe every few minutes, the weekly self-check and the nightly page-view roll-up."""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

logger = logging.getLogger(__name__)


@db_task()
@lock_task("sitehealth-linkcheck")
def link_check(kind: str) -> int:
    """One run; the lock keeps two crawls (a scheduled one and one started by the 公开办) from overlapping."""
    from zwgk.sitehealth.actions import run_link_check

    return run_link_check(kind).pk


@db_periodic_task(crontab(minute="20", hour=str(settings.SITEHEALTH_INTERNAL_HOUR)))
def daily_internal_links() -> None:
    link_check.call_local("internal")


@db_periodic_task(
    crontab(
        minute="50",
        hour=str(settings.SITEHEALTH_INTERNAL_HOUR),
        day_of_week=str(settings.SITEHEALTH_EXTERNAL_WEEKDAY),
    )
)
def weekly_external_links() -> None:
    link_check.call_local("external")


@db_periodic_task(crontab(minute=f"*/{settings.SITEHEALTH_PROBE_MINUTES}"))
def availability_probe() -> None:
    from zwgk.sitehealth.services import probe

    probe()


@db_periodic_task(crontab(minute="30", hour="7", day_of_week="1"))
def weekly_selfcheck() -> None:
    """District offices run a weekly self-check; the run is kept for the trend."""
    from zwgk.sitehealth.actions import run_selfcheck

    run_selfcheck()


@db_periodic_task(crontab(minute="5", hour="0"))
def pageview_rollup() -> None:
    from zwgk.sitehealth.pageviews import rollup

    rollup()


@db_periodic_task(crontab(minute="*"))
def pageview_flush() -> None:
    """The worker's own buffer (the mirror endpoint can run in any process); web processes flush themselves."""
    from zwgk.sitehealth.pageviews import flush

    flush()
