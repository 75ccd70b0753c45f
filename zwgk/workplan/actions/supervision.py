"""Supervision: reminders, inspections and findings, 通报, and 回头看 (review of last year's unfinished items)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zwgk.agencies.models import Agency
from zwgk.audit.log import record
from zwgk.core import staging
from zwgk.core.errors import Refused
from zwgk.workplan import bulletin as bulletin_module
from zwgk.workplan.actions.common import require_actor, today
from zwgk.workplan.models import (
    REVIEW_FLOW,
    Bulletin,
    BulletinEntry,
    Finding,
    Inspection,
    InspectionRating,
    Plan,
    PlanItem,
    Reminder,
    ReviewItem,
    ReviewStatus,
    Task,
    TaskStatus,
)
from zwgk.workplan.tasks import email_reminder


def send_reminders(
    plan: Plan, agencies: Iterable[Agency], message: str, *, by: Any, task: Task | None = None
) -> list[Reminder]:
    """One reminder per unit: listed in the unit's 待办事项 and e-mailed to its staff (after commit)."""
    require_actor(by, "workplan.supervise")
    message = message.strip()
    if not message:
        raise Refused("请填写提醒内容。")
    agencies = list(agencies)
    if not agencies:
        raise Refused("请选择要提醒的单位。")

    reminders = []
    with transaction.atomic():
        for agency in agencies:
            reminder = Reminder.objects.create(
                plan=plan, agency=agency, task=task, message=message, sent_by=by
            )
            record(
                "workplan.reminder_sent",
                # About one task: the reminder belongs to that task's history.
                obj=task if task is not None else reminder,
                actor=by,
                agency=agency,
                summary=f"向{agency}发送工作提醒：{message[:80]}",
                after={"task": task.pk if task else None, "message": message},
            )
            reminders.append(reminder)
        ids = [r.pk for r in reminders]
        transaction.on_commit(lambda: [email_reminder(pk) for pk in ids])
    return reminders


def acknowledge_reminder(reminder: Reminder, *, by: Any) -> Reminder:
    require_actor(by, "workplan.acknowledge_reminder", reminder)
    with transaction.atomic():
        claimed = Reminder.objects.filter(pk=reminder.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now(), acknowledged_by=by
        )
        reminder.refresh_from_db()
        if claimed:
            record("workplan.reminder_acknowledged", obj=reminder, actor=by, summary="已阅工作提醒")
    return reminder


@dataclass(frozen=True)
class FindingInput:
    text: str
    item: PlanItem | None = None
    rectify_by: date | None = None


def record_inspection(
    plan: Plan,
    agency: Agency,
    *,
    by: Any,
    inspected_on: date,
    summary: str,
    rating: str,
    method: str = "",
    findings: Sequence[FindingInput] = (),
) -> Inspection:
    require_actor(by, "workplan.supervise")
    if rating not in InspectionRating.values:
        raise Refused("请选择总体评价。")
    if not summary.strip():
        raise Refused("请填写检查情况。")
    if inspected_on > today():
        raise Refused("检查日期不能晚于今天。")
    with transaction.atomic():
        inspection = Inspection.objects.create(
            plan=plan,
            agency=agency,
            inspected_on=inspected_on,
            inspector=by,
            method=method.strip()[:60],
            summary=summary.strip(),
            rating=rating,
        )
        for finding in findings:
            if finding.text.strip():
                Finding.objects.create(
                    inspection=inspection,
                    item=finding.item,
                    text=finding.text.strip(),
                    rectify_by=finding.rectify_by,
                )
        count = inspection.findings.count()
        record(
            "workplan.inspection_recorded",
            obj=inspection,
            actor=by,
            summary=f"督查{agency}：评价“{inspection.get_rating_display()}”，发现问题 {count} 个",
            after={"rating": rating, "findings": count, "inspected_on": inspected_on},
        )
    return inspection


def rectify_finding(finding: Finding, note: str, *, by: Any) -> Finding:
    """The unit reports that it has rectified a finding."""
    require_actor(by, "workplan.rectify_finding", finding)
    note = note.strip()
    if not note:
        raise Refused("请填写整改情况。")
    with transaction.atomic():
        locked = (
            Finding.objects.select_for_update(of=("self",)).select_related("inspection").get(pk=finding.pk)
        )
        if locked.rectified_at is not None:
            raise Refused("该问题已报整改。")
        locked.rectified_at = timezone.now()
        locked.rectification_note = note
        locked.rectified_by = by
        locked.save(update_fields=["rectified_at", "rectification_note", "rectified_by"])
        record(
            "workplan.finding_rectified",
            obj=locked.inspection,
            actor=by,
            summary=f"报送整改情况：{note[:80]}",
            after={"finding": locked.pk, "note": note},
        )
    return locked


def issue_bulletin(
    plan: Plan,
    *,
    by: Any,
    as_of: date | None = None,
    requirement: str = "",
    title: str = "",
    previewed: str | None = None,
) -> Bulletin:
    """Issue a 通报 naming the units late or not performing as of `as_of`, stored as the .docx issued.

    `previewed` is the fingerprint of the preview the 公开办 confirmed (确认印发); if the facts changed since,
    nothing is issued and the preview must be looked at again.
    """
    require_actor(by, "workplan.issue_bulletin")
    as_of = as_of or today()
    if as_of > today():
        raise Refused("统计截止日期不能晚于今天。")
    with staging.rollback_cleanup(), transaction.atomic():
        Plan.objects.select_for_update().get(pk=plan.pk)  # serialises the numbering of 通报
        units = bulletin_module.collect_facts(plan, as_of)
        if not units:
            raise Refused(f"截至{as_of:%Y年%m月%d日}没有需要通报的单位。")
        serial = (plan.bulletins.aggregate(m=Max("serial"))["m"] or 0) + 1
        title = title.strip() or bulletin_module.default_title(plan)
        requirement = requirement.strip() or bulletin_module.DEFAULT_REQUIREMENT
        if previewed is not None and previewed != bulletin_module.fingerprint(
            title=title, as_of=as_of, requirement=requirement, units=units
        ):
            raise Refused("预览之后通报的内容有变化（单位或事实已更新），请重新预览后再确认印发。")
        content = bulletin_module.build_docx(
            plan,
            serial=serial,
            title=title,
            as_of=as_of,
            units=units,
            requirement=requirement,
            issued_on=today(),
        )
        issued = Bulletin(
            plan=plan, serial=serial, title=title[:200], as_of=as_of, issued_by=by, requirement=requirement
        )
        staging.put_field(issued.file, f"{plan.year}-{serial}.docx", content)
        issued.save()
        BulletinEntry.objects.bulk_create(
            [BulletinEntry(bulletin=issued, agency=u.agency, facts=u.lines()) for u in units]
        )
        record(
            "workplan.bulletin_issued",
            obj=issued,
            actor=by,
            summary=f"印发{plan.year}年第{serial}期通报，通报 {len(units)} 个单位",
            after={"serial": serial, "as_of": as_of, "units": [u.agency.short_name for u in units]},
        )
    return issued


def void_bulletin(bulletin: Bulletin, *, by: Any, reason: str) -> Bulletin:
    """作废 an issued 通报: it stays on file under its number, marked void with who, when and why."""
    require_actor(by, "workplan.issue_bulletin")
    reason = reason.strip()
    if not reason:
        raise Refused("请填写作废理由。")
    with transaction.atomic():
        bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if bulletin.voided_at is not None:
            raise Refused("该通报已作废。")
        bulletin.voided_at = timezone.now()
        bulletin.voided_by = by
        bulletin.void_reason = reason[:1000]
        bulletin.save(update_fields=["voided_at", "voided_by", "void_reason"])
        record(
            "workplan.bulletin_voided",
            obj=bulletin,
            actor=by,
            summary=f"作废{bulletin.plan.year}年第{bulletin.serial}期通报：{reason[:100]}",
            after={"serial": bulletin.serial, "reason": reason[:1000]},
        )
    return bulletin


def carry_over(source: Plan, target: Plan, *, by: Any) -> int:
    """回头看: put last year's unfinished ledger rows on this year's review list (idempotent)."""
    require_actor(by, "workplan.supervise")
    if source.year >= target.year:
        raise Refused("只能将以前年度的未完成事项列入本年度回头看清单。")
    created = 0
    with transaction.atomic():
        existing = set(target.review_items.values_list("source_task_id", flat=True))
        unfinished = (
            Task.objects.filter(plan=source, parent__isnull=True)
            .exclude(status=TaskStatus.DONE)
            .select_related("item", "agency")
            .order_by("agency__sort_order", "item__seq")
        )
        rows = []
        for task in unfinished:
            if task.pk in existing:
                continue
            rows.append(
                ReviewItem(
                    plan=target,
                    source_task=task,
                    agency=task.agency,
                    label=f"{source.year}年要点{task.item.number}{task.title}"[:300],
                    source_status=task.status,
                )
            )
        ReviewItem.objects.bulk_create(rows)
        created = len(rows)
        if created:
            record(
                "workplan.review_carried_over",
                obj=target,
                actor=by,
                summary=f"将{source.year}年未完成的 {created} 项任务列入{target.year}年回头看清单",
                after={"from": source.year, "to": target.year, "count": created},
            )
    return created


def report_review(item: ReviewItem, note: str, *, by: Any) -> ReviewItem:
    require_actor(by, "workplan.report_review", item)
    note = note.strip()
    if not note:
        raise Refused("请填写整改落实情况。")
    with transaction.atomic():
        locked = ReviewItem.objects.select_for_update().get(pk=item.pk)
        REVIEW_FLOW.apply(locked, ReviewStatus.REPORTED, by)
        locked.report_note = note
        locked.reported_by = by
        locked.reported_at = timezone.now()
        locked.save(update_fields=["status", "report_note", "reported_by", "reported_at"])
        record("workplan.review_reported", obj=locked, actor=by, summary=f"回头看报送整改：{note[:80]}")
    return locked


def verify_review(item: ReviewItem, *, by: Any, accept: bool, note: str = "") -> ReviewItem:
    """督查员/公开办 check a reported rectification: accept, or send it back to the unit."""
    require_actor(by, "workplan.supervise")
    note = note.strip()
    if not accept and not note:
        raise Refused("退回时请写明理由。")
    with transaction.atomic():
        locked = ReviewItem.objects.select_for_update().get(pk=item.pk)
        REVIEW_FLOW.apply(locked, ReviewStatus.VERIFIED if accept else ReviewStatus.OPEN, by)
        locked.verified_by = by
        locked.verified_at = timezone.now()
        locked.verify_note = note
        locked.save(update_fields=["status", "verified_by", "verified_at", "verify_note"])
        record(
            "workplan.review_verified" if accept else "workplan.review_returned",
            obj=locked,
            actor=by,
            summary=("回头看核查通过" if accept else "回头看退回整改") + (f"：{note}" if note else ""),
        )
    return locked
