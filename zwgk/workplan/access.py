"""One access helper per protected object: fetch (404) and check permission (403) through the one mechanism."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from zwgk.accounts.permissions import require
from zwgk.agencies.models import Agency
from zwgk.workplan.models import (
    Bulletin,
    EvidenceFile,
    Finding,
    Inspection,
    LiaisonFiling,
    Milestone,
    Plan,
    PlanItem,
    Reminder,
    ReviewItem,
    Task,
    TeamMember,
    TrainingSession,
)


def get_plan(year: int) -> Plan:
    return get_object_or_404(Plan, year=year)


def get_item(plan: Plan, seq: int) -> PlanItem:
    return get_object_or_404(PlanItem, plan=plan, seq=seq)


def get_agency(pk: int) -> Agency:
    return get_object_or_404(Agency, pk=pk)


def get_task(user: Any, pk: int) -> Task:
    task = get_object_or_404(Task.objects.select_related("item", "plan", "agency", "parent"), pk=pk)
    require(user, "workplan.view_task", task, "您只能查看本单位的台账任务。")
    return task


def get_milestone(user: Any, pk: int) -> Milestone:
    milestone = get_object_or_404(Milestone.objects.select_related("task", "task__agency"), pk=pk)
    require(user, "workplan.view_task", milestone.task)
    return milestone


def get_evidence(user: Any, pk: int) -> EvidenceFile:
    evidence = get_object_or_404(EvidenceFile.objects.select_related("report__task"), pk=pk)
    require(user, "workplan.view_task", evidence.report.task, "您无权查看该佐证材料。")
    return evidence


def get_reminder(user: Any, pk: int) -> Reminder:
    reminder = get_object_or_404(Reminder.objects.select_related("agency", "plan"), pk=pk)
    require(user, "workplan.view_task", reminder)
    return reminder


def get_inspection(user: Any, pk: int) -> Inspection:
    inspection = get_object_or_404(Inspection.objects.select_related("agency", "plan", "inspector"), pk=pk)
    require(user, "workplan.view_task", inspection, "您只能查看本单位的督查记录。")
    return inspection


def get_finding(user: Any, pk: int) -> Finding:
    finding = get_object_or_404(Finding.objects.select_related("inspection"), pk=pk)
    require(user, "workplan.view_task", finding)
    return finding


def get_bulletin(user: Any, pk: int) -> Bulletin:
    bulletin = get_object_or_404(Bulletin.objects.select_related("plan"), pk=pk)
    # A 通报 is circulated to every unit; the named units see it too.
    require(user, "workplan.view_plan", None)
    return bulletin


def get_review_item(user: Any, pk: int) -> ReviewItem:
    item = get_object_or_404(ReviewItem.objects.select_related("agency", "plan"), pk=pk)
    require(user, "workplan.view_task", item)
    return item


def get_member(user: Any, pk: int) -> TeamMember:
    member = get_object_or_404(TeamMember.objects.select_related("agency"), pk=pk)
    require(user, "workplan.view_team", member)
    return member


def get_filing(user: Any, pk: int) -> LiaisonFiling:
    filing = get_object_or_404(
        LiaisonFiling.objects.select_related("agency", "member", "previous", "submitted_by", "reviewed_by"),
        pk=pk,
    )
    require(user, "workplan.view_team", filing)
    return filing


def get_training(user: Any, pk: int) -> TrainingSession:
    session = get_object_or_404(TrainingSession.objects.select_related("agency", "created_by"), pk=pk)
    require(user, "workplan.view_trainings", None)
    return session


def int_or_404(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("not found") from None
