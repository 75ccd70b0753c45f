"""Saving an imported 工作要点: plan, items, responsible units, and one ledger task per item and unit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.audit.log import record
from zwgk.core.errors import Refused
from zwgk.workplan.actions.common import actor_or_none, require_actor
from zwgk.workplan.importer import MatchedPlan
from zwgk.workplan.models import (
    ItemIndicator,
    Plan,
    PlanItem,
    Responsibility,
    Task,
    TaskStatus,
)


@dataclass
class ImportResult:
    plan: Plan
    created: bool = False
    items_created: int = 0
    items_updated: int = 0
    units_added: int = 0
    units_removed: int = 0
    roles_changed: int = 0
    tasks_created: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.items_created
            or self.items_updated
            or self.units_added
            or self.units_removed
            or self.roles_changed
        )

    def summary(self) -> str:
        if not self.changed:
            return "与已导入内容一致，没有变化"
        return (
            f"条目新增 {self.items_created}、更新 {self.items_updated}；责任单位新增 {self.units_added}、"
            f"移除 {self.units_removed}、职责变更 {self.roles_changed}；新建台账任务 {self.tasks_created}"
        )


def _pristine(task: Task) -> bool:
    """A ledger row nobody has worked on yet (safe to remove when a re-import drops the unit)."""
    return (
        task.status == TaskStatus.NOT_STARTED
        and not task.responsible_person
        and not task.description
        and not task.reports.exists()
        and not task.subtasks.exists()
        and not task.milestones.exists()
    )


def import_plan(
    matched: MatchedPlan,
    year: int,
    *,
    by: Any = None,
    source_name: str = "",
    progress: Any = None,
) -> ImportResult:
    """Create or update the plan of `year`; idempotent (importing the same document twice changes nothing).

    A re-import updates item texts and responsible units; a unit or item that is no longer named is removed
    only while nobody has worked on its tasks, otherwise it is kept and reported in `warnings`.
    """
    require_actor(by, "workplan.import_plan")
    actor = actor_or_none(by)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().filter(year=year).first()
        result = ImportResult(plan=plan) if plan is not None else None
        if plan is None:
            plan = Plan.objects.create(
                year=year,
                title=matched.parsed.title or f"{year}年政务公开工作要点",
                source_name=source_name[:200],
                final_due=date(year, 12, 31),
                imported_at=timezone.now(),
                imported_by=actor,
            )
            result = ImportResult(plan=plan, created=True)
        assert result is not None
        existing = {item.seq: item for item in plan.items.all()}
        seen: set[int] = set()
        for parsed, match in progress(matched.items) if progress else matched.items:
            seen.add(parsed.seq)
            item = existing.get(parsed.seq)
            values = {
                "number": parsed.number,
                "section": parsed.section[:120],
                "title": parsed.title[:200],
                "text": parsed.text,
                "units_clause": parsed.units_clause,
                "unmatched": list(match.unmatched),
                "deadline_text": parsed.deadline_text[:60],
                "deadline": parsed.deadline,
            }
            if item is None:
                item = PlanItem.objects.create(plan=plan, seq=parsed.seq, **values)
                result.items_created += 1
            elif any(getattr(item, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(item, key, value)
                item.save()
                result.items_updated += 1
            _sync_units(plan, item, match, result, actor)
        for seq, item in existing.items():
            if seq in seen:
                continue
            tasks = list(item.tasks.all())
            if all(_pristine(t) for t in tasks if t.parent_id is None) and not any(
                t.parent_id for t in tasks
            ):
                item.delete()
                result.items_updated += 1
            else:
                raise Refused(
                    f"新文件没有第 {item.number} 项，但该项已有台账工作记录，不能删除。请核对文件后再导入。"
                )
        if result.changed:
            plan.imported_at = timezone.now()
            plan.source_name = source_name[:200] or plan.source_name
            if actor is not None:
                plan.imported_by = actor
            plan.save()
            record(
                "workplan.plan_imported",
                obj=plan,
                actor=actor,
                summary=f"导入{plan}（{len(matched.items)} 项）：{result.summary()}",
                after={
                    "year": year,
                    "items": len(matched.items),
                    "units_added": result.units_added,
                    "units_removed": result.units_removed,
                    "tasks_created": result.tasks_created,
                    "unmatched": [f"{number} {name}" for number, name in matched.unmatched],
                    "source": source_name,
                },
            )
    return result


def _sync_units(plan: Plan, item: PlanItem, match: Any, result: ImportResult, actor: Any) -> None:
    desired = {unit.agency_id: unit for unit in match.units}
    current = {r.agency_id: r for r in item.responsibilities.all()}
    main_tasks = {t.agency_id: t for t in item.tasks.filter(parent__isnull=True)}
    new_tasks: list[Task] = []
    new_units: list[Responsibility] = []
    for agency_id, unit in desired.items():
        responsibility = current.get(agency_id)
        if responsibility is None:
            new_units.append(
                Responsibility(
                    item=item, agency_id=agency_id, role=unit.role, via=unit.via[:120], position=unit.position
                )
            )
        elif responsibility.role != unit.role or responsibility.via != unit.via[:120]:
            responsibility.role = unit.role
            responsibility.via = unit.via[:120]
            responsibility.position = unit.position
            responsibility.save(update_fields=["role", "via", "position"])
            result.roles_changed += 1
        elif responsibility.position != unit.position:
            responsibility.position = unit.position
            responsibility.save(update_fields=["position"])
        task = main_tasks.get(agency_id)
        if task is None:
            new_tasks.append(
                Task(
                    plan=plan,
                    item=item,
                    agency_id=agency_id,
                    role=unit.role,
                    title=item.title[:200],
                    due_date=item.deadline or plan.final_due,
                    created_by=actor,
                )
            )
        elif task.role != unit.role:
            task.role = unit.role
            task.save(update_fields=["role", "updated_at"])
    if new_units:
        Responsibility.objects.bulk_create(new_units)
        result.units_added += len(new_units)
    if new_tasks:
        Task.objects.bulk_create(new_tasks)
        result.tasks_created += len(new_tasks)
    for agency_id, responsibility in current.items():
        if agency_id in desired:
            continue
        task = main_tasks.get(agency_id)
        if task is None or _pristine(task):
            if task is not None:
                task.delete()
            responsibility.delete()
            result.units_removed += 1
        else:
            result.warnings.append(
                f"{item.number}：新文件未列出“{responsibility.agency}”，但该单位已有台账工作记录，予以保留"
            )


def set_item_indicator(item: PlanItem, key: str, shown: bool, *, by: Any) -> None:
    """Show or hide an indicator next to an item (overrides the default linking by hints)."""
    require_actor(by, "workplan.manage_indicators")
    with transaction.atomic():
        ItemIndicator.objects.update_or_create(item=item, key=key, defaults={"shown": shown})
        record(
            "workplan.indicator_linked" if shown else "workplan.indicator_hidden",
            obj=item.plan,
            actor=by,
            summary=f"{item.number}{'显示' if shown else '隐藏'}指标 {key}",
            after={"item": item.seq, "key": key, "shown": shown},
        )
