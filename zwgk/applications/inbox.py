"""Tasks on the 工作台 for 承办人, 工作机构负责人, 法律顾问 and the 公开办."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.permissions import agency_scope, roles_by_agency
from zwgk.accounts.roles import Role
from zwgk.applications import reminders
from zwgk.applications.models import Application, Extension, LegalReview, ReviewDecision
from zwgk.core.registry import InboxItem

KIND = "依申请公开"


def _own(user: object, role: Role) -> set[int]:
    return {agency_id for agency_id, roles in roles_by_agency(user).items() if role in roles}


def application_tasks(request: HttpRequest) -> Iterable[InboxItem]:
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    items: list[InboxItem] = []
    handler_agencies = _own(user, Role.APPLICATION_HANDLER)
    if handler_agencies:
        apps = [a for a in reminders.open_applications(handler_agencies) if a.handler_id in (None, user.pk)]
        for r in reminders.for_applications(apps, today):
            items.append(
                InboxItem(
                    title=r.title,
                    url=reverse("applications:detail", args=[r.application.pk]),
                    kind=KIND,
                    due=r.due,
                    severity=r.severity,
                    detail=r.application.agency.short_name,
                )
            )
    head_agencies = _own(user, Role.OFFICE_HEAD)
    if head_agencies:
        for ext in Extension.objects.filter(
            approved__isnull=True, application__agency_id__in=head_agencies
        ).select_related("application"):
            items.append(
                InboxItem(
                    title=f"{ext.application.number} 申请延长答复期限 {ext.working_days} 个工作日，待审批",
                    url=reverse("applications:detail", args=[ext.application_id]) + "#extension",
                    kind=KIND,
                    due=ext.application.reply_due,
                    severity="warning",
                    detail="第三十三条：延期须经工作机构负责人同意，并在答复期限届满前告知申请人"
                    + ("（答复期限暂定）" if ext.application.reply_due_provisional else ""),
                )
            )
    adviser_agencies = _own(user, Role.LEGAL_ADVISER)
    if adviser_agencies:
        for review in LegalReview.objects.filter(
            decision=ReviewDecision.PENDING, application__agency_id__in=adviser_agencies
        ).select_related("application", "application__agency"):
            items.append(
                InboxItem(
                    title=f"{review.application.number} 答复待法律审核",
                    url=reverse("applications:detail", args=[review.application_id]) + "#review",
                    kind=KIND,
                    due=review.application.reply_due,
                    severity="warning",
                    detail=review.application.agency.short_name
                    + ("（答复期限暂定）" if review.application.reply_due_provisional else ""),
                )
            )
    if agency_scope(user, [Role.DISTRICT_ADMIN]) is None:
        overdue = Application.objects.overdue(today).count()
        if overdue:
            items.append(
                InboxItem(
                    title=f"全区有 {overdue} 件政府信息公开申请已超过答复期限",
                    url=reverse("applications:ledger") + "?due=overdue",
                    kind=KIND,
                    severity="danger",
                    detail="请督促承办单位尽快答复",
                )
            )
    return items
