"""State changes of 重大行政决策: the catalogue and its decisions, stage moves, and stage documents."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.audit.log import record as audit
from zwgk.core.errors import Refused
from zwgk.core.signals import announce_public_change
from zwgk.decisions import stages
from zwgk.decisions.models import Catalogue, Decision, Stage, StageDocument
from zwgk.documents.models import Record


@transaction.atomic
def save_catalogue(catalogue: Catalogue | None, data: Mapping[str, Any], *, by: Any) -> Catalogue:
    target = catalogue or Catalogue()
    for field in ("agency", "year", "title", "record"):
        if field in data:
            setattr(target, field, data[field])
    require(by, "decisions.edit_catalogue", target.agency)
    if target.record is not None and target.record.agency_id != target.agency_id:
        raise Refused("目录文件须是本机关的政府信息。")
    if Catalogue.objects.filter(agency=target.agency, year=target.year).exclude(pk=target.pk).exists():
        raise Refused(f"{target.year}年的目录已经存在。")
    target.save()
    audit(
        "decisions.catalogue_saved",
        obj=target,
        agency=target.agency,
        actor=by,
        after={"year": target.year, "record": target.record_id},
    )
    announce_public_change(Catalogue, target.pk, "decision_catalogue")
    return target


@transaction.atomic
def save_decision(
    catalogue: Catalogue, decision: Decision | None, data: Mapping[str, Any], *, by: Any
) -> Decision:
    require(by, "decisions.edit_catalogue", catalogue.agency)
    target = decision or Decision(catalogue=catalogue)
    for field in ("number", "title", "lead_agency", "legal_basis", "planned", "consultation"):
        if field in data:
            setattr(target, field, data[field])
    if not (target.title or "").strip():
        raise Refused("请填写决策事项。")
    if Decision.objects.filter(catalogue=catalogue, number=target.number).exclude(pk=target.pk).exists():
        raise Refused(f"序号 {target.number} 已被使用。")
    target.save()
    audit(
        "decisions.decision_saved",
        obj=target,
        agency=catalogue.agency,
        actor=by,
        after={"title": target.title},
    )
    announce_public_change(Decision, target.pk, "decision")
    return target


@transaction.atomic
def move_stage(
    decision: Decision, stage: str, to: str, *, by: Any, note: str = "", on: date | None = None
) -> Stage:
    """Start, finish or mark a stage not applicable, in the order the Regulation sets (zwgk.decisions.stages)."""
    decision = (
        Decision.objects.select_for_update(of=("self",)).select_related("catalogue").get(pk=decision.pk)
    )
    require(by, "decisions.record_stage", decision)
    try:
        stages.advance(decision.stage_states(), stage, to, reason=note)
    except stages.StageError as exc:
        raise Refused(str(exc)) from None
    row, _ = Stage.objects.get_or_create(decision=decision, stage=stage)
    day = on or timezone.localdate()
    before = row.status
    row.status = to
    if to == stages.CURRENT:
        row.started_on = day
    else:
        row.finished_on = day
        row.started_on = row.started_on or day
    if note.strip():
        row.note = note.strip()
    row.save()
    audit(
        "decisions.stage_moved",
        obj=decision,
        agency=decision.catalogue.agency,
        actor=by,
        before={"stage": stage, "status": before},
        after={"stage": stage, "status": to},
    )
    announce_public_change(Decision, decision.pk, "decision")
    return row


@transaction.atomic
def attach_document(decision: Decision, stage: str, role: str, record: Record, *, by: Any) -> StageDocument:
    """A stage document is a platform record (drafted, screened and signed like any other)."""
    require(by, "decisions.record_stage", decision)
    if role not in dict(stages.DOCUMENT_ROLES):
        raise Refused("请选择文件类别。")
    if stage not in stages.ORDER:
        raise Refused("未知的决策阶段。")
    if record.agency_id not in decision.permission_agency_ids():
        raise Refused("只能关联决策机关或承办单位的政府信息。")
    row, _ = Stage.objects.get_or_create(decision=decision, stage=stage)
    doc, created = StageDocument.objects.get_or_create(
        stage=row, record=record, defaults={"role": role, "added_by": by}
    )
    if not created:
        raise Refused("该文件已关联到这一阶段。")
    audit(
        "decisions.document_attached",
        obj=decision,
        agency=decision.catalogue.agency,
        actor=by,
        after={"stage": stage, "role": role, "record": record.pk},
    )
    announce_public_change(Decision, decision.pk, "decision")
    return doc
