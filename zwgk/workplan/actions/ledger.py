"""Ledger tasks: editing, sub-tasks, milestones, progress reports with evidence, completion, the overdue sweep."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zwgk.audit.log import record, snapshot
from zwgk.core import staging
from zwgk.core.errors import Refused
from zwgk.core.files import shorten_filename
from zwgk.workplan.actions.common import actor_or_none, require_actor, today
from zwgk.workplan.evidence import LINK, valid_url
from zwgk.workplan.models import (
    OPEN_STATUSES,
    TASK_FLOW,
    EvidenceFile,
    EvidenceLink,
    Milestone,
    ProgressReport,
    Task,
    TaskStatus,
)

EDITABLE_FIELDS = ["title", "description", "responsible_person", "responsible_phone", "due_date"]
# Office documents, PDF/OFD, images and archives; never HTML or SVG (files are sent as attachments anyway).
EVIDENCE_SUFFIXES = frozenset(
    {
        ".pdf",
        ".ofd",
        ".doc",
        ".docx",
        ".wps",
        ".xls",
        ".xlsx",
        ".et",
        ".ppt",
        ".pptx",
        ".txt",
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".zip",
    }
)


@dataclass(frozen=True)
class LinkInput:
    kind: str
    label: str
    url: str


def _move(task: Task, target: TaskStatus, by: Any, *, allowed_from: frozenset[str] | None = None) -> None:
    """Apply one move of TASK_FLOW; `allowed_from` narrows it to the statuses an action starts from."""
    if allowed_from is not None and task.status not in allowed_from:
        raise TASK_FLOW.illegal(task.status, target)
    TASK_FLOW.apply(task, target, by)


def _lock(task: Task) -> Task:
    return (
        Task.objects.select_for_update(of=("self",)).select_related("item", "plan", "agency").get(pk=task.pk)
    )


def _check_due(task: Task, due: date) -> None:
    if task.parent_id is not None:
        parent_due = Task.objects.values_list("due_date", flat=True).get(pk=task.parent_id)
        if due > parent_due:
            raise Refused(f"子任务的完成时限不能晚于所属任务的时限（{parent_due:%Y-%m-%d}）。")


def _mark_overdue_if_past(task: Task, day: date) -> bool:
    if task.status in OPEN_STATUSES and task.due_date < day:
        task.status = TaskStatus.OVERDUE
        task.overdue_since = day
        return True
    return False


def update_task(task: Task, data: dict[str, Any], *, by: Any) -> Task:
    """The unit fills in its ledger row: measures, responsible person, time limit."""
    require_actor(by, "workplan.edit_task", task)
    with transaction.atomic():
        locked = _lock(task)
        before = snapshot(locked, EDITABLE_FIELDS)
        new_due = data.get("due_date", locked.due_date)
        if new_due != locked.due_date:
            if locked.status == TaskStatus.OVERDUE:
                raise Refused("任务已逾期，完成时限只能由公开办或督查员调整。")
            if locked.status == TaskStatus.DONE:
                raise Refused("任务已完成，不能再修改完成时限。")
            _check_due(locked, new_due)
            if new_due < today():
                raise Refused("完成时限不能早于今天。")
            if locked.subtasks.filter(due_date__gt=new_due).exists():
                raise Refused("有子任务的时限晚于新的完成时限，请先调整子任务。")
        for field in EDITABLE_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        if not locked.title.strip():
            raise Refused("任务名称不能为空。")
        locked.save()
        after = snapshot(locked, EDITABLE_FIELDS)
        if before != after:
            record(
                "workplan.task_updated",
                obj=locked,
                actor=by,
                summary=f"修改台账任务 {locked.item.number}{locked.title}",
                before={k: v for k, v in before.items() if after[k] != v},
                after={k: v for k, v in after.items() if before[k] != v},
            )
    return locked


def add_subtask(parent: Task, data: dict[str, Any], *, by: Any) -> Task:
    """A unit splits its ledger row into its own sub-tasks (one level)."""
    require_actor(by, "workplan.edit_task", parent)
    with transaction.atomic():
        locked = _lock(parent)
        if locked.parent_id is not None:
            raise Refused("子任务不能再拆分。")
        if locked.status == TaskStatus.DONE:
            raise Refused("任务已完成，不能再添加子任务。")
        due = data.get("due_date") or locked.due_date
        if due > locked.due_date:
            raise Refused(f"子任务的完成时限不能晚于所属任务的时限（{locked.due_date:%Y-%m-%d}）。")
        if due < today():
            raise Refused("完成时限不能早于今天。")
        title = (data.get("title") or "").strip()
        if not title:
            raise Refused("请填写子任务名称。")
        sub = Task.objects.create(
            plan=locked.plan,
            item=locked.item,
            agency=locked.agency,
            parent=locked,
            role=locked.role,
            title=title[:200],
            description=data.get("description", ""),
            responsible_person=data.get("responsible_person", ""),
            responsible_phone=data.get("responsible_phone", ""),
            due_date=due,
            created_by=actor_or_none(by),
        )
        record(
            "workplan.subtask_created",
            obj=locked,
            actor=by,
            summary=f"拆分子任务：{sub.title}（时限 {due:%Y-%m-%d}）",
            after={"subtask": sub.pk, "title": sub.title, "due_date": due},
        )
    return sub


def add_milestone(task: Task, title: str, due_date: date | None, *, by: Any) -> Milestone:
    require_actor(by, "workplan.edit_task", task)
    title = title.strip()
    if not title:
        raise Refused("请填写工作节点。")
    with transaction.atomic():
        locked = _lock(task)
        if due_date is not None and due_date > locked.due_date:
            raise Refused(f"节点日期不能晚于任务的完成时限（{locked.due_date:%Y-%m-%d}）。")
        milestone = Milestone.objects.create(task=locked, title=title[:200], due_date=due_date)
        record(
            "workplan.milestone_added",
            obj=locked,
            actor=by,
            summary=f"添加工作节点：{milestone.title}",
            after={"milestone": milestone.pk, "title": milestone.title, "due_date": due_date},
        )
    return milestone


def complete_milestone(milestone: Milestone, *, by: Any, on: date | None = None) -> Milestone:
    task = milestone.task
    require_actor(by, "workplan.edit_task", task)
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if locked.done_on is not None:
            raise Refused("该节点已完成。")
        locked.done_on = on or today()
        if locked.done_on > today():
            raise Refused("完成日期不能晚于今天。")
        locked.save(update_fields=["done_on"])
        record(
            "workplan.milestone_done",
            obj=task,
            actor=by,
            summary=f"工作节点完成：{locked.title}（{locked.done_on:%Y-%m-%d}）",
            after={"milestone": locked.pk, "done_on": locked.done_on},
        )
    return locked


def start_task(task: Task, *, by: Any) -> Task:
    require_actor(by, "workplan.edit_task", task)
    with transaction.atomic():
        locked = _lock(task)
        _move(locked, TaskStatus.IN_PROGRESS, by, allowed_from=frozenset({TaskStatus.NOT_STARTED}))
        locked.started_at = timezone.now()
        locked.save(update_fields=["status", "started_at", "updated_at"])
        record("workplan.task_started", obj=locked, actor=by, summary=f"开始实施：{locked.title}")
    return locked


def check_upload(upload: Any) -> None:
    """Refuse files the ledger does not keep (size, type); message in Chinese."""
    name = PurePosixPath(getattr(upload, "name", "") or "").name
    if PurePosixPath(name).suffix.lower() not in EVIDENCE_SUFFIXES:
        allowed = "、".join(sorted(s.lstrip(".") for s in EVIDENCE_SUFFIXES))
        raise Refused(f"不支持的文件类型：“{name}”。可上传：{allowed}。")
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise Refused(f"文件“{name}”超过 {settings.MAX_UPLOAD_MB} MB。")
    if upload.size == 0:
        raise Refused(f"文件“{name}”是空文件。")


def report_progress(
    task: Task,
    *,
    by: Any,
    text: str,
    percent: int | None = None,
    files: Sequence[Any] = (),
    links: Sequence[LinkInput] = (),
) -> ProgressReport:
    """A progress report with evidence; the first report moves 未开始 to 进行中."""
    require_actor(by, "workplan.edit_task", task)
    text = text.strip()
    if not text:
        raise Refused("请填写进展情况。")
    if percent is not None and not 0 <= percent <= 100:
        raise Refused("完成进度应在 0 到 100 之间。")
    for upload in files:
        check_upload(upload)
    for link in links:
        if not link.label.strip() or not valid_url(link.url):
            raise Refused("佐证链接应填写名称，并以 / 开头（本平台页面）或 http(s):// 开头。")
    stored: list[EvidenceFile] = []
    with staging.rollback_cleanup(), transaction.atomic():
        locked = _lock(task)
        if locked.status == TaskStatus.DONE:
            raise Refused("任务已完成，如需补充请联系公开办重新打开。")
        report = ProgressReport.objects.create(task=locked, author=by, text=text, percent=percent)
        for upload in files:
            stored.append(_store_file(report, upload))
        for link in links:
            EvidenceLink.objects.create(
                report=report,
                kind=link.kind or LINK,
                label=link.label.strip()[:200],
                url=link.url.strip()[:500],
            )
        fields = ["last_reported_at", "updated_at"]
        locked.last_reported_at = report.created_at
        if locked.status == TaskStatus.NOT_STARTED:
            _move(locked, TaskStatus.IN_PROGRESS, by)
            locked.started_at = report.created_at
            fields += ["status", "started_at"]
        if percent is not None:
            locked.progress_percent = percent
            fields.append("progress_percent")
        locked.save(update_fields=fields)
        record(
            "workplan.progress_reported",
            obj=locked,
            actor=by,
            summary=f"报送进展（{len(stored)} 个文件、{len(links)} 个链接）：{text[:80]}",
            after={
                "report": report.pk,
                "percent": percent,
                "files": [f.original_name for f in stored],
                "links": [link.url for link in links],
            },
        )
    return report


def _store_file(report: ProgressReport, upload: Any) -> EvidenceFile:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = shorten_filename(PurePosixPath(upload.name).name, 200)
    evidence = EvidenceFile(
        report=report,
        original_name=name,
        size=upload.size,
        content_type=(mimetypes.guess_type(name)[0] or "application/octet-stream")[:100],
        sha256=digest.hexdigest(),
    )
    staging.put_field(evidence.file, name, upload)
    evidence.save()
    return evidence


def complete_task(task: Task, *, by: Any, note: str) -> Task:
    require_actor(by, "workplan.edit_task", task)
    note = note.strip()
    if not note:
        raise Refused("请填写完成情况。")
    with transaction.atomic():
        locked = _lock(task)
        if locked.subtasks.exclude(status=TaskStatus.DONE).exists():
            raise Refused("还有未完成的子任务，请先完成或调整子任务。")
        _move(locked, TaskStatus.DONE, by)
        locked.completed_at = timezone.now()
        locked.completion_note = note
        locked.progress_percent = 100
        locked.save(
            update_fields=["status", "completed_at", "completion_note", "progress_percent", "updated_at"]
        )
        late = locked.done_late
        record(
            "workplan.task_completed",
            obj=locked,
            actor=by,
            summary=f"任务完成{'（超过时限）' if late else ''}：{locked.title}",
            after={"completed_at": locked.completed_at, "due_date": locked.due_date, "late": late},
        )
    return locked


def extend_task(task: Task, new_due: date, reason: str, *, by: Any) -> Task:
    """公开办/督查员 move a time limit (also after it passed); an overdue task becomes open again."""
    require_actor(by, "workplan.extend_task", task)
    reason = reason.strip()
    if not reason:
        raise Refused("请填写调整时限的理由。")
    if new_due < today():
        raise Refused("新的完成时限不能早于今天。")
    with transaction.atomic():
        locked = _lock(task)
        if locked.status == TaskStatus.DONE:
            raise Refused("任务已完成，不需要调整时限。")
        _check_due(locked, new_due)
        old_due = locked.due_date
        old_status = locked.status
        if locked.status == TaskStatus.OVERDUE:
            target = (
                TaskStatus.IN_PROGRESS
                if locked.started_at or locked.last_reported_at
                else TaskStatus.NOT_STARTED
            )
            _move(locked, target, by)
            locked.overdue_since = None
        locked.due_date = new_due
        locked.save(update_fields=["due_date", "status", "overdue_since", "updated_at"])
        record(
            "workplan.task_extended",
            obj=locked,
            actor=by,
            summary=f"调整完成时限 {old_due:%Y-%m-%d} → {new_due:%Y-%m-%d}：{reason}",
            before={"due_date": old_due, "status": old_status},
            after={"due_date": new_due, "status": locked.status, "reason": reason},
        )
    return locked


def reopen_task(task: Task, reason: str, *, by: Any) -> Task:
    require_actor(by, "workplan.extend_task", task)
    reason = reason.strip()
    if not reason:
        raise Refused("请填写重新打开的理由。")
    with transaction.atomic():
        locked = _lock(task)
        _move(locked, TaskStatus.IN_PROGRESS, by, allowed_from=frozenset({TaskStatus.DONE}))
        completed = locked.completed_at
        locked.completed_at = None
        _mark_overdue_if_past(locked, today())
        locked.save(update_fields=["status", "completed_at", "overdue_since", "updated_at"])
        record(
            "workplan.task_reopened",
            obj=locked,
            actor=by,
            summary=f"重新打开任务：{reason}",
            before={"status": TaskStatus.DONE, "completed_at": completed},
            after={"status": locked.status, "reason": reason},
        )
    return locked


def sweep_overdue(day: date | None = None) -> int:
    """Mark open tasks whose time limit has passed as 逾期. Idempotent; safe to run concurrently.

    Each row is claimed with a conditional update (status still open), so two sweepers never both
    record the same task.
    """
    day = day or today()
    marked = 0
    for pk, status in Task.objects.past_due(day).values_list("pk", "status"):
        with transaction.atomic():
            claimed = Task.objects.filter(pk=pk, status=status, due_date__lt=day).update(
                status=TaskStatus.OVERDUE, overdue_since=day, updated_at=timezone.now()
            )
            if claimed != 1:
                continue
            task = Task.objects.select_related("item").get(pk=pk)
            record(
                "workplan.task_overdue",
                obj=task,
                actor=None,
                summary=f"超过完成时限（{task.due_date:%Y-%m-%d}）未完成：{task.item.number}{task.title}",
                before={"status": status},
                after={"status": TaskStatus.OVERDUE, "overdue_since": day},
            )
            marked += 1
    return marked
