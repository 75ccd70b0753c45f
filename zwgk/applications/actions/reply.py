"""The reply: drafting, legal review (法律审核), redaction after screening, sending, archiving, staff notes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.applications import letters, notifications, services
from zwgk.applications.models import (
    Application,
    CorrectionRequest,
    FeeNotice,
    LegalReview,
    Letter,
    LetterKind,
    Reply,
    ReviewDecision,
    Status,
)
from zwgk.applications.outcomes import ENDING_OUTCOMES, OUTCOME_BY_KEY
from zwgk.audit.log import record
from zwgk.core import staging
from zwgk.core.errors import Refused
from zwgk.core.files import shorten_filename
from zwgk.secrecy import service as secrecy

from .common import _check, _check_day, _issue_letter, _locked, _move, _notify_applicant, _today

# --- reply, legal review, sending ------------------------------------------------------------------------

REPLY_FIELDS = ("outcome", "reasons", "provision", "referral_organ", "referral_contact", "legal_basis")


@staging.staged_atomic
def save_draft(
    app: Application, *, by: Any, data: Mapping[str, Any], attachment: UploadedFile | None = None
) -> Reply:
    app = _locked(app)
    _check(app, "draft", by)
    outcome = data.get("outcome", "")
    if outcome not in OUTCOME_BY_KEY or outcome in ENDING_OUTCOMES:
        raise Refused("请从答复类型中选择办理结果（逾期不补正、逾期未缴费通过“终止处理”办理）")
    if (
        outcome == "unavailable.unclear_after_correction"
        and not CorrectionRequest.objects.filter(application=app, corrected_on__isnull=False).exists()
    ):
        raise Refused("“补正后申请内容仍不明确”仅适用于已补正的申请（第三十条）")
    if (
        outcome != "granted"
        and outcome not in ("not_processed.publication",)
        and not str(data.get("reasons", "")).strip()
    ):
        raise Refused("请填写理由（第三十六条第（三）项等要求说明理由）")
    if (
        outcome in ("granted", "partial", "not_processed.publication")
        and not str(data.get("provision", "")).strip()
    ):
        raise Refused("请写明提供信息的方式、途径和时间（第三十六条第（二）项）")
    reply, created = Reply.objects.get_or_create(
        application=app, defaults={"outcome": outcome, "drafted_by": by}
    )
    before = {name: getattr(reply, name) for name in REPLY_FIELDS} if not created else None
    for name in REPLY_FIELDS:
        if name in data:
            setattr(reply, name, str(data[name]).strip())
    if not reply.legal_basis:
        reply.legal_basis = OUTCOME_BY_KEY[outcome].article
    if attachment is not None:
        staging.put_field(reply.attachment, attachment.name or "attachment", attachment)
        reply.attachment_name = shorten_filename(attachment.name or "附件", 200)
    reply.drafted_by = by
    reply.save()
    record(
        "applications.draft_saved",
        obj=app,
        actor=by,
        summary=f"{app.number} 拟定答复：{reply.outcome_label}",
        before=before,
        after={name: getattr(reply, name) for name in REPLY_FIELDS},
    )
    return reply


@transaction.atomic
def submit_for_legal_review(app: Application, *, by: Any) -> LegalReview:
    app = _locked(app)
    _check(app, "submit_for_legal_review", by)
    reply = Reply.objects.get(application=app)
    if app.consultations.filter(answered_on__isnull=True).exists():
        raise Refused("尚有征求意见未记录结果，请先记录意见或逾期未提出意见")
    fee = FeeNotice.objects.filter(application=app).first()
    if fee is not None and fee.paid_on is None:
        raise Refused("收费通知尚未缴费：缴费后再答复，逾期未缴费的请终止处理")
    before = _move(app, "submit_for_legal_review", by)
    review = LegalReview.objects.create(
        application=app,
        submitted_by=by,
        draft_snapshot={name: getattr(reply, name) for name in REPLY_FIELDS},
    )
    app.save()
    record(
        "applications.review_submitted",
        obj=app,
        actor=by,
        summary=f"{app.number} 答复（{reply.outcome_label}）提交法律顾问审核",
        before={"status": before},
        after={"status": app.status},
    )
    app_id = app.pk
    transaction.on_commit(lambda: notifications.notify_handlers(app_id, "review"))
    # Art 17: what goes to the applicant passes the same 保密审查 screening as what is published.
    secrecy.request_screening(reply)
    return review


@transaction.atomic
def decide_legal_review(app: Application, *, by: Any, approve: bool, comments: str = "") -> LegalReview:
    """法律审核 (the legal adviser approves or returns the draft reply) — not 行政复议 (`review_case_*`)."""
    app = _locked(app)
    require(by, "applications.legal_review", app, "答复须由本单位的法律顾问审核。")
    move = "approve_legal_review" if approve else "return_legal_review"
    _check(app, move, by)
    review = (
        LegalReview.objects.select_for_update()
        .filter(application=app, decision=ReviewDecision.PENDING)
        .first()
    )
    if review is None:
        raise Refused("没有待审核的答复")
    if not approve and not comments.strip():
        raise Refused("退回修改时请写明审核意见")
    before = _move(app, move, by)
    review.reviewer = by
    review.decided_at = timezone.now()
    review.decision = ReviewDecision.APPROVED if approve else ReviewDecision.RETURNED
    review.comments = comments.strip()
    review.save()
    app.save()
    record(
        "applications.review_decided",
        obj=app,
        actor=by,
        summary=f"{app.number} 法律审核{'通过' if approve else '退回修改'}"
        + (f"：{comments[:100]}" if comments else ""),
        before={"status": before},
        after={"status": app.status, "decision": review.decision},
    )
    return review


@transaction.atomic
def reopen_draft(app: Application, *, by: Any) -> Application:
    """After approval, the 承办人 wants to change the reply: it must go through legal review again."""
    app = _locked(app)
    before = _move(app, "reopen_draft", by)
    app.save()
    record(
        "applications.draft_reopened",
        obj=app,
        actor=by,
        summary=f"{app.number} 撤回已审核的答复重新修改",
        before={"status": before},
        after={"status": app.status},
    )
    return app


@transaction.atomic
def send_reply(app: Application, *, by: Any, sent_on: date | None = None, delivery_note: str = "") -> Letter:
    """答复: fix the reply letter (.docx + PDF) as approved and conclude the application."""
    app = _locked(app)
    _check(app, "send_reply", by)
    reply = Reply.objects.select_for_update().get(application=app)
    approved = app.legal_reviews.filter(decision=ReviewDecision.APPROVED).order_by("-decided_at").first()
    if approved is None or approved.draft_snapshot != {name: getattr(reply, name) for name in REPLY_FIELDS}:
        raise Refused("答复内容与法律顾问审核通过的版本不一致，请重新提交审核")
    blockers = secrecy.approval_blockers(reply)
    if blockers:
        raise Refused("答复及其附件尚有未处理的保密审查问题，暂不能发出：", blockers)
    day = sent_on or _today()
    _check_day(day, "答复日期", not_before=app.received_on)
    before = _move(app, "send_reply", by)
    letter = _issue_letter(
        app,
        LetterKind.REPLY,
        f"reply.{reply.outcome}",
        letters.reply_values(app, reply),
        by=by,
        issued_on=day,
    )
    reply.sent_on = day
    reply.sent_by = by
    reply.delivery_note = delivery_note.strip()
    reply.save()
    app.outcome = reply.outcome
    app.concluded_on = day
    overdue = app.reply_due is not None and day > app.reply_due
    app.days_used = services.days_used(app, day, services.refresh_clock(app, save=False))
    app.save()
    record(
        "applications.replied",
        obj=app,
        actor=by,
        summary=f"{app.number} 发出答复（{reply.outcome_label}），文号 {letter.number}"
        + ("；超过答复期限" if overdue else ""),
        before={"status": before},
        after={"status": app.status, "outcome": app.outcome, "concluded_on": day, "letter": letter.number},
    )
    _notify_applicant(app, "replied")
    return letter


def _check_reply_redaction(reply: Reply, *, by: Any, reason: str) -> Application:
    """Redactions of a reply are the 承办人's or the 保密审查员's (secrecy.resolve_finding), between submission to
    legal review and sending, with a reason. Returns the locked application."""
    app = _locked(reply.application)
    require(by, "secrecy.resolve_finding", reply)
    if app.status not in (Status.LEGAL_REVIEW, Status.APPROVED):
        raise Refused("只能在答复提交法律审核后、发出前进行保密审查处理。")
    if not reason or not reason.strip():
        raise Refused("请写明处理理由。")
    return app


def _follow_redaction(app: Application, reply: Reply, before: dict[str, Any]) -> None:
    """The legal review's snapshot follows the masking (personal data removed, nothing else changed), so the
    approved reply can still be sent; the reply is screened again after commit."""
    review = (
        app.legal_reviews.exclude(decision=ReviewDecision.RETURNED).order_by("-submitted_at", "-id").first()
    )
    if review is not None and review.draft_snapshot == before:
        review.draft_snapshot = {name: getattr(reply, name) for name in REPLY_FIELDS}
        review.save(update_fields=["draft_snapshot"])
    secrecy.screen_after_commit(reply)


@transaction.atomic
def replace_reply_text(reply: Reply, new_text: str, *, by: Any, reason: str) -> Reply:
    """Write back a reply's masked `review_text` (理由、提供方式、负责机关及联系方式)."""
    app = _check_reply_redaction(reply, by=by, reason=reason)
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    parts = reply.split_review_text(new_text)
    if parts is None:
        raise Refused("答复内容与筛查结果不一致，请重新筛查后再处理。")
    before = {name: getattr(reply, name) for name in REPLY_FIELDS}
    for name, value in parts.items():
        setattr(reply, name, value)
    reply.save()
    changed = [name for name in parts if before[name] != getattr(reply, name)]
    record(
        "applications.reply_redacted",
        obj=app,
        actor=by,
        summary=f"{app.number} 保密审查处理答复内容（{reason.strip()[:200]}）",
        after={"fields": changed},
    )
    _follow_redaction(app, reply, before)
    return reply


@staging.staged_atomic
def replace_reply_file(reply: Reply, data: bytes, filename: str, *, by: Any, reason: str) -> Reply:
    """Replace the reply's file (提供的信息) by its redacted copy."""
    app = _check_reply_redaction(reply, by=by, reason=reason)
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    before = {name: getattr(reply, name) for name in REPLY_FIELDS}
    old_name = reply.attachment.name
    staging.put_field(reply.attachment, filename, data)
    reply.save()
    storage = reply.attachment.storage
    transaction.on_commit(lambda: storage.delete(old_name) if old_name else None)
    record(
        "applications.reply_file_redacted",
        obj=app,
        actor=by,
        summary=f"{app.number} 保密审查替换答复附件（{reason.strip()[:200]}）：{reply.attachment_name}",
        after={"size": len(data)},
    )
    _follow_redaction(app, reply, before)
    return reply


@transaction.atomic
def archive(app: Application, *, by: Any) -> Application:
    app = _locked(app)
    before = _move(app, "archive", by)
    app.archived_on = _today()
    app.save()
    record(
        "applications.archived",
        obj=app,
        actor=by,
        summary=f"{app.number} 归档",
        before={"status": before},
        after={"status": app.status},
    )
    return app


@transaction.atomic
def save_staff_note(app: Application, *, by: Any, note: str) -> Application:
    app = _locked(app)
    require(by, "applications.handle", app)
    before = app.staff_note
    app.staff_note = note.strip()
    app.save(update_fields=["staff_note", "updated_at"])
    record(
        "applications.note_saved",
        obj=app,
        actor=by,
        summary=f"{app.number} 更新内部备注",
        before={"note": before},
        after={"note": app.staff_note},
    )
    return app
