"""补正 (Art 30): asking the applicant to complete the application and recording the answer; ending an application
(no correction, withdrawal)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from zwgk.applications import clock, letters, notifications, services
from zwgk.applications.models import (
    Application,
    CorrectionRequest,
    LetterKind,
)
from zwgk.applications.outcomes import OUTCOME_BY_KEY
from zwgk.audit.log import record
from zwgk.core import staging
from zwgk.core.errors import Refused

from .common import _check, _check_day, _issue_letter, _locked, _maybe_due, _move, _notify_applicant, _today

# --- 补正 (Art 30) -----------------------------------------------------------------------------------


@transaction.atomic
def request_correction(
    app: Application, *, by: Any, items: str, correction_due: date, sent_on: date | None = None
) -> tuple[Application, list[str]]:
    """Send the one 补正 notice. Returns warnings (e.g. sent after the 7-working-day limit)."""
    app = _locked(app)
    _check(app, "request_correction", by)
    day = sent_on or _today()
    assert app.received_on is not None
    _check_day(day, "补正通知日期", not_before=app.received_on)
    if not items.strip():
        raise Refused("请写明需要补正的事项")
    if correction_due <= day:
        raise Refused("补正期限应晚于补正通知日期（第三十条：合理的补正期限）")
    before = _move(app, "request_correction", by)
    warnings = []
    notice_due, _ = _maybe_due(clock.correction_notice_due, app.received_on)
    if notice_due is not None and day > notice_due:
        warnings.append(f"补正通知晚于第三十条规定的期限 {notice_due}（收到申请之日起 7 个工作日）")
    correction = CorrectionRequest.objects.create(
        application=app, sent_on=day, items=items.strip(), correction_due=correction_due, created_by=by
    )
    if app.handler_id is None:
        app.handler = by
    values = letters.base_values(app)
    values.update({"补正事项": correction.items, "补正期限": letters.cn_date(correction_due)})
    _issue_letter(app, LetterKind.CORRECTION, "notice.correction", values, by=by, issued_on=day)
    app.save()
    services.refresh_clock(app)
    record(
        "applications.correction_requested",
        obj=app,
        actor=by,
        summary=f"{app.number} 发出补正通知，补正期限 {correction_due}"
        + ("；" + warnings[0] if warnings else ""),
        before={"status": before},
        after={"status": app.status, "sent_on": day, "correction_due": correction_due},
    )
    _notify_applicant(app, "correction")
    return app, warnings


@staging.staged_atomic
def record_correction(
    app: Application,
    *,
    by: Any,
    corrected_on: date | None = None,
    text: str = "",
    file: UploadedFile | None = None,
) -> Application:
    """The corrected application arrived: the clock restarts from that day. `by=None` is the applicant online."""
    app = _locked(app)
    _check(app, "record_correction", by)
    correction = CorrectionRequest.objects.select_for_update().get(application=app)
    day = corrected_on or _today()
    _check_day(day, "收到补正日期", not_before=correction.sent_on, before_label="补正通知日期")
    if not text.strip() and file is None:
        raise Refused("请填写补正内容或上传补正材料")
    before = _move(app, "record_correction", by)
    correction.corrected_on = day
    correction.corrected_text = text.strip()
    if file is not None:
        staging.put_field(correction.corrected_file, file.name or "correction", file)
    correction.save()
    app.save()
    services.refresh_clock(app)
    late = day > correction.correction_due
    record(
        "applications.corrected",
        obj=app,
        actor=by,
        summary=f"{app.number} 收到补正（{'申请人在线提交' if by is None else '工作人员登记'}），答复期限自 {day} 重新计算"
        + ("；晚于补正期限" if late else ""),
        before={"status": before},
        after={"status": app.status, "corrected_on": day},
    )
    if by is None:
        app_id = app.pk
        transaction.on_commit(lambda: notifications.notify_handlers(app_id, "corrected"))
    return app


@transaction.atomic
def end_no_correction(app: Application, *, by: Any, on: date | None = None) -> Application:
    """Art 30: no correction by the stated date without good reason — deemed abandoned (其他处理-逾期不补正)."""
    app = _locked(app)
    day = on or _today()
    return _conclude(
        app, "end_no_correction", "other.no_correction", day, by=by, reason="申请人逾期未补正，视为放弃申请"
    )


def _conclude(
    app: Application, transition: str, outcome: str, day: date, *, by: Any, reason: str
) -> Application:
    before = _move(app, transition, by, day)
    app.outcome = outcome
    app.concluded_on = day
    app.end_reason = reason
    app.days_used = services.days_used(app, day, services.refresh_clock(app, save=False))
    app.save()
    record(
        f"applications.{transition}",
        obj=app,
        actor=by,
        summary=f"{app.number} {reason}（{OUTCOME_BY_KEY[outcome].short}）",
        before={"status": before},
        after={"status": app.status, "outcome": outcome, "concluded_on": day},
    )
    _notify_applicant(app, "ended")
    return app


@transaction.atomic
def withdraw(app: Application, *, by: Any, on: date | None = None, note: str = "") -> Application:
    """The applicant withdraws (online with the query code: by=None; or staff record a written withdrawal)."""
    app = _locked(app)
    _check(app, "withdraw", by)
    day = on or _today()
    if app.received_on is None:
        app.received_on = app.submitted_on
        app.receipt_rule = "撤回前尚未确认，以提交之日计"
    reason = "申请人撤回申请" + (f"：{note.strip()[:200]}" if note.strip() else "")
    return _conclude(app, "withdraw", "other.other", day, by=by, reason=reason)
