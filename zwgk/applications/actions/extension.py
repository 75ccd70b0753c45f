"""Extension of the reply time limit (Art 33)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from zwgk.accounts.permissions import require
from zwgk.applications import letters, services
from zwgk.applications.models import (
    Application,
    Extension,
    LetterKind,
)
from zwgk.audit.log import record
from zwgk.core.errors import Refused

from .common import _check, _check_day, _issue_letter, _locked, _notify_applicant, _today

# --- extension (Art 33) --------------------------------------------------------------------------------


@transaction.atomic
def request_extension(
    app: Application, *, by: Any, working_days: int, reason: str, requested_on: date | None = None
) -> Extension:
    app = _locked(app)
    _check(app, "extend", by)
    if not 1 <= working_days <= 20:
        raise Refused("延长的期限最长不得超过 20 个工作日（第三十三条第二款）")
    if not reason.strip():
        raise Refused("请填写延期理由")
    day = requested_on or _today()
    _check_day(day, "申请日期", not_before=app.received_on)
    if app.reply_due is not None and day > app.reply_due:
        raise Refused(f"答复期限 {app.reply_due} 已届满，不能再申请延期")
    extension = Extension.objects.create(
        application=app, working_days=working_days, reason=reason.strip(), requested_by=by, requested_on=day
    )
    record(
        "applications.extension_requested",
        obj=app,
        actor=by,
        summary=f"{app.number} 申请延长答复期限 {working_days} 个工作日，待工作机构负责人审批",
        after={"extension": extension.pk, "working_days": working_days},
    )
    return extension


@transaction.atomic
def decide_extension(
    extension: Extension, *, by: Any, approve: bool, note: str = "", decided_on: date | None = None
) -> Extension:
    """Art 33: the 工作机构负责人 consents before the due date; the applicant is told with a 延期告知书."""
    app = _locked(extension.application)
    require(by, "applications.approve_extension", app, "延期须由本单位政府信息公开工作机构负责人审批。")
    _check(app, "decide_extension", by)
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    if extension.approved is not None:
        raise Refused("该延期申请已审批")
    day = decided_on or _today()
    _check_day(day, "审批日期", not_before=extension.requested_on, before_label="申请日期")
    original_due = app.reply_due
    if approve and original_due is not None and day > original_due:
        raise Refused(f"答复期限 {original_due} 已届满，不能再批准延期（延期须在期限届满前经负责人同意）")
    extension.approved = approve
    extension.decided_by = by
    extension.decided_on = day
    extension.decision_note = note.strip()
    extension.save()
    view = services.refresh_clock(app)
    if approve:
        values = letters.base_values(app)
        values.update(
            {
                "延长天数": str(extension.working_days),
                "延期理由": extension.reason,
                "原答复期限": letters.cn_date(view.result.base_due if view.result else original_due),
                "延长后答复期限": letters.due_text(app) or "（暂停计算中，恢复后另行计算）",
            }
        )
        _issue_letter(app, LetterKind.EXTENSION, "notice.extension", values, by=by, issued_on=day)
        _notify_applicant(app, "extension")
    record(
        "applications.extension_decided",
        obj=app,
        actor=by,
        summary=f"{app.number} 延期申请{'同意' if approve else '不同意'}"
        + (f"，答复期限延至 {app.reply_due}" if approve and app.reply_due else ""),
        before={"reply_due": original_due},
        after={"approved": approve, "reply_due": app.reply_due},
    )
    return extension
