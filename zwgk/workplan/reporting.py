"""What the annual report (年度报告, section 六 and 监督保障) takes from the ledger.

Contract for the reports app:

    implementation_summary(agency_id: int, year: int) -> str
        A Chinese paragraph on the unit's implementation of the year's 工作要点: items, ledger tasks done /
        in progress / overdue, progress reports, inspections, training and liaison filing.
    training_facts(agency_id: int, year: int) -> dict
        {"year", "agency_id", "sessions", "organised", "attendees", "people", "hours",
         "participants" (= attendees, 人次), "topics" (session titles),
         "items": [{"title", "held_on" (ISO date), "form", "organiser", "attendees"}]}

Both are registered as the annual-report sources "workplan_summary" and "trainings" (zwgk.reports.sources)
when the reports app is installed.

Both read only; neither raises for a year without a plan or a unit without tasks.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from zwgk.workplan.models import (
    Duty,
    FilingStatus,
    Finding,
    Inspection,
    LiaisonFiling,
    Plan,
    ProgressReport,
    Responsibility,
    ResponsibilityRole,
    Task,
    TaskStatus,
    TrainingAttendance,
    TrainingSession,
)


def training_facts(agency_id: int, year: int) -> dict[str, Any]:
    """Training sessions of `year` organised by the unit or attended by its staff, and its attendance."""
    sessions = (
        TrainingSession.objects.filter(held_on__year=year)
        .filter(Q(agency_id=agency_id) | Q(attendees__agency_id=agency_id))
        .distinct()
        .select_related("agency")
        .annotate(own=Count("attendees", filter=Q(attendees__agency_id=agency_id), distinct=True))
        .order_by("held_on", "id")
    )
    attendance = TrainingAttendance.objects.filter(session__held_on__year=year, agency_id=agency_id)
    hours = sum((a.session.hours for a in attendance.select_related("session")), Decimal(0))
    items = [
        {
            "title": s.title,
            "held_on": s.held_on.isoformat(),
            "form": s.get_form_display(),
            "organiser": s.agency.short_name,
            "attendees": s.own,
        }
        for s in sessions
    ]
    attendees = attendance.count()
    return {
        "year": year,
        "agency_id": agency_id,
        "sessions": len(items),
        "organised": sum(1 for s in sessions if s.agency_id == agency_id),
        "attendees": attendees,
        "participants": attendees,  # the annual-report source contract's name for 参训人次
        "people": len(set(attendance.values_list("name", flat=True))),
        "hours": float(hours),
        "topics": [item["title"] for item in items],
        "items": items,
    }


def implementation_summary(agency_id: int, year: int) -> str:
    """A paragraph on how the unit carried out the year's 要点 (for the annual report)."""
    plan = Plan.objects.filter(year=year).first()
    if plan is None:
        return f"{year}年度政务公开工作要点尚未录入平台，暂无落实情况统计。"
    roles = Counter(
        Responsibility.objects.filter(item__plan=plan, agency_id=agency_id).values_list("role", flat=True)
    )
    tasks = Task.objects.filter(plan=plan, agency_id=agency_id)
    rows = tasks.filter(parent__isnull=True)
    if not roles and not rows.exists():
        sentence = f"本单位不是《{plan}》所列责任单位。"
        return sentence + _training_sentence(agency_id, year) + _liaison_sentence(agency_id)
    status = Counter(rows.values_list("status", flat=True))
    late = sum(
        1
        for due, done in rows.filter(status=TaskStatus.DONE).values_list("due_date", "completed_at")
        if done is not None and timezone.localdate(done) > due
    )
    subtasks = tasks.exclude(parent__isnull=True).count()
    named = rows.exclude(responsible_person="").count()
    total = rows.count()
    role_parts = [
        f"{label}{roles[value]}项" for value, label in ResponsibilityRole.choices if roles.get(value)
    ]
    parts = [
        f"{year}年，本单位对照《{plan}》，承担其中{sum(roles.values())}项工作任务"
        + (f"（{'、'.join(role_parts)}）" if role_parts else "")
        + f"，梳理形成工作台账任务{total}项"
        + (f"并细化子任务{subtasks}项" if subtasks else "")
        + (
            "，逐项明确了责任人和完成时限。"
            if named == total
            else f"，其中{named}项已明确责任人，均明确了完成时限。"
        )
    ]
    as_of = min(timezone.localdate(), plan.final_due)
    done = status.get(TaskStatus.DONE, 0)
    parts.append(
        f"截至{as_of:%Y年%m月%d日}，已完成{done}项"
        + (f"（其中超过时限完成{late}项）" if late else "")
        + f"，正在推进{status.get(TaskStatus.IN_PROGRESS, 0)}项，"
        + f"逾期未完成{status.get(TaskStatus.OVERDUE, 0)}项，尚未启动{status.get(TaskStatus.NOT_STARTED, 0)}项。"
    )
    reports = ProgressReport.objects.filter(task__in=tasks).count()
    if reports:
        parts.append(f"全年报送工作进展{reports}次。")
    inspections = Inspection.objects.filter(plan=plan, agency_id=agency_id).count()
    if inspections:
        findings = Finding.objects.filter(inspection__plan=plan, inspection__agency_id=agency_id)
        found = findings.count()
        fixed = findings.exclude(rectified_at__isnull=True).count()
        parts.append(
            f"接受区政府办公室督查{inspections}次"
            + (f"，发现问题{found}个，已整改{fixed}个。" if found else "，未发现问题。")
        )
    return "".join(parts) + _training_sentence(agency_id, year) + _liaison_sentence(agency_id)


def _training_sentence(agency_id: int, year: int) -> str:
    facts = training_facts(agency_id, year)
    if not facts["sessions"]:
        return "本年度未登记政务公开培训。"
    organised = f"其中本单位组织{facts['organised']}次，" if facts["organised"] else ""
    return f"组织或参加政务公开培训{facts['sessions']}次，{organised}参训{facts['attendees']}人次。"


def _liaison_sentence(agency_id: int) -> str:
    filed = LiaisonFiling.objects.filter(
        agency_id=agency_id, status=FilingStatus.FILED, member__active=True, member__duty=Duty.LIAISON
    ).exists()
    if filed:
        return "本单位政务公开工作联络员已向区政务公开主管部门备案。"
    return ""
