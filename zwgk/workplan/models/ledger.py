"""The ledger (工作台账): each unit's tasks per item, milestones, progress reports and their evidence."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from zwgk.accounts.permissions import agency_scope
from zwgk.accounts.roles import Role
from zwgk.core.workflow import Workflow
from zwgk.workplan.evidence import label_of
from zwgk.workplan.models.plan import Plan, PlanItem, ResponsibilityRole


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "进行中"
    DONE = "done", "已完成"
    OVERDUE = "overdue", "逾期"


# The one table of allowed status moves (actions refuse anything else).
#   start / report progress: 未开始 → 进行中
#   complete:                未开始 / 进行中 / 逾期 → 已完成 (completion after the limit stays visible as "逾期完成")
#   sweeper:                 未开始 / 进行中 → 逾期 (the day after the time limit)
#   extend (公开办/督查员):    逾期 → 未开始 / 进行中 with a new time limit and a reason
#   reopen (公开办/督查员):    已完成 → 进行中 (e.g. an inspection finds the work not done)
TASK_FLOW = Workflow(
    {
        (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS): "workplan.edit_task",
        (TaskStatus.NOT_STARTED, TaskStatus.DONE): "workplan.edit_task",
        (TaskStatus.IN_PROGRESS, TaskStatus.DONE): "workplan.edit_task",
        (TaskStatus.OVERDUE, TaskStatus.DONE): "workplan.edit_task",
        (
            TaskStatus.NOT_STARTED,
            TaskStatus.OVERDUE,
        ): "workplan.mark_overdue",  # only the daily sweep (by=None)
        (TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE): "workplan.mark_overdue",
        (TaskStatus.OVERDUE, TaskStatus.IN_PROGRESS): "workplan.extend_task",
        (TaskStatus.OVERDUE, TaskStatus.NOT_STARTED): "workplan.extend_task",
        (TaskStatus.DONE, TaskStatus.IN_PROGRESS): "workplan.extend_task",
    },
    labels=dict(TaskStatus.choices),
    illegal_message="任务当前状态为“{current}”，不能改为“{target}”。",
)
OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)

# Everyone with a role in the unit may read its ledger; 公开办管理员 and 督查员 read every unit's.
VIEW_ROLES = tuple(Role)


class TaskQuerySet(models.QuerySet["Task"]):
    def visible_to(self, user: Any) -> TaskQuerySet:
        scope = agency_scope(user, VIEW_ROLES)
        if scope is None:
            return self
        return self.filter(agency_id__in=scope)

    def of_year(self, year: int) -> TaskQuerySet:
        return self.filter(plan__year=year)

    def top_level(self) -> TaskQuerySet:
        return self.filter(parent__isnull=True)

    def open(self) -> TaskQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def past_due(self, today: date) -> TaskQuerySet:
        """Open tasks whose time limit has passed: what the sweeper marks 逾期."""
        return self.open().filter(due_date__lt=today)

    def due_soon(self, today: date, days: int) -> TaskQuerySet:
        return self.open().filter(due_date__gte=today, due_date__lte=today + timedelta(days=days))


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name="工作要点")
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="tasks", verbose_name="条目")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="责任单位"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subtasks",
        verbose_name="上级任务",
    )
    role = models.CharField(
        "职责", max_length=20, choices=ResponsibilityRole.choices, default=ResponsibilityRole.RESPONSIBLE
    )
    title = models.CharField("任务", max_length=200)
    description = models.TextField("工作措施", blank=True)
    responsible_person = models.CharField("责任人", max_length=50, blank=True)
    responsible_phone = models.CharField("责任人电话", max_length=30, blank=True)
    due_date = models.DateField("完成时限", db_index=True)
    status = models.CharField(
        "状态", max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    progress_percent = models.PositiveSmallIntegerField("完成进度（%）", default=0)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    completion_note = models.TextField("完成情况", blank=True)
    overdue_since = models.DateField("逾期日期", null=True, blank=True)
    last_reported_at = models.DateTimeField("最近报送", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="创建人",
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "台账任务"
        verbose_name_plural = "台账任务"
        ordering = ["item__seq", "agency__sort_order", "parent_id", "id"]
        indexes = [models.Index(fields=["status", "due_date"], name="workplan_task_sweep_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=TaskStatus.values), name="workplan_task_status"
            ),
            models.CheckConstraint(
                condition=(models.Q(status=TaskStatus.DONE) & models.Q(completed_at__isnull=False))
                | (~models.Q(status=TaskStatus.DONE) & models.Q(completed_at__isnull=True)),
                name="workplan_task_done_has_completion",
            ),
            models.CheckConstraint(
                condition=models.Q(progress_percent__lte=100), name="workplan_task_progress_range"
            ),
            # One ledger row per item and unit; units split it into sub-tasks below that row.
            models.UniqueConstraint(
                fields=["item", "agency"],
                condition=models.Q(parent__isnull=True),
                name="workplan_one_main_task_per_item_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.item.number} {self.title}"

    @property
    def is_subtask(self) -> bool:
        return self.parent_id is not None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def done_late(self) -> bool:
        return (
            self.status == TaskStatus.DONE
            and self.completed_at is not None
            and timezone.localdate(self.completed_at) > self.due_date
        )

    @property
    def status_badge(self) -> str:
        return {
            TaskStatus.DONE: "ok",
            TaskStatus.OVERDUE: "danger",
            TaskStatus.IN_PROGRESS: "warning",
        }.get(TaskStatus(self.status), "")


class Milestone(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones", verbose_name="任务")
    title = models.CharField("节点", max_length=200)
    due_date = models.DateField("计划日期", null=True, blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "工作节点"
        verbose_name_plural = "工作节点"
        ordering = ["task", "due_date", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def agency_id(self) -> int:
        return self.task.agency_id


class ProgressReport(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports", verbose_name="任务")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="报送人"
    )
    created_at = models.DateTimeField("报送时间", default=timezone.now)
    text = models.TextField("进展情况")
    percent = models.PositiveSmallIntegerField("完成进度（%）", null=True, blank=True)

    class Meta:
        verbose_name = "进展报告"
        verbose_name_plural = "进展报告"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__isnull=True) | models.Q(percent__lte=100),
                name="workplan_report_percent_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.created_at:%Y-%m-%d}"


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    # Stored under a random name: the original name is kept in the row and only sent on download.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"workplan/evidence/{timezone.localdate():%Y}/{uuid.uuid4().hex}{suffix}"


class EvidenceFile(models.Model):
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="files", verbose_name="进展报告"
    )
    file = models.FileField("文件", upload_to=evidence_path, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("类型", max_length=100, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class EvidenceLink(models.Model):
    """A link to a record on the platform (a published document, an interpretation, a training …) or the web.

    `kind` names the source ("training", "document", …; see zwgk.workplan.evidence); `url` is a site path
    ("/workspace/…", "/xxgk/…") or an http(s) address.
    """

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="links", verbose_name="进展报告"
    )
    kind = models.CharField("类别", max_length=40)
    label = models.CharField("名称", max_length=200)
    url = models.CharField("链接", max_length=500)

    class Meta:
        verbose_name = "佐证链接"
        verbose_name_plural = "佐证链接"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label

    @property
    def kind_label(self) -> str:

        return label_of(self.kind)

    @property
    def is_external(self) -> bool:
        return not self.url.startswith("/")
