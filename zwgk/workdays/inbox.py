from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.permissions import can
from zwgk.core.registry import InboxItem
from zwgk.workdays.service import next_year_missing


def missing_schedule_warning(request: HttpRequest) -> Iterable[InboxItem]:
    if not can(request.user, "workdays.manage_schedules"):
        return []
    year = next_year_missing(timezone.localdate())
    if year is None:
        return []
    return [
        InboxItem(
            title=f"尚未录入 {year} 年节假日安排",
            url=reverse("workdays:schedules"),
            kind="节假日安排",
            severity="danger",
            detail=f"跨年的答复期限、公开时限将无法计算。请在国务院办公厅公布后立即录入 {year} 年安排。",
        )
    ]
