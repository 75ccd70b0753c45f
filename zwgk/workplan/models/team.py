"""Each unit's 政务公开 team (liaison, staff), liaison filings (备案) and training records (item 十七/十八)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zwgk.core.workflow import Workflow
from zwgk.workplan.models.supervision import AgencyScopedQuerySet


class Duty(models.TextChoices):
    LEADER = "leader", "分管领导"
    LIAISON = "liaison", "联络员"
    STAFF = "staff", "工作人员"


class TeamMember(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    duty = models.CharField("分工", max_length=20, choices=Duty.choices, default=Duty.STAFF)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="平台账号",
    )
    active = models.BooleanField("在岗", default=True)
    since = models.DateField("起始日期", null=True, blank=True)
    left_on = models.DateField("离岗日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "政务公开工作人员"
        verbose_name_plural = "政务公开工作人员"
        ordering = ["agency__sort_order", "-active", "duty", "id"]
        constraints = [
            # Item 十八: each unit has one liaison (联络员) at a time.
            models.UniqueConstraint(
                fields=["agency"],
                condition=models.Q(duty="liaison", active=True),
                name="workplan_one_active_liaison",
            ),
            models.CheckConstraint(condition=models.Q(duty__in=Duty.values), name="workplan_member_duty"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_duty_display()}）"


class FilingKind(models.TextChoices):
    APPOINT = "appoint", "联络员首次备案"
    CHANGE = "change", "联络员变更备案"


class FilingStatus(models.TextChoices):
    SUBMITTED = "submitted", "待备案"
    FILED = "filed", "已备案"
    RETURNED = "returned", "退回补充"


FILING_FLOW = Workflow(
    {
        (FilingStatus.SUBMITTED, FilingStatus.FILED): "workplan.file_liaison",
        (FilingStatus.SUBMITTED, FilingStatus.RETURNED): "workplan.file_liaison",
        (FilingStatus.RETURNED, FilingStatus.SUBMITTED): "workplan.manage_team",
    },
    labels=dict(FilingStatus.choices),
    illegal_message="该备案当前为“{current}”，不能改为“{target}”。",
)


class LiaisonFiling(models.Model):
    """Item 十八: a change of 政务公开 staff needs a handover and is filed at once with the district office."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    kind = models.CharField("类别", max_length=20, choices=FilingKind.choices)
    previous = models.ForeignKey(
        TeamMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="原联络员",
    )
    member = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="+", verbose_name="联络员")
    handover = models.TextField("工作交接情况", blank=True)
    effective_on = models.DateField("变更日期")
    status = models.CharField(
        "状态", max_length=20, choices=FilingStatus.choices, default=FilingStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="报送人"
    )
    submitted_at = models.DateTimeField("报送时间")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="备案人",
    )
    reviewed_at = models.DateTimeField("备案时间", null=True, blank=True)
    review_note = models.TextField("备案意见", blank=True)

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "联络员备案"
        verbose_name_plural = "联络员备案"
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=FilingStatus.values), name="workplan_filing_status"
            ),
            # A change of liaison is filed only with its handover record.
            models.CheckConstraint(
                condition=~models.Q(kind=FilingKind.CHANGE) | ~models.Q(handover=""),
                name="workplan_change_needs_handover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_kind_display()} {self.member.name}"


class TrainingForm(models.TextChoices):
    # Item 十八 names these forms: 集中授课、点对点指导、一对一答疑.
    LECTURE = "lecture", "集中授课"
    GUIDANCE = "guidance", "点对点指导"
    QA = "qa", "一对一答疑"
    VIDEO = "video", "视频会议"
    OTHER = "other", "其他"


class TrainingSession(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="组织单位"
    )
    title = models.CharField("培训名称", max_length=200)
    held_on = models.DateField("培训日期")
    form = models.CharField("培训形式", max_length=20, choices=TrainingForm.choices)
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1, default=0)
    location = models.CharField("地点", max_length=100, blank=True)
    content = models.TextField("培训内容", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class TrainingAttendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendees", verbose_name="培训"
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务", max_length=60, blank=True)
    member = models.ForeignKey(
        TeamMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="attendances"
    )

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "参训人员"
        verbose_name_plural = "参训人员"
        ordering = ["session", "agency__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "agency", "name"], name="workplan_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.name}"
