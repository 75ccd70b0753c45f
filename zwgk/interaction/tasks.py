"""Background work of 互动交流: the daily sweep that refreshes every open clock (a loaded holiday schedule fixes
"无法计算" the next morning) and e-mails each handling agency a digest of overdue and due-soon messages."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zwgk.accounts.roles import Role
from zwgk.interaction import services
from zwgk.interaction.models import Message

logger = logging.getLogger(__name__)


def run_reminders(today: date | None = None) -> dict[str, int]:
    """Refresh clocks, then send one digest per person with a role in an agency that has messages needing
    attention. Returns counts for the caller (command output and tests)."""
    from zwgk.accounts.models import User

    day = today or timezone.localdate()
    soon = day + timedelta(days=settings.INTERACTION_DUE_SOON_DAYS)
    refreshed = 0
    for message in Message.objects.open().select_related("kind").prefetch_related("pauses"):
        before = (message.due_on, message.clock_state)
        services.refresh_clock(message, save=False)
        if (message.due_on, message.clock_state) != before:
            message.save(update_fields=["due_on", "clock_state", "clock_note", "updated_at"])
            refreshed += 1
    by_agency: dict[int, list[Message]] = defaultdict(list)
    for message in Message.objects.open().filter(due_on__lte=soon).select_related("kind"):
        by_agency[message.agency_id].append(message)
    sent = 0
    for agency_id, items in by_agency.items():
        people = (
            User.objects.filter(
                is_active=True,
                role_assignments__agency_id=agency_id,
                role_assignments__role__in=[Role.MESSAGE_HANDLER.value, Role.OFFICE_HEAD.value],
            )
            .exclude(email="")
            .distinct()
        )
        lines = []
        for m in sorted(items, key=lambda m: m.due_on or day):
            state = "已超期" if m.is_overdue(day) else "即将到期"
            link = settings.SITE_URL.rstrip("/") + reverse("interaction:detail", args=[m.pk])
            lines.append(f"- {state}：{m.number}《{m.title}》答复期限 {m.due_on:%Y-%m-%d}  {link}")
        body = "以下留言需要尽快答复：\n\n" + "\n".join(lines) + "\n\n本邮件由系统自动发送，请勿回复。"
        for person in people:
            try:
                send_mail(f"互动交流留言提醒（{len(items)} 件）", body, None, [person.email])
                sent += 1
            except OSError:  # a mail outage must not stop the sweep; the 工作台 shows the same tasks
                logger.warning("could not e-mail %s", person.pk, exc_info=True)
    return {"refreshed": refreshed, "sent": sent}


@db_periodic_task(crontab(minute="10", hour=str(settings.INTERACTION_REMINDER_HOUR)))
def daily_reminders() -> None:
    run_reminders()
