"""E-mail notices of the applications app, as huey tasks the actions enqueue on commit (ids as arguments).

A module of its own so that actions.py can import it at the top: tasks.py (the reminder sweep) imports the actions.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from huey.contrib.djhuey import db_task

from zwgk.accounts.models import User
from zwgk.accounts.roles import Role
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


def recipients(app: Application, roles: tuple[Role, ...]) -> list[Any]:
    """Active users with an e-mail address in `roles` of the application's agency (its 承办人 when assigned)."""
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
    for user in recipients(app, roles):
        try:
            send_mail(f"{text}（{app.number}）", f"{text}：{app.number}\n{link}", None, [user.email])
        except Exception:
            logger.warning("could not e-mail %s about %s", user.username, app.number, exc_info=True)
