"""工作台 tasks of 互动交流: messages to accept, overdue or due soon, and replies awaiting sign-off."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.permissions import can
from zwgk.core.registry import InboxItem
from zwgk.interaction.models import Message, Status


def message_tasks(request: HttpRequest) -> Iterable[InboxItem]:
    user = request.user
    if not getattr(user, "is_authenticated", False) or not can(user, "interaction.view"):
        return []
    today = timezone.localdate()
    soon = today + timedelta(days=settings.INTERACTION_DUE_SOON_DAYS)
    items = []
    qs = Message.objects.visible_to(user).open().select_related("kind", "agency").order_by("due_on", "pk")
    for m in qs[:200]:
        handles = can(user, "interaction.handle", m)
        signs = m.status == Status.AWAITING_SIGNOFF and can(user, "interaction.signoff", m)
        if not (handles or signs):
            continue
        overdue = m.is_overdue(today)
        if not (overdue or signs or m.status == Status.RECEIVED or (m.due_on and m.due_on <= soon)):
            continue
        what = "审签答复" if signs else ("受理留言" if m.status == Status.RECEIVED else "答复留言")
        items.append(
            InboxItem(
                title=f"{what}：{m.kind.name} {m.number}《{m.title}》",
                url=reverse("interaction:detail", args=[m.pk]),
                kind="互动交流",
                due=m.due_on,
                severity="danger" if overdue else ("warning" if m.due_on and m.due_on <= soon else "info"),
                detail=f"{m.agency.short_name} · 收到 {m.received_on:%Y-%m-%d}"
                + (" · 已超期" if overdue else ""),
            )
        )
    return items
