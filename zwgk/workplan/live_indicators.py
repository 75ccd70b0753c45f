"""The live indicators whose facts this app or the foundation already hold.

Each is `fn(year, agency_id) -> IndicatorValue` (agency_id None = the whole district) and is registered in
zwgk.workplan.hooks. Indicators on documents (主动公开, 解读) and applications (按时答复) are registered by
those apps; see zwgk.workplan.indicators.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone

from zwgk.accounts.models import RoleAssignment
from zwgk.accounts.roles import Role
from zwgk.agencies.models import Agency
from zwgk.workplan.indicators import IndicatorValue
from zwgk.workplan.models import (
    Duty,
    FilingStatus,
    LiaisonFiling,
    ReviewItem,
    ReviewStatus,
    Task,
    TaskStatus,
    TeamMember,
    TrainingAttendance,
    TrainingSession,
)


def plan_units(year: int, agency_id: int | None) -> set[int]:
    """The units with a ledger row in the year's plan (or just `agency_id`, if it has one)."""
    ids = set(Task.objects.filter(plan__year=year).values_list("agency_id", flat=True).distinct())
    if agency_id is not None:
        return ids & {agency_id}
    return ids


def staff_trained(year: int, agency_id: int | None) -> IndicatorValue:
    """Item 十八: 政务公开 staff in post during the year who attended a training that year."""
    members = TeamMember.objects.filter(
        Q(since__isnull=True) | Q(since__lte=date(year, 12, 31)),
        Q(left_on__isnull=True) | Q(left_on__gte=date(year, 1, 1)),
    )
    attended = TrainingAttendance.objects.filter(session__held_on__year=year)
    if agency_id is not None:
        members = members.filter(agency_id=agency_id)
        attended = attended.filter(agency_id=agency_id)
    by_member = set(attended.exclude(member__isnull=True).values_list("member_id", flat=True))
    by_name = set(attended.values_list("agency_id", "name"))
    staff = list(members.values_list("pk", "agency_id", "name"))
    trained = sum(1 for pk, unit, name in staff if pk in by_member or (unit, name) in by_name)
    return IndicatorValue(trained, len(staff), note="本年参加过政务公开培训的在岗工作人员")


def trainings(year: int, agency_id: int | None) -> IndicatorValue:
    """Item 十八: training sessions held in the year (for a unit: organised by it or attended by its staff)."""
    sessions = TrainingSession.objects.filter(held_on__year=year)
    if agency_id is not None:
        sessions = sessions.filter(Q(agency_id=agency_id) | Q(attendees__agency_id=agency_id))
    people = TrainingAttendance.objects.filter(session__in=sessions)
    if agency_id is not None:
        people = people.filter(agency_id=agency_id)
    return IndicatorValue(sessions.distinct().count(), None, unit=" 次", note=f"参训 {people.count()} 人次")


def liaison_filed(year: int, agency_id: int | None) -> IndicatorValue:
    """Item 十八: units whose current liaison is filed (备案) with the district office."""
    units = plan_units(year, agency_id)
    filed = set(
        LiaisonFiling.objects.filter(
            status=FilingStatus.FILED,
            agency_id__in=units,
            member__active=True,
            member__duty=Duty.LIAISON,
        ).values_list("agency_id", flat=True)
    )
    return IndicatorValue(len(filed), len(units), note="现任联络员已备案的单位")


def tasks_on_time(year: int, agency_id: int | None) -> IndicatorValue:
    """Item 十九: ledger rows due so far (or already done) that were done within their time limit."""
    today = timezone.localdate()
    tasks = Task.objects.filter(plan__year=year, parent__isnull=True)
    if agency_id is not None:
        tasks = tasks.filter(agency_id=agency_id)
    due = on_time = 0
    for due_date, completed_at in tasks.filter(Q(due_date__lt=today) | Q(status=TaskStatus.DONE)).values_list(
        "due_date", "completed_at"
    ):
        due += 1
        if completed_at is not None and timezone.localdate(completed_at) <= due_date:
            on_time += 1
    return IndicatorValue(on_time, due, note="到期（或已完成）任务中按时完成的")


def ledger_complete(year: int, agency_id: int | None) -> IndicatorValue:
    """Item 十九: ledger rows with a named responsible person (the time limit is always set)."""
    tasks = Task.objects.filter(plan__year=year, parent__isnull=True)
    if agency_id is not None:
        tasks = tasks.filter(agency_id=agency_id)
    total = tasks.count()
    named = tasks.exclude(responsible_person="").count()
    return IndicatorValue(named, total, note="已明确责任人和时限的台账任务")


def review_rectified(year: int, agency_id: int | None) -> IndicatorValue:
    """Item 十九 (回头看): last year's unfinished items whose rectification has been verified."""
    items = ReviewItem.objects.filter(plan__year=year)
    if agency_id is not None:
        items = items.filter(agency_id=agency_id)
    return IndicatorValue(
        items.filter(status=ReviewStatus.VERIFIED).count(), items.count(), note="回头看事项已核查整改到位"
    )


def secrecy_reviewers(year: int, agency_id: int | None) -> IndicatorValue:
    """Item 十一 (保密审查制度): units with a 保密审查员 on the platform (current assignments)."""
    units = plan_units(year, agency_id)
    with_reviewer = set(
        RoleAssignment.objects.filter(agency_id__in=units, role=Role.SECRECY_REVIEWER).values_list(
            "agency_id", flat=True
        )
    )
    return IndicatorValue(len(with_reviewer), len(units), note="已在平台指定保密审查员的单位（当前）")


def disclosure_office_listed(year: int, agency_id: int | None) -> IndicatorValue:
    """Item 十六 (健全政府信息公开工作机构): units whose public contact block names the office and a phone.

    Regulation Art 12: the 公开指南 gives the 工作机构's name, address, hours, phone, fax and internet contact.
    """
    units = plan_units(year, agency_id)
    listed = Agency.objects.filter(pk__in=units).exclude(disclosure_office="").exclude(phone="").count()
    return IndicatorValue(listed, len(units), note="公开联系方式已列明工作机构和电话的单位（当前）")
