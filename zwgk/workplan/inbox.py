"""Items the ledger puts on the staff 工作台 (待办事项)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.permissions import can, roles_by_agency
from zwgk.accounts.roles import Role
from zwgk.core.registry import InboxItem
from zwgk.workplan.models import (
    FilingStatus,
    Finding,
    LiaisonFiling,
    Plan,
    Reminder,
    ReviewItem,
    ReviewStatus,
    Task,
    TaskStatus,
)

KIND = "工作要点台账"


def _units_edited_by(user: object) -> list[int]:
    return [
        agency_id
        for agency_id, roles in roles_by_agency(user).items()
        if roles & {Role.AGENCY_ADMIN, Role.DRAFTER}
    ]


def ledger_items(request: HttpRequest) -> Iterable[InboxItem]:
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[InboxItem] = []
    units = _units_edited_by(user)
    today = timezone.localdate()
    if units:
        # Tasks of the plan being carried out (and any later one); last year's unfinished rows come back
        # through the 回头看 list instead.
        tasks = Task.objects.filter(agency_id__in=units)
        year = Plan.objects.year_being_carried_out(today)
        if year is not None:
            tasks = tasks.filter(plan__year__gte=year)
        for task in tasks.filter(status=TaskStatus.OVERDUE).select_related("item", "agency")[:20]:
            items.append(
                InboxItem(
                    title=f"{task.agency.short_name}：{task.item.number}{task.title}",
                    url=reverse("workplan:task", args=[task.pk]),
                    kind=KIND,
                    due=task.due_date,
                    severity="danger",
                    detail="已超过完成时限，请尽快完成并报送进展",
                )
            )
        for task in tasks.due_soon(today, settings.WORKPLAN_DUE_SOON_DAYS).select_related("item", "agency")[
            :20
        ]:
            items.append(
                InboxItem(
                    title=f"{task.agency.short_name}：{task.item.number}{task.title}",
                    url=reverse("workplan:task", args=[task.pk]),
                    kind=KIND,
                    due=task.due_date,
                    severity="warning",
                    detail=f"{(task.due_date - today).days} 天后到期",
                )
            )
        for reminder in Reminder.objects.filter(
            agency_id__in=units, acknowledged_at__isnull=True
        ).select_related("agency", "sent_by")[:20]:
            items.append(
                InboxItem(
                    title=f"工作提醒（{reminder.sent_by.display_name}）：{reminder.message[:40]}",
                    url=reverse("workplan:unit_ledger", args=[reminder.plan.year, reminder.agency_id])
                    + "#reminders",
                    kind=KIND,
                    severity="warning",
                    detail=f"{reminder.agency.short_name} · {timezone.localtime(reminder.sent_at):%Y-%m-%d}",
                )
            )
        for finding in Finding.objects.filter(
            inspection__agency_id__in=units, rectified_at__isnull=True
        ).select_related("inspection", "inspection__plan")[:20]:
            items.append(
                InboxItem(
                    title=f"督查发现问题待整改：{finding.text[:40]}",
                    url=reverse("workplan:inspection", args=[finding.inspection_id]),
                    kind=KIND,
                    due=finding.rectify_by,
                    severity="danger" if finding.rectify_by and finding.rectify_by < today else "warning",
                )
            )
        open_reviews = ReviewItem.objects.filter(
            agency_id__in=units, status=ReviewStatus.OPEN
        ).select_related("plan")
        count = open_reviews.count()
        if count:
            first = open_reviews.first()
            assert first is not None
            items.append(
                InboxItem(
                    title=f"回头看：{count} 项上年度未完成事项待整改",
                    url=reverse("workplan:review", args=[first.plan.year]),
                    kind=KIND,
                    severity="warning",
                )
            )
        for filing in LiaisonFiling.objects.filter(agency_id__in=units, status=FilingStatus.RETURNED)[:5]:
            items.append(
                InboxItem(
                    title="联络员备案被退回，请补充工作交接情况",
                    url=reverse("workplan:filing", args=[filing.pk]),
                    kind=KIND,
                    severity="warning",
                    detail=filing.review_note[:60],
                )
            )
    if can(user, "workplan.file_liaison"):
        pending = LiaisonFiling.objects.filter(status=FilingStatus.SUBMITTED).count()
        if pending:
            items.append(
                InboxItem(
                    title=f"{pending} 份联络员备案待办理",
                    url=reverse("workplan:filings"),
                    kind=KIND,
                    severity="info",
                )
            )
    if can(user, "workplan.supervise"):
        reported = ReviewItem.objects.filter(status=ReviewStatus.REPORTED).select_related("plan")
        count = reported.count()
        if count:
            first = reported.first()
            assert first is not None
            items.append(
                InboxItem(
                    title=f"回头看：{count} 项整改情况待核查",
                    url=reverse("workplan:review", args=[first.plan.year]) + "?status=reported",
                    kind=KIND,
                    severity="info",
                )
            )
    return items
