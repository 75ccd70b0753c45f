"""工作台 tasks of 政策问答: answers due for review, and answers citing a document that is no longer public."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.permissions import can
from zwgk.core.registry import InboxItem
from zwgk.qa.models import Faq


def faq_tasks(request: HttpRequest) -> Iterable[InboxItem]:
    user = request.user
    if not getattr(user, "is_authenticated", False) or not can(user, "qa.edit_faq"):
        return []
    today = timezone.localdate()
    items = []
    for faq in Faq.objects.visible_to(user).review_due(today).select_related("agency")[:50]:
        if not can(user, "qa.edit_faq", faq):
            continue
        items.append(
            InboxItem(
                title=f"复核政策问答：{faq.question}",
                url=reverse("qa:faq_edit", args=[faq.pk]),
                kind="政策问答",
                due=faq.review_due,
                severity="warning",
                detail=f"{faq.agency.short_name} · 复核日期已到",
            )
        )
    return items
