"""What needs attention on an application today: shared by the workspace inbox and the daily reminder e-mail."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from zwgk.applications import services
from zwgk.applications.models import Application, Status
from zwgk.calendar import ScheduleMissing


@dataclass(frozen=True)
class Reminder:
    application: Application
    kind: str  # overdue | due_soon | consultation_overdue | correction_notice | correction_expired | ...
    title: str
    due: date | None
    severity: str  # danger | warning | info


def soon_limit(today: date) -> date | None:
    """The last day counted as "due within N working days" (None when the schedule is missing)."""
    try:
        return services.calendar(provisional=True).add_working_days(
            today, settings.APPLICATION_REMIND_WITHIN_DAYS
        )[0]
    except ScheduleMissing:
        return None


def for_applications(apps: Iterable[Application], today: date) -> list[Reminder]:
    limit = soon_limit(today)
    items: list[Reminder] = []
    for app in apps:
        n = app.number
        if app.status == Status.SUBMITTED:
            items.append(Reminder(app, "to_register", f"{n} 网上申请待登记", app.received_on, "warning"))
        elif app.status == Status.REGISTERED:
            arrived = "转来的申请" if app.receipt_rule.startswith("由") else "申请"
            items.append(
                Reminder(app, "to_review", f"{n} {arrived}待审核（审核通过、补正或转送）", None, "info")
            )
        if app.reply_due is not None:
            if app.reply_due < today:
                items.append(
                    Reminder(
                        app, "overdue", f"{n} 已超过答复期限 {app.reply_due_display}", app.reply_due, "danger"
                    )
                )
            elif limit is None or app.reply_due <= limit:
                items.append(
                    Reminder(
                        app,
                        "due_soon",
                        f"{n} 答复期限临近：{app.reply_due_display}",
                        app.reply_due,
                        "warning",
                    )
                )
        if app.clock_state == "error" and app.clock_note:
            items.append(
                Reminder(app, "clock_error", f"{n} 答复期限无法计算：{app.clock_note}", None, "danger")
            )
        notice_due = app.correction_notice_due
        if (
            app.status in (Status.SUBMITTED, Status.REGISTERED)
            and notice_due is not None
            and notice_due >= today
            and (limit is None or notice_due <= limit)
        ):
            items.append(
                Reminder(
                    app,
                    "correction_notice",
                    f"{n} 如需补正，须于 {app.correction_notice_due} 前发出补正通知（第三十条）",
                    app.correction_notice_due,
                    "warning",
                )
            )
        correction = getattr(app, "correction", None)
        if (
            app.status == Status.AWAITING_CORRECTION
            and correction is not None
            and correction.correction_due < today
        ):
            items.append(
                Reminder(
                    app,
                    "correction_expired",
                    f"{n} 补正期限 {correction.correction_due} 已过：确认未收到补正后按逾期不补正终止处理",
                    correction.correction_due,
                    "warning",
                )
            )
        for consultation in app.consultations.all():
            if (
                consultation.answered_on is None
                and consultation.due_on is not None
                and consultation.due_on < today
            ):
                items.append(
                    Reminder(
                        app,
                        "consultation_overdue",
                        f"{n} 征求意见已超过 15 个工作日（{consultation.due_on}）：请记录意见或逾期未提出意见",
                        consultation.due_on,
                        "danger",
                    )
                )
        fee = getattr(app, "fee", None)
        if (
            app.is_open
            and fee is not None
            and fee.paid_on is None
            and fee.pay_due is not None
            and fee.pay_due < today
        ):
            items.append(
                Reminder(
                    app,
                    "fee_expired",
                    f"{n} 缴费期限 {fee.pay_due} 已过：未缴费的按逾期未缴费终止处理",
                    fee.pay_due,
                    "warning",
                )
            )
    return items


def open_applications(agency_ids: Iterable[int] | None = None) -> list[Application]:
    qs = Application.objects.open().select_related("agency", "handler", "correction", "fee")
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=list(agency_ids))
    return list(qs.prefetch_related("consultations"))
