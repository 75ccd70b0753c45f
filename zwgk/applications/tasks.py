"""Background work of the applications app: the daily reminder sweeper (the e-mail notices are in notifications.py)."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from zwgk.accounts.roles import Role
from zwgk.applications import reminders, services
from zwgk.applications.actions import fill_missing_due_dates
from zwgk.applications.models import Application
from zwgk.applications.notifications import recipients

logger = logging.getLogger(__name__)


def on_schedule_changed(sender: Any, year: int, **kwargs: Any) -> None:
    """`workdays.service.schedule_changed` receiver (connected in hooks.py): queue the recomputation."""
    recompute_provisional_due_dates()


@db_task()
def recompute_provisional_due_dates() -> int:
    """After a holiday schedule is loaded: recompute every open clock counted provisionally or not at all.

    `services.refresh_clock` audits each 暂定 due date that moves and tells its handler. Returns the count.
    """
    from django.db import transaction
    from django.db.models import Q

    apps = Application.objects.open().filter(Q(reply_due_provisional=True) | Q(clock_state="error"))
    count = 0
    with services.pinned_calendar():
        for app in apps.select_related("agency", "handler", "correction", "fee").prefetch_related(
            "consultations", "extensions"
        ):
            with transaction.atomic():
                services.refresh_clock(app)
            count += 1
    return count


def run_reminders(today: date | None = None) -> dict[str, int]:
    """The daily sweep: refresh every open clock, then remind once a day per application (claimed by update)."""
    today = today or timezone.localdate()
    apps = reminders.open_applications()
    with services.pinned_calendar():
        fill_missing_due_dates()
        for app in apps:
            services.refresh_clock(app)
        items = reminders.for_applications(apps, today)
    by_app: dict[int, list[reminders.Reminder]] = defaultdict(list)
    for item in items:
        by_app[item.application.pk].append(item)
    digests: dict[Any, list[str]] = defaultdict(list)
    claimed = 0
    for app_id, app_items in by_app.items():
        # Claim the row: a second run on the same day (or a second worker) finds nothing to send.
        if (
            Application.objects.filter(pk=app_id)
            .exclude(reminder_sent_on=today)
            .update(reminder_sent_on=today)
            != 1
        ):
            continue
        claimed += 1
        app = app_items[0].application
        to = recipients(app, (Role.APPLICATION_HANDLER,))
        if any(i.severity == "danger" for i in app_items):
            to += recipients(app, (Role.OFFICE_HEAD,))
        for user in {u.pk: u for u in to}.values():
            digests[user].extend(f"· {i.title}" for i in app_items)
    sent = 0
    for user, lines in digests.items():
        link = settings.SITE_URL.rstrip("/") + reverse("core:workspace")
        try:
            send_mail(
                f"依申请公开待办提醒（{today}，{len(lines)} 项）",
                "\n".join([f"{user.display_name}：", "", *lines, "", f"工作台：{link}"]),
                None,
                [user.email],
            )
            sent += 1
        except Exception:
            logger.warning("could not send reminder to %s", user.username, exc_info=True)
    return {"open": len(apps), "reminders": len(items), "claimed": claimed, "emails": sent}


@db_periodic_task(crontab(hour=str(settings.APPLICATION_REMINDER_HOUR), minute="0"))
def daily_reminders() -> None:
    result = run_reminders()
    logger.info("application reminders: %s", result)
