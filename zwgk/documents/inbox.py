"""Tasks of the catalogue on the staff 工作台."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.permissions import agency_scope
from zwgk.accounts.roles import Role
from zwgk.core.registry import InboxItem
from zwgk.documents.models import Interpretation, PeriodicReview, Record, Status


def _scoped(qs: Any, user: Any, roles: list[Role], field: str = "agency_id") -> Any:
    scope = agency_scope(user, roles)
    if scope is None:
        return qs
    return qs.filter(**{f"{field}__in": scope})


def inbox_items(request: HttpRequest) -> Iterable[InboxItem]:
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[InboxItem] = []
    today = timezone.localdate()
    for record in _scoped(Record.objects.filter(status=Status.IN_REVIEW), user, [Role.SECRECY_REVIEWER])[:50]:
        items.append(
            InboxItem(
                record.title, reverse("documents:ws_record", args=[record.pk]), "保密审查", record.publish_due
            )
        )
    for item in _scoped(
        Interpretation.objects.filter(status=Status.IN_REVIEW), user, [Role.SECRECY_REVIEWER]
    )[:50]:
        items.append(
            InboxItem(
                f"解读：{item.title}", reverse("documents:ws_interpretation", args=[item.pk]), "保密审查"
            )
        )
    for record in _scoped(Record.objects.filter(status=Status.AWAITING_SIGNOFF), user, [Role.SIGNER])[:50]:
        items.append(
            InboxItem(
                record.title, reverse("documents:ws_record", args=[record.pk]), "审签", record.publish_due
            )
        )
    for item in _scoped(Interpretation.objects.filter(status=Status.AWAITING_SIGNOFF), user, [Role.SIGNER])[
        :50
    ]:
        items.append(
            InboxItem(f"解读：{item.title}", reverse("documents:ws_interpretation", args=[item.pk]), "审签")
        )
    drafter_roles = [Role.DRAFTER, Role.SIGNER, Role.AGENCY_ADMIN]
    for record in _scoped(Record.objects.overdue(today), user, drafter_roles)[:50]:
        items.append(
            InboxItem(
                record.title,
                reverse("documents:ws_record", args=[record.pk]),
                "公开时限",
                record.publish_due,
                severity="danger",
                detail="已超过《条例》第二十六条规定的 20 个工作日公开时限",
            )
        )
    for record in _scoped(Record.objects.awaiting_interpretation(), user, [Role.DRAFTER, Role.SIGNER])[:50]:
        items.append(
            InboxItem(
                record.title,
                reverse("documents:ws_record", args=[record.pk]),
                "待解读",
                record.publish_due,
                severity="warning",
                detail="需解读的政策文件须与审签后的解读同步发布",
            )
        )
    reviews = PeriodicReview.objects.filter(decided_at__isnull=True).select_related("record")
    for review in _scoped(reviews, user, [Role.SECRECY_REVIEWER, Role.AGENCY_ADMIN], "record__agency_id")[
        :50
    ]:
        items.append(
            InboxItem(
                review.record.title,
                reverse("documents:ws_periodic_review", args=[review.pk]),
                "定期审查",
                review.due_on,
                detail=f"{review.record.get_openness_display()}：审查能否转为主动公开",
            )
        )
    return items
