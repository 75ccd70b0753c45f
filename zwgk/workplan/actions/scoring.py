"""Score sheet configuration, the assessment weight, manual adjustments, and computing the scores."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.agencies.models import Agency, AgencyKind
from zwgk.audit.log import record
from zwgk.core.errors import Refused
from zwgk.workplan import scoring
from zwgk.workplan.actions.common import actor_or_none, require_actor
from zwgk.workplan.models import (
    AssessmentWeight,
    Plan,
    RuleKind,
    ScoreAdjustment,
    ScoreLine,
    ScoreResult,
    ScoreSheet,
)


def ensure_sheet(plan: Plan, *, by: Any) -> ScoreSheet:
    """The plan's score sheet, created with the default lines the first time."""
    existing = ScoreSheet.objects.filter(plan=plan).first()
    if existing is not None:
        return existing
    require_actor(by, "workplan.manage_scores")
    with transaction.atomic():
        sheet, created = ScoreSheet.objects.get_or_create(plan=plan)
        if created:
            ScoreLine.objects.bulk_create(
                [
                    ScoreLine(
                        sheet=sheet,
                        sort=sort,
                        name=name,
                        rule=rule,
                        max_points=Decimal(points),
                        per_item=Decimal(per),
                    )
                    for sort, name, rule, points, per in scoring.DEFAULT_LINES
                ]
            )
            record(
                "workplan.score_sheet_created",
                obj=sheet,
                actor=by,
                summary=f"建立{plan.year}年评分表（默认 {len(scoring.DEFAULT_LINES)} 项）",
            )
    return sheet


def _decimal(value: Any, label: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise Refused(f"{label}应为数字。") from None
    if not number.is_finite():
        raise Refused(f"{label}应为数字。")
    return number


def save_line(sheet: ScoreSheet, line: ScoreLine | None, data: dict[str, Any], *, by: Any) -> ScoreLine:
    require_actor(by, "workplan.manage_scores")
    name = str(data.get("name", "")).strip()
    rule = str(data.get("rule", ""))
    if not name:
        raise Refused("请填写考核内容。")
    if rule not in RuleKind.values:
        raise Refused("请选择计分规则。")
    max_points = _decimal(data.get("max_points"), "分值")
    per_item = _decimal(data.get("per_item") or 0, "每项扣分")
    if max_points < 0 or per_item < 0:
        raise Refused("分值和每项扣分不能为负数。")
    with transaction.atomic():
        before = None
        if line is None:
            line = ScoreLine(sheet=sheet)
        else:
            before = {
                "name": line.name,
                "rule": line.rule,
                "max_points": line.max_points,
                "per_item": line.per_item,
            }
        line.name = name[:100]
        line.rule = rule
        line.max_points = max_points
        line.per_item = per_item
        line.sort = int(data.get("sort") or line.sort or 10)
        line.save()
        record(
            "workplan.score_line_saved",
            obj=sheet,
            actor=by,
            summary=f"评分项“{line.name}”：{line.get_rule_display()}，分值 {max_points}",
            before=before,
            after={"name": line.name, "rule": rule, "max_points": max_points, "per_item": per_item},
        )
    return line


def delete_line(line: ScoreLine, *, by: Any) -> None:
    require_actor(by, "workplan.manage_scores")
    with transaction.atomic():
        record(
            "workplan.score_line_deleted",
            obj=line.sheet,
            actor=by,
            summary=f"删除评分项“{line.name}”",
            before={
                "name": line.name,
                "rule": line.rule,
                "max_points": line.max_points,
                "per_item": line.per_item,
            },
        )
        line.delete()


def set_weight(sheet: ScoreSheet, kind: str, percent: Any, *, by: Any, note: str = "") -> AssessmentWeight:
    """The assessment office enters the weight of 政务公开 in a kind of unit's overall assessment (item 十七)."""
    require_actor(by, "workplan.enter_weight")
    if kind not in AgencyKind.values:
        raise Refused("请选择单位类型。")
    value = _decimal(percent, "分值权重")
    if not Decimal(0) <= value <= Decimal(100):
        raise Refused("分值权重应在 0 到 100 之间。")
    with transaction.atomic():
        weight = AssessmentWeight.objects.filter(sheet=sheet, kind=kind).first()
        before = {"percent": weight.percent, "note": weight.note} if weight else None
        if weight is None:
            weight = AssessmentWeight(sheet=sheet, kind=kind)
        weight.percent = value
        weight.note = note.strip()[:200]
        weight.entered_by = by
        weight.save()
        record(
            "workplan.weight_entered",
            obj=sheet,
            actor=by,
            summary=f"录入{weight.get_kind_display()}政务公开绩效考核分值权重 {value}%",
            before=before,
            after={"kind": kind, "percent": value, "note": weight.note},
        )
    return weight


def adjust_score(sheet: ScoreSheet, agency: Agency, points: Any, reason: str, *, by: Any) -> ScoreAdjustment:
    require_actor(by, "workplan.manage_scores")
    value = _decimal(points, "加减分")
    reason = reason.strip()
    if value == 0:
        raise Refused("加减分不能为 0。")
    if abs(value) > 100:
        raise Refused("单次加减分不能超过 100 分。")
    if len(reason) < 4:
        raise Refused("请写明加减分的理由。")
    with transaction.atomic():
        adjustment = ScoreAdjustment.objects.create(
            sheet=sheet, agency=agency, points=value, reason=reason, by=by
        )
        record(
            "workplan.score_adjusted",
            obj=sheet,
            actor=by,
            agency=agency,
            summary=f"{agency}{'加' if value > 0 else '减'}{abs(value)}分：{reason[:100]}",
            after={"agency": agency.pk, "points": value, "reason": reason},
        )
    return adjustment


def compute_scores(sheet: ScoreSheet, *, by: Any) -> list[ScoreResult]:
    """Compute and store every unit's score (the stored result is what was announced)."""
    require_actor(by, "workplan.manage_scores")
    now = timezone.now()
    scores = scoring.compute(sheet, timezone.localdate())
    with transaction.atomic():
        before = {r.agency.short_name: r.total for r in sheet.results.select_related("agency")}
        results = []
        for score in scores:
            result, _ = ScoreResult.objects.update_or_create(
                sheet=sheet,
                agency=score.agency,
                defaults={
                    "total": score.total,
                    "adjustments": score.adjustments,
                    "lines": [
                        {
                            "name": line.name,
                            "rule": line.rule,
                            "max": str(line.max_points),
                            "points": str(line.points),
                            "detail": line.detail,
                        }
                        for line in score.lines
                    ],
                    "computed_at": now,
                    "computed_by": actor_or_none(by),
                },
            )
            results.append(result)
        sheet.results.exclude(agency__in=[s.agency for s in scores]).delete()
        record(
            "workplan.scores_computed",
            obj=sheet,
            actor=by,
            summary=f"计算{sheet.plan.year}年各单位得分（{len(results)} 个单位）",
            before=before or None,
            after={s.agency.short_name: s.total for s in scores},
        )
    return results
