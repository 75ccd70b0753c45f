"""Every state change of 征求意见: drafting and publishing a consultation, receiving a comment (only while it is
open), moderating it (screened and masked before it can be shown), grouping comments into themes with a decision,
and publishing the feedback report. Each is atomic, permission-checked and audited."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.audit.log import record
from zwgk.core.errors import Refused
from zwgk.core.signals import announce_public_change
from zwgk.participation import paragraphs
from zwgk.participation.models import Comment, CommentStatus, Consultation, Decision, Status, Theme
from zwgk.screening import Screener, mask_text

CONSULTATION_FIELDS = (
    "agency",
    "title",
    "summary",
    "draft_text",
    "draft_record",
    "final_record",
    "opens_on",
    "closes_on",
    "contact_required",
    "comment_display",
    "channels",
)


def _today() -> date:
    return timezone.localdate()


def _locked(c: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=c.pk)


@transaction.atomic
def save_consultation(c: Consultation | None, data: Mapping[str, Any], *, by: Any) -> Consultation:
    target = Consultation(created_by=by) if c is None else _locked(c)
    before = None if c is None else {f: str(getattr(target, f)) for f in CONSULTATION_FIELDS}
    for f in CONSULTATION_FIELDS:
        if f in data:
            setattr(target, f, data[f])
    require(by, "participation.edit", target)
    if target.closes_on < target.opens_on:
        raise Refused("截止日期不能早于开始日期。")
    # 《重大行政决策程序暂行条例》第十五条: comment periods are normally at least 30 days (a setting; shorter
    # periods need a reason in the 起草说明).
    days = (target.closes_on - target.opens_on).days + 1
    if days < settings.PARTICIPATION_MIN_DAYS and "期限" not in target.summary:
        raise Refused(
            f"征求意见期限一般不少于 {settings.PARTICIPATION_MIN_DAYS} 日；确需缩短的，请在起草说明中写明缩短期限的理由。"
        )
    if not paragraphs.split(target.draft_text):
        raise Refused("请填写草案全文。")
    if (
        target.status == Status.PUBLISHED
        and c is not None
        and c.opens_on <= _today()
        and "draft_text" in data
    ) and data["draft_text"] != Consultation.objects.get(pk=c.pk).draft_text:
        raise Refused("征求意见开始后不能修改草案全文（已收到的意见针对原文）；请撤下后重新发布。")
    target.save()
    record(
        "participation.saved",
        obj=target,
        actor=by,
        before=before,
        after={f: str(getattr(target, f)) for f in CONSULTATION_FIELDS},
    )
    if target.status == Status.PUBLISHED:
        announce_public_change(Consultation, target.pk, "consultation")
    return target


@transaction.atomic
def publish(c: Consultation, *, by: Any, on: date | None = None) -> Consultation:
    """Publish the draft for comment. `on` back-dates the publication (demo and tests only)."""
    c = _locked(c)
    require(by, "participation.publish", c)
    if c.status == Status.PUBLISHED:
        raise Refused("已经发布。")
    if c.closes_on < (on or _today()):
        raise Refused("截止日期已过，请先修改征求意见期限。")
    c.status = Status.PUBLISHED
    c.published_at = timezone.now()
    c.save(update_fields=["status", "published_at", "updated_at"])
    record(
        "participation.published", obj=c, actor=by, after={"opens_on": c.opens_on, "closes_on": c.closes_on}
    )
    announce_public_change(Consultation, c.pk, "consultation")
    return c


@transaction.atomic
def withdraw(c: Consultation, reason: str, *, by: Any) -> Consultation:
    c = _locked(c)
    require(by, "participation.publish", c)
    if c.status != Status.PUBLISHED:
        raise Refused("只有已发布的征求意见可以撤下。")
    if not reason.strip():
        raise Refused("请填写撤下理由。")
    c.status = Status.WITHDRAWN
    c.save(update_fields=["status", "updated_at"])
    record("participation.withdrawn", obj=c, actor=by, summary=reason.strip()[:200])
    announce_public_change(Consultation, c.pk, "consultation")
    return c


def submit_comment(c: Consultation, data: Mapping[str, Any], *, on: date | None = None) -> Comment:
    """A visitor's comment on the whole draft (unit None) or on one article/paragraph; refused outside the period."""
    today = on or _today()
    with transaction.atomic():
        c = Consultation.objects.select_for_update().get(pk=c.pk)
        if not c.is_open(today):
            raise Refused("该草案不在征求意见期内，不再接收意见。")
        text = (data.get("text") or "").strip()
        if not text:
            raise Refused("请填写意见。")
        if c.contact_required and not (
            (data.get("phone") or "").strip() or (data.get("email") or "").strip()
        ):
            raise Refused("本次征求意见须留下联系电话或电子邮箱。")
        unit_number = data.get("unit")
        label = ""
        if unit_number:
            units = {u.number: u for u in paragraphs.split(c.draft_text) if not u.heading}
            if int(unit_number) not in units:
                raise Refused("所选条款不存在。")
            label = units[int(unit_number)].label
        comment = Comment.objects.create(
            consultation=c,
            unit_number=int(unit_number) if unit_number else None,
            unit_label=label,
            text=text[:5000],
            name=(data.get("name") or "").strip()[:50],
            phone=(data.get("phone") or "").strip()[:30],
            email=(data.get("email") or "").strip()[:254],
        )
        record(
            "participation.comment_received", obj=c, actor=None, after={"comment": comment.pk, "unit": label}
        )
    return comment


def _public_text(comment: Comment) -> str:
    masked = mask_text(comment.text, Screener().scan(comment.text))
    for own in (comment.name, comment.phone, comment.email):
        if own and len(own.strip()) >= 2:
            masked = masked.replace(own.strip(), "*" * len(own.strip()))
    return masked


@transaction.atomic
def moderate(comment: Comment, *, approve: bool, by: Any, reason: str = "") -> Comment:
    comment = (
        Comment.objects.select_for_update(of=("self",)).select_related("consultation").get(pk=comment.pk)
    )
    require(by, "participation.moderate", comment.consultation)
    if approve:
        comment.status = CommentStatus.APPROVED
        comment.public_text = _public_text(comment)
    else:
        if not reason.strip():
            raise Refused("请填写不予显示的理由（如广告、人身攻击、与草案无关）。")
        comment.status = CommentStatus.REJECTED
        comment.public_text = ""
        comment.reject_reason = reason.strip()[:200]
    comment.moderated_by = by
    comment.save(update_fields=["status", "public_text", "reject_reason", "moderated_by"])
    record(
        "participation.comment_moderated",
        obj=comment.consultation,
        actor=by,
        after={"comment": comment.pk, "status": comment.status},
    )
    announce_public_change(Consultation, comment.consultation_id, "consultation")
    return comment


@transaction.atomic
def save_theme(
    c: Consultation,
    theme: Theme | None,
    *,
    title: str,
    decision: str,
    reason: str,
    comment_ids: list[int],
    by: Any,
) -> Theme:
    require(by, "participation.edit", c)
    if not title.strip():
        raise Refused("请填写意见归纳。")
    if decision and decision not in Decision.values:
        raise Refused("请选择采纳、部分采纳或未采纳。")
    if decision in (Decision.PARTLY, Decision.NOT_ADOPTED) and not reason.strip():
        raise Refused("部分采纳或未采纳的，须说明理由。")
    target = theme or Theme(consultation=c)
    target.title, target.decision, target.reason = title.strip()[:200], decision, reason.strip()
    target.save()
    c.comments.filter(pk__in=comment_ids).exclude(status=CommentStatus.REJECTED).update(theme=target)
    record(
        "participation.theme_saved",
        obj=c,
        actor=by,
        after={"theme": target.pk, "decision": decision, "comments": len(comment_ids)},
    )
    return target


@transaction.atomic
def publish_feedback(c: Consultation, text: str, *, by: Any) -> Consultation:
    """意见采纳情况: after the period, with every received comment either in a decided theme or not shown."""
    c = _locked(c)
    require(by, "participation.publish", c)
    if c.is_open() or c.closes_on >= _today():
        raise Refused("征求意见期结束后才能公布采纳情况。")
    problems = []
    loose = c.comments.filter(theme__isnull=True).exclude(status=CommentStatus.REJECTED).count()
    if loose:
        problems.append(f"还有 {loose} 条意见未归入任何意见归纳。")
    undecided = c.themes.filter(decision="").count()
    if undecided:
        problems.append(f"还有 {undecided} 项意见归纳未确定采纳情况。")
    pending = c.comments.filter(status=CommentStatus.PENDING).count()
    if pending and c.comment_display == "all":
        problems.append(f"还有 {pending} 条意见未审核。")
    if problems:
        raise Refused("暂不能公布采纳情况：", problems)
    c.feedback_text = text.strip()
    c.feedback_published_at = timezone.now()
    c.save(update_fields=["feedback_text", "feedback_published_at", "updated_at"])
    record("participation.feedback_published", obj=c, actor=by, after=feedback_counts(c))
    announce_public_change(Consultation, c.pk, "consultation")
    return c


def feedback_counts(c: Consultation) -> dict[str, Any]:
    """The figures of the feedback report: comments received, by article, by decision."""
    comments = list(c.comments.select_related("theme"))
    by_unit: dict[str, int] = {}
    for comment in comments:
        key = comment.unit_label or "总体意见"
        by_unit[key] = by_unit.get(key, 0) + 1
    by_decision = {d.value: 0 for d in Decision}
    for comment in comments:
        if comment.theme is not None and comment.theme.decision:
            by_decision[comment.theme.decision] += 1
    return {"received": len(comments), "by_unit": by_unit, "by_decision": by_decision}


def focus_points(c: Consultation, limit: int = 5) -> list[tuple[str, int]]:
    """The themes with the most comments: the 解读重点 offered when the final policy is interpreted (item 十)."""
    rows = [(t.title, t.comments.count()) for t in c.themes.all()]
    return sorted([r for r in rows if r[1]], key=lambda r: -r[1])[:limit]
