"""The unit's 政务公开 team, liaison filings (备案) and training records (items 十七, 十八)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.agencies.models import Agency
from zwgk.audit.log import record, snapshot
from zwgk.core.errors import Refused
from zwgk.workplan.actions.common import require_actor, today
from zwgk.workplan.models import (
    FILING_FLOW,
    Duty,
    FilingKind,
    FilingStatus,
    LiaisonFiling,
    TeamMember,
    TrainingAttendance,
    TrainingForm,
    TrainingSession,
)

MEMBER_FIELDS = ["name", "position", "phone", "email", "user", "since"]
# Item 十八: staff changes are handed over item by item ("逐项做好工作交接"); a one-liner is not a handover.
MIN_HANDOVER_CHARS = 10


def current_liaison(agency: Agency | int) -> TeamMember | None:
    agency_id = agency if isinstance(agency, int) else agency.pk
    return TeamMember.objects.filter(agency_id=agency_id, duty=Duty.LIAISON, active=True).first()


def add_member(agency: Agency, data: dict[str, Any], *, by: Any) -> TeamMember:
    """Register a team member. The first liaison is filed with the district office at once (首次备案)."""
    require_actor(by, "workplan.manage_team", agency)
    name = str(data.get("name", "")).strip()
    if not name:
        raise Refused("请填写姓名。")
    duty = data.get("duty") or Duty.STAFF
    if duty not in Duty.values:
        raise Refused("请选择分工。")
    with transaction.atomic():
        Agency.objects.select_for_update().get(pk=agency.pk)  # one liaison at a time per unit
        if duty == Duty.LIAISON and current_liaison(agency) is not None:
            raise Refused("本单位已有联络员。更换联络员请使用“变更联络员”，并填写工作交接情况。")
        member = TeamMember.objects.create(
            agency=agency,
            name=name[:50],
            position=str(data.get("position", "")).strip()[:60],
            phone=str(data.get("phone", "")).strip()[:30],
            email=str(data.get("email", "")).strip(),
            duty=duty,
            user=data.get("user"),
            since=data.get("since") or today(),
        )
        record(
            "workplan.team_member_added",
            obj=member,
            actor=by,
            summary=f"登记政务公开工作人员：{member.name}（{member.get_duty_display()}）",
            after=snapshot(member, ["name", "position", "duty"]),
        )
        if duty == Duty.LIAISON:
            _file(agency, FilingKind.APPOINT, member, None, "", member.since or today(), by)
    return member


def update_member(member: TeamMember, data: dict[str, Any], *, by: Any) -> TeamMember:
    require_actor(by, "workplan.manage_team", member)
    with transaction.atomic():
        locked = TeamMember.objects.select_for_update().get(pk=member.pk)
        before = snapshot(locked, MEMBER_FIELDS)
        for field in MEMBER_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        if not locked.name.strip():
            raise Refused("请填写姓名。")
        locked.save()
        after = snapshot(locked, MEMBER_FIELDS)
        if before != after:
            record(
                "workplan.team_member_updated",
                obj=locked,
                actor=by,
                summary=f"修改工作人员信息：{locked.name}",
                before={k: v for k, v in before.items() if after[k] != v},
                after={k: v for k, v in after.items() if before[k] != v},
            )
    return locked


def member_leaves(member: TeamMember, left_on: date, *, by: Any) -> TeamMember:
    require_actor(by, "workplan.manage_team", member)
    if member.duty == Duty.LIAISON and member.active:
        raise Refused("联络员离岗须先办理联络员变更（填写工作交接情况并报区政务公开主管部门备案）。")
    with transaction.atomic():
        locked = TeamMember.objects.select_for_update().get(pk=member.pk)
        if not locked.active:
            raise Refused("该人员已离岗。")
        locked.active = False
        locked.left_on = left_on
        locked.save(update_fields=["active", "left_on"])
        record(
            "workplan.team_member_left",
            obj=locked,
            actor=by,
            summary=f"{locked.name}离岗（{left_on:%Y-%m-%d}）",
        )
    return locked


def change_liaison(
    agency: Agency,
    *,
    by: Any,
    handover: str,
    effective_on: date,
    member: TeamMember | None = None,
    new_member: dict[str, Any] | None = None,
    previous_leaves: bool = False,
) -> LiaisonFiling:
    """Item 十八: a new liaison takes over with a handover record, filed with the district office.

    The new liaison is an existing team member (`member`) or a new one (`new_member` fields). The previous
    liaison stays as 工作人员, or leaves the team (`previous_leaves`).
    """
    require_actor(by, "workplan.manage_team", agency)
    handover = handover.strip()
    with transaction.atomic():
        Agency.objects.select_for_update().get(pk=agency.pk)
        previous = current_liaison(agency)
        if previous is not None and len(handover) < MIN_HANDOVER_CHARS:
            raise Refused("更换联络员须逐项填写工作交接情况（台账、在办事项、账号和资料等）。")
        if member is not None:
            if member.agency_id != agency.pk or not member.active:
                raise Refused("请选择本单位在岗的工作人员。")
            if previous is not None and member.pk == previous.pk:
                raise Refused("所选人员已是本单位联络员。")
        elif not new_member or not str(new_member.get("name", "")).strip():
            raise Refused("请选择或填写新的联络员。")
        if previous is not None:
            previous.duty = Duty.STAFF
            if previous_leaves:
                previous.active = False
                previous.left_on = effective_on
            previous.save(update_fields=["duty", "active", "left_on"])
        if member is not None:
            member.duty = Duty.LIAISON
            member.save(update_fields=["duty"])
        else:
            assert new_member is not None
            member = TeamMember.objects.create(
                agency=agency,
                name=str(new_member["name"]).strip()[:50],
                position=str(new_member.get("position", "")).strip()[:60],
                phone=str(new_member.get("phone", "")).strip()[:30],
                email=str(new_member.get("email", "")).strip(),
                user=new_member.get("user"),
                duty=Duty.LIAISON,
                since=effective_on,
            )
        kind = FilingKind.CHANGE if previous is not None else FilingKind.APPOINT
        filing = _file(agency, kind, member, previous, handover, effective_on, by)
        record(
            "workplan.liaison_changed",
            obj=filing,
            actor=by,
            summary=f"联络员由{previous.name if previous else '（无）'}变更为{member.name}，已报备案",
            before={"liaison": previous.name if previous else None},
            after={"liaison": member.name, "handover": handover},
        )
    return filing


def _file(
    agency: Agency,
    kind: FilingKind,
    member: TeamMember,
    previous: TeamMember | None,
    handover: str,
    effective_on: date,
    by: Any,
) -> LiaisonFiling:
    filing = LiaisonFiling.objects.create(
        agency=agency,
        kind=kind,
        member=member,
        previous=previous,
        handover=handover,
        effective_on=effective_on,
        submitted_by=by,
        submitted_at=timezone.now(),
    )
    record(
        "workplan.liaison_submitted",
        obj=filing,
        actor=by,
        summary=f"报送{filing.get_kind_display()}：{member.name}",
        after={"kind": kind, "member": member.name, "previous": previous.name if previous else None},
    )
    return filing


def file_liaison(filing: LiaisonFiling, *, by: Any, note: str = "") -> LiaisonFiling:
    """The district office records the filing (备案)."""
    require_actor(by, "workplan.file_liaison")
    with transaction.atomic():
        locked = LiaisonFiling.objects.select_for_update().get(pk=filing.pk)
        FILING_FLOW.apply(locked, FilingStatus.FILED, by)
        locked.reviewed_by = by
        locked.reviewed_at = timezone.now()
        locked.review_note = note.strip()
        locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        record("workplan.liaison_filed", obj=locked, actor=by, summary=f"{locked.get_kind_display()}已备案")
    return locked


def return_filing(filing: LiaisonFiling, note: str, *, by: Any) -> LiaisonFiling:
    """The district office asks for a fuller handover record."""
    require_actor(by, "workplan.file_liaison")
    note = note.strip()
    if not note:
        raise Refused("退回时请写明需要补充的内容。")
    with transaction.atomic():
        locked = LiaisonFiling.objects.select_for_update().get(pk=filing.pk)
        FILING_FLOW.apply(locked, FilingStatus.RETURNED, by)
        locked.reviewed_by = by
        locked.reviewed_at = timezone.now()
        locked.review_note = note
        locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        record("workplan.liaison_returned", obj=locked, actor=by, summary=f"备案退回补充：{note[:80]}")
    return locked


def resubmit_filing(filing: LiaisonFiling, handover: str, *, by: Any) -> LiaisonFiling:
    require_actor(by, "workplan.manage_team", filing)
    handover = handover.strip()
    if filing.kind == FilingKind.CHANGE and len(handover) < MIN_HANDOVER_CHARS:
        raise Refused("请逐项填写工作交接情况。")
    with transaction.atomic():
        locked = LiaisonFiling.objects.select_for_update().get(pk=filing.pk)
        FILING_FLOW.apply(locked, FilingStatus.SUBMITTED, by)
        before = locked.handover
        locked.handover = handover
        locked.submitted_by = by
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "handover", "submitted_by", "submitted_at"])
        record(
            "workplan.liaison_resubmitted",
            obj=locked,
            actor=by,
            summary="补充工作交接情况后重新报送备案",
            before={"handover": before},
            after={"handover": handover},
        )
    return locked


# ----------------------------------------------------------------------------- training


def record_training(agency: Agency, data: dict[str, Any], *, by: Any) -> TrainingSession:
    require_actor(by, "workplan.manage_training", agency)
    title = str(data.get("title", "")).strip()
    held_on = data.get("held_on")
    if not title or held_on is None:
        raise Refused("请填写培训名称和日期。")
    if held_on > today():
        raise Refused("培训日期不能晚于今天（培训结束后再登记）。")
    form = data.get("form") or TrainingForm.LECTURE
    if form not in TrainingForm.values:
        raise Refused("请选择培训形式。")
    with transaction.atomic():
        session = TrainingSession.objects.create(
            agency=agency,
            title=title[:200],
            held_on=held_on,
            form=form,
            hours=data.get("hours") or 0,
            location=str(data.get("location", "")).strip()[:100],
            content=str(data.get("content", "")).strip(),
            created_by=by,
        )
        record(
            "workplan.training_recorded",
            obj=session,
            actor=by,
            summary=f"登记培训：{session.title}（{held_on:%Y-%m-%d}，{session.get_form_display()}）",
        )
    return session


@dataclass(frozen=True)
class AttendeeInput:
    agency: Agency
    name: str
    position: str = ""
    member: TeamMember | None = None


def add_attendees(session: TrainingSession, attendees: Sequence[AttendeeInput], *, by: Any) -> int:
    """Add attendees (skipping people already listed); returns how many were added."""
    require_actor(by, "workplan.manage_training", session)
    added = 0
    with transaction.atomic():
        existing = set(session.attendees.values_list("agency_id", "name"))
        for attendee in attendees:
            name = attendee.name.strip()[:50]
            if not name or (attendee.agency.pk, name) in existing:
                continue
            member = attendee.member
            if member is None:
                member = TeamMember.objects.filter(agency=attendee.agency, name=name, active=True).first()
            TrainingAttendance.objects.create(
                session=session,
                agency=attendee.agency,
                name=name,
                position=attendee.position.strip()[:60] or (member.position if member else ""),
                member=member,
            )
            existing.add((attendee.agency.pk, name))
            added += 1
        if added:
            record(
                "workplan.attendees_added",
                obj=session,
                actor=by,
                summary=f"登记参训人员 {added} 人",
                after={"names": [a.name for a in attendees]},
            )
    return added


def remove_attendee(attendance: TrainingAttendance, *, by: Any) -> None:
    require_actor(by, "workplan.manage_training", attendance.session)
    with transaction.atomic():
        record(
            "workplan.attendee_removed",
            obj=attendance.session,
            actor=by,
            summary=f"删除参训人员：{attendance.agency} {attendance.name}",
        )
        attendance.delete()
