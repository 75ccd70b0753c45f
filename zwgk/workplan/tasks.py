"""Background work of the ledger: the daily overdue sweep and reminder e-mails."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from zwgk.accounts.models import RoleAssignment
from zwgk.accounts.roles import Role
from zwgk.workplan.actions.ledger import sweep_overdue
from zwgk.workplan.models import Duty, Reminder, TeamMember

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="0,6,12,18", minute="5"))
def sweep_overdue_tasks() -> int:
    """Mark tasks past their time limit as 逾期 (idempotent: several runs a day change nothing twice)."""
    marked = sweep_overdue()
    if marked:
        logger.info("workplan: %s tasks marked overdue", marked)
    return marked


def reminder_recipients(agency_id: int) -> list[str]:
    """The unit's 单位管理员 and 信息员 with an e-mail address, and its liaison."""
    emails = set(
        RoleAssignment.objects.filter(agency_id=agency_id, role__in=[Role.AGENCY_ADMIN, Role.DRAFTER])
        .exclude(user__email="")
        .filter(user__is_active=True)
        .values_list("user__email", flat=True)
    )
    emails |= set(
        TeamMember.objects.filter(agency_id=agency_id, active=True, duty=Duty.LIAISON)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(emails)


@db_task()
def email_reminder(reminder_id: int) -> list[str]:
    reminder = Reminder.objects.select_related("agency", "task", "plan", "sent_by").get(pk=reminder_id)
    recipients = reminder_recipients(reminder.agency_id)
    if not recipients:
        return []
    link = settings.SITE_URL.rstrip("/") + (
        reverse("workplan:task", args=[reminder.task_id]) if reminder.task_id else reverse("workplan:ledger")
    )
    subject = f"【政务公开工作提醒】{reminder.plan}"
    body = (
        f"{reminder.agency.short_name}：\n\n{reminder.message}\n\n"
        + (f"相关任务：{reminder.task.item.number}{reminder.task.title}\n" if reminder.task else "")
        + f"请登录政务公开工作台查看并处理：{link}\n\n{reminder.sent_by.display_name}\n"
    )
    send_mail(subject, body, None, recipients)
    Reminder.objects.filter(pk=reminder.pk).update(emailed_to=recipients)
    return recipients
