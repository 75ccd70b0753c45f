"""Background work of the applications app: notices by e-mail and the daily reminder sweeper."""

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
from zwgk.applications.models import Application

logger = logging.getLogger(__name__)

APPLICANT_MESSAGES = {
    "submitted": "您的政府信息公开申请已提交",
    "transferred": "您的政府信息公开申请已转送负责公开的机关办理",
    "correction": "您的政府信息公开申请需要补正",
    "fee": "您的政府信息公开申请需要缴纳信息处理费",
    "extension": "您的政府信息公开申请答复期限已延长",
    "replied": "您的政府信息公开申请已作出答复",
    "ended": "您的政府信息公开申请已终止处理",
}


@db_task()
def notify_applicant(app_id: int, what: str) -> None:
    """A short e-mail without any content of the application: the applicant reads it with the query code."""
    app = Application.objects.filter(pk=app_id).first()
    if app is None or not app.email:
        return
    subject = f"{APPLICANT_MESSAGES.get(what, '您的政府信息公开申请有新进展')}（{app.number}）"
    url = settings.SITE_URL.rstrip("/") + reverse("applications:status_lookup")
    body = (
        f"{subject}。\n\n请凭申请编号 {app.number} 和提交申请时获得的查询码登录 {url} 查看办理进度、"
        "下载告知书。\n\n本邮件由系统自动发送，请勿回复。"
    )
    try:
        send_mail(subject, body, None, [app.email])
    except Exception:  # a mail server outage must not break the workflow; the status page has everything
        logger.warning("could not e-mail applicant of %s", app.number, exc_info=True)


def _recipients(app: Application, roles: tuple[Role, ...]) -> list[Any]:
    from zwgk.accounts.models import User

    if app.handler_id and roles == (Role.APPLICATION_HANDLER,):
        return [app.handler] if app.handler and app.handler.email and app.handler.is_active else []
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__agency_id=app.agency_id,
            role_assignments__role__in=[r.value for r in roles],
        )
        .exclude(email="")
        .distinct()
    )


@db_task()
def notify_handlers(app_id: int, what: str) -> None:
    app = Application.objects.select_related("handler").filter(pk=app_id).first()
    if app is None:
        return
    roles = (Role.LEGAL_ADVISER,) if what == "review" else (Role.APPLICATION_HANDLER,)
    text = {
        "new": "收到新的政府信息公开申请，请登记审核",
        "assigned": "您被分配承办一件政府信息公开申请",
        "corrected": "申请人已在线提交补正",
        "review": "有一份答复待法律审核",
        "due_moved": "节假日安排已公布，暂定的答复期限已重新计算，请核对",
    }.get(what, "政府信息公开申请有新进展")
    link = settings.SITE_URL.rstrip("/") + reverse("applications:detail", args=[app.pk])
    for user in _recipients(app, roles):
        try:
            send_mail(f"{text}（{app.number}）", f"{text}：{app.number}\n{link}", None, [user.email])
        except Exception:
            logger.warning("could not e-mail %s about %s", user.username, app.number, exc_info=True)


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
    from zwgk.applications.actions import fill_missing_due_dates

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
        recipients = _recipients(app, (Role.APPLICATION_HANDLER,))
        if any(i.severity == "danger" for i in app_items):
            recipients += _recipients(app, (Role.OFFICE_HEAD,))
        for user in {u.pk: u for u in recipients}.values():
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
