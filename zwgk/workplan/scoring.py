"""Unit scores from the ledger and inspections (item 十九: the ledger is the basis of the performance score).

The score sheet is configured per year (ScoreLine rows). Count rules deduct `per_item` for each occurrence,
never below zero for the line; the ratio rule gives `max_points × share of tasks done on time`. Counts use
the units' ledger rows (top-level tasks), so splitting a task into sub-tasks never costs points.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from zwgk.agencies.models import Agency, AgencyKind
from zwgk.workplan.models import (
    BulletinEntry,
    Duty,
    FilingStatus,
    Finding,
    Inspection,
    InspectionRating,
    LiaisonFiling,
    ReviewItem,
    ReviewStatus,
    RuleKind,
    ScoreAdjustment,
    ScoreLine,
    ScoreSheet,
    Task,
    TaskStatus,
    TrainingAttendance,
)

# (sort, name, rule, max points, points per occurrence); sums to 100. The 公开办 edits the sheet per year.
DEFAULT_LINES: list[tuple[int, str, str, str, str]] = [
    (10, "建立工作台账，逐项明确责任人", RuleKind.LEDGER_INCOMPLETE, "10", "1"),
    (20, "到期任务按时完成", RuleKind.ON_TIME_RATIO, "20", "0"),
    (30, "无逾期未完成任务", RuleKind.OVERDUE_TASKS, "20", "5"),
    (40, "未超过时限完成", RuleKind.LATE_DONE, "5", "1"),
    (50, "逐项跟进、报送进展", RuleKind.NO_PROGRESS, "10", "1"),
    (60, "督查未发现问题", RuleKind.FINDINGS, "10", "2"),
    (70, "督查问题按期整改", RuleKind.UNRECTIFIED, "5", "2.5"),
    (80, "未被通报", RuleKind.BULLETINS, "5", "5"),
    (90, "联络员备案（要点第十八项）", RuleKind.NO_LIAISON, "5", "5"),
    (100, "参加政务公开培训（要点第十八项）", RuleKind.NO_TRAINING, "5", "5"),
    (110, "上年度事项回头看整改到位", RuleKind.REVIEW_OPEN, "5", "2.5"),
]
RATIO_RULES = frozenset({RuleKind.ON_TIME_RATIO})
TWO_PLACES = Decimal("0.01")


@dataclass
class Facts:
    """What the rules count for one unit."""

    counts: Counter[str] = field(default_factory=Counter)
    on_time: int = 0
    due: int = 0

    def ratio(self) -> float | None:
        return self.on_time / self.due if self.due else None


@dataclass
class LineScore:
    name: str
    rule: str
    max_points: Decimal
    points: Decimal
    detail: str


@dataclass
class UnitScore:
    agency: Agency
    lines: list[LineScore]
    adjustments: Decimal
    total: Decimal


def _q(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def line_points(rule: str, max_points: Decimal, per_item: Decimal, facts: Facts) -> tuple[Decimal, str]:
    """Points of one line for one unit, and how they came about (pure function)."""
    if rule in RATIO_RULES:
        ratio = facts.ratio()
        if ratio is None:
            return _q(max_points), "尚无到期任务"
        return _q(max_points * Decimal(str(ratio))), f"按时完成 {facts.on_time}/{facts.due}"
    count = facts.counts[rule]
    points = max(Decimal(0), max_points - per_item * count)
    return _q(points), f"{count} 项" if count else "无"


def collect_facts(sheet: ScoreSheet, day: date) -> dict[int, Facts]:
    """Facts for every unit with a ledger row in the sheet's plan (a few grouped queries)."""
    plan = sheet.plan
    facts: dict[int, Facts] = defaultdict(Facts)
    rows = Task.objects.filter(plan=plan, parent__isnull=True).annotate(n_reports=Count("reports"))
    for task in rows.only("agency_id", "status", "due_date", "completed_at", "responsible_person"):
        unit = facts[task.agency_id]
        if task.status == TaskStatus.OVERDUE:
            unit.counts[RuleKind.OVERDUE_TASKS] += 1
        if not task.responsible_person.strip():
            unit.counts[RuleKind.LEDGER_INCOMPLETE] += 1
        if task.n_reports == 0 and task.status != TaskStatus.DONE:
            unit.counts[RuleKind.NO_PROGRESS] += 1
        done_on = timezone.localdate(task.completed_at) if task.completed_at else None
        if done_on is not None and done_on > task.due_date:
            unit.counts[RuleKind.LATE_DONE] += 1
        if task.due_date < day or done_on is not None:
            unit.due += 1
            if done_on is not None and done_on <= task.due_date:
                unit.on_time += 1
    agency_ids = list(facts)
    for unit_id, found, late in (
        Finding.objects.filter(inspection__plan=plan)
        .values("inspection__agency_id")
        .annotate(
            n=Count("id"),
            late=Count("id", filter=Q(rectified_at__isnull=True, rectify_by__lt=day)),
        )
        .values_list("inspection__agency_id", "n", "late")
    ):
        facts[unit_id].counts[RuleKind.FINDINGS] += found
        facts[unit_id].counts[RuleKind.UNRECTIFIED] += late
    grouped = [
        (RuleKind.POOR_RATING, Inspection.objects.filter(plan=plan, rating=InspectionRating.POOR)),
        (RuleKind.BULLETINS, BulletinEntry.objects.filter(bulletin__plan=plan)),
        (RuleKind.REVIEW_OPEN, ReviewItem.objects.filter(plan=plan).exclude(status=ReviewStatus.VERIFIED)),
    ]
    for rule, rows_of_rule in grouped:
        for unit_id, n in (
            rows_of_rule.values("agency_id").annotate(n=Count("id")).values_list("agency_id", "n")
        ):
            facts[unit_id].counts[rule] += n
    filed = set(
        LiaisonFiling.objects.filter(
            status=FilingStatus.FILED, member__active=True, member__duty=Duty.LIAISON
        ).values_list("agency_id", flat=True)
    )
    trained = set(
        TrainingAttendance.objects.filter(session__held_on__year=plan.year).values_list(
            "agency_id", flat=True
        )
    )
    for agency_id in agency_ids:
        if agency_id not in filed:
            facts[agency_id].counts[RuleKind.NO_LIAISON] = 1
        if agency_id not in trained:
            facts[agency_id].counts[RuleKind.NO_TRAINING] = 1
    return {agency_id: facts[agency_id] for agency_id in agency_ids}


def compute(sheet: ScoreSheet, day: date | None = None) -> list[UnitScore]:
    """Every unit's score under the sheet, highest first."""
    day = day or timezone.localdate()
    lines = list(sheet.lines.all())
    facts = collect_facts(sheet, day)
    adjustments = {
        row["agency_id"]: row["total"]
        for row in ScoreAdjustment.objects.filter(sheet=sheet)
        .values("agency_id")
        .annotate(total=Sum("points"))
    }
    agencies = Agency.objects.in_bulk(list(facts))
    scores = []
    for agency_id, unit in facts.items():
        scored = [
            LineScore(
                line.name,
                line.rule,
                line.max_points,
                *line_points(line.rule, line.max_points, line.per_item, unit),
            )
            for line in lines
        ]
        adjustment = _q(Decimal(adjustments.get(agency_id) or 0))
        total = _q(sum((s.points for s in scored), Decimal(0)) + adjustment)
        scores.append(UnitScore(agencies[agency_id], scored, adjustment, total))
    scores.sort(key=lambda s: (-s.total, s.agency.sort_order, s.agency.code))
    return scores


def full_marks(lines: list[ScoreLine]) -> Decimal:
    return _q(sum((line.max_points for line in lines), Decimal(0)))


@dataclass(frozen=True)
class WeightCheck:
    kind: str
    label: str
    units: int
    percent: Decimal | None
    ok: bool | None  # None: not entered yet
    entered_by: str = ""


def weight_checks(sheet: ScoreSheet) -> list[WeightCheck]:
    """Item 十七: the weight of 政务公开 in each kind of unit's assessment must be at least the floor (4%)."""
    minimum = Decimal(settings.WORKPLAN_MIN_WEIGHT_PERCENT)
    weights = {w.kind: w for w in sheet.weights.select_related("entered_by")}
    kinds = Counter(
        Agency.objects.filter(pk__in=Task.objects.filter(plan=sheet.plan).values("agency_id")).values_list(
            "kind", flat=True
        )
    )
    labels = dict(AgencyKind.choices)
    checks = []
    for kind, _label in AgencyKind.choices:
        if kind not in kinds and kind not in weights:
            continue
        weight = weights.get(kind)
        checks.append(
            WeightCheck(
                kind=kind,
                label=labels[kind],
                units=kinds.get(kind, 0),
                percent=weight.percent if weight else None,
                ok=(weight.percent >= minimum) if weight else None,
                entered_by=weight.entered_by.display_name if weight else "",
            )
        )
    return checks


def as_rows(scores: list[UnitScore]) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows for the .xlsx export and the page."""
    if not scores:
        return ["排名", "单位", "调整分", "总分"], []
    headers = ["排名", "单位", *[line.name for line in scores[0].lines], "调整分", "总分"]
    rows = [
        [
            rank,
            s.agency.short_name,
            *[float(line.points) for line in s.lines],
            float(s.adjustments),
            float(s.total),
        ]
        for rank, s in enumerate(scores, start=1)
    ]
    return headers, rows
