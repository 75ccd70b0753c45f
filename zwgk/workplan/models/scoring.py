"""Performance scoring of the year's implementation (item 十九: the ledger is the basis of the assessment)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zwgk.agencies.models import AgencyKind
from zwgk.workplan.models.plan import Plan


class RuleKind(models.TextChoices):
    """How a score-sheet line counts; the computation is in zwgk.workplan.scoring."""

    OVERDUE_TASKS = "overdue_tasks", "逾期未完成的任务（每项扣分）"
    LATE_DONE = "late_done", "超过时限才完成的任务（每项扣分）"
    ON_TIME_RATIO = "on_time_ratio", "到期任务按时完成率（按比例得分）"
    LEDGER_INCOMPLETE = "ledger_incomplete", "未明确责任人的任务（每项扣分）"
    NO_PROGRESS = "no_progress", "没有进展报告的任务（每项扣分）"
    FINDINGS = "findings", "督查发现的问题（每个扣分）"
    UNRECTIFIED = "unrectified", "超过整改时限未整改的问题（每个扣分）"
    POOR_RATING = "poor_rating", "督查评价为“差”（每次扣分）"
    BULLETINS = "bulletins", "被通报（每次扣分）"
    NO_LIAISON = "no_liaison", "联络员未备案（扣分）"
    NO_TRAINING = "no_training", "本年无人参加政务公开培训（扣分）"
    REVIEW_OPEN = "review_open", "回头看事项未整改到位（每项扣分）"


class ScoreSheet(models.Model):
    """The year's score sheet: lines with points and rules, edited by the 公开办."""

    plan = models.OneToOneField(
        Plan, on_delete=models.CASCADE, related_name="score_sheet", verbose_name="工作要点"
    )
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "评分表"
        verbose_name_plural = "评分表"

    def __str__(self) -> str:
        return f"{self.plan.year}年政务公开工作评分表"


class ScoreLine(models.Model):
    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="lines", verbose_name="评分表"
    )
    sort = models.PositiveSmallIntegerField("排序", default=10)
    name = models.CharField("考核内容", max_length=100)
    rule = models.CharField("计分规则", max_length=30, choices=RuleKind.choices)
    max_points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    per_item = models.DecimalField(
        "每项扣分", max_digits=6, decimal_places=2, default=0, help_text="按比例得分的规则不使用此项"
    )

    class Meta:
        verbose_name = "评分项"
        verbose_name_plural = "评分项"
        ordering = ["sheet", "sort", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rule__in=RuleKind.values), name="workplan_scoreline_rule"
            ),
            models.CheckConstraint(condition=models.Q(max_points__gte=0), name="workplan_scoreline_points"),
            models.CheckConstraint(condition=models.Q(per_item__gte=0), name="workplan_scoreline_per_item"),
        ]

    def __str__(self) -> str:
        return self.name


class AssessmentWeight(models.Model):
    """The weight of 政务公开 in the overall performance assessment of one kind of unit (item 十七)."""

    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="weights", verbose_name="评分表"
    )
    kind = models.CharField("单位类型", max_length=30, choices=AgencyKind.choices)
    percent = models.DecimalField("分值权重（%）", max_digits=5, decimal_places=2)
    note = models.CharField("依据", max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    entered_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = "绩效考核权重"
        verbose_name_plural = "绩效考核权重"
        ordering = ["sheet", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "kind"], name="workplan_weight_per_kind"),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0) & models.Q(percent__lte=100), name="workplan_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.percent}%"


class ScoreAdjustment(models.Model):
    """A manual adjustment of a unit's score, with its reason (append-only; correct with a counter-entry)."""

    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="adjustments", verbose_name="评分表"
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    points = models.DecimalField("加减分", max_digits=6, decimal_places=2)
    reason = models.TextField("理由")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "评分调整"
        verbose_name_plural = "评分调整"
        ordering = ["sheet", "agency__sort_order", "at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(points=0), name="workplan_adjustment_nonzero"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="workplan_adjustment_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.points:+}"


class ScoreResult(models.Model):
    """A unit's computed score (stored when the 公开办 computes the scores, so the result stays as announced)."""

    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="results", verbose_name="评分表"
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    total = models.DecimalField("得分", max_digits=7, decimal_places=2)
    adjustments = models.DecimalField("调整分", max_digits=7, decimal_places=2, default=0)
    lines = models.JSONField("各项得分", default=list)
    computed_at = models.DateTimeField("计算时间")
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "单位得分"
        verbose_name_plural = "单位得分"
        ordering = ["sheet", "-total", "agency__sort_order"]
        constraints = [models.UniqueConstraint(fields=["sheet", "agency"], name="workplan_result_per_unit")]

    def __str__(self) -> str:
        return f"{self.agency} {self.total}"
