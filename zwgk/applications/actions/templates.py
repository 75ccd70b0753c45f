"""Reply templates, review cases (行政复议 / 行政诉讼), and small shared reads (new codes, who sees personal data,
missing due dates)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from zwgk.accounts.permissions import can, require
from zwgk.agencies.models import Agency
from zwgk.applications import clock, letters
from zwgk.applications.models import (
    Application,
    Consultation,
    FeeNotice,
    LetterTemplate,
    ReviewCase,
    hash_query_code,
    new_query_code,
)
from zwgk.audit.log import record
from zwgk.core.dates import date_problem
from zwgk.core.errors import Refused

from .common import _maybe_due, _today

# --- templates and review cases ---------------------------------------------------------------------------


@transaction.atomic
def save_template(key: str, *, by: Any, title: str, body: str) -> LetterTemplate:
    require(by, "applications.edit_templates")
    letters.default_template(key)  # KeyError for an unknown template
    unknown = letters.unknown_placeholders(title + body)
    if unknown:
        raise Refused("未知的占位符：" + "、".join("{{" + u + "}}" for u in unknown))
    if not title.strip() or not body.strip():
        raise Refused("标题和正文不能为空")
    template, created = LetterTemplate.objects.get_or_create(key=key, defaults={"title": title, "body": body})
    before = None if created else {"title": template.title, "body": template.body}
    template.title = title.strip()
    template.body = body.strip()
    template.updated_by = by
    template.save()
    record(
        "applications.template_saved",
        obj=template,
        actor=by,
        summary=f"修改文书模板 {key}",
        before=before,
        after={"title": template.title, "body": template.body},
    )
    return template


@transaction.atomic
def reset_template(key: str, *, by: Any) -> None:
    require(by, "applications.edit_templates")
    template = LetterTemplate.objects.filter(key=key).first()
    if template is None:
        return
    record(
        "applications.template_reset",
        obj=template,
        actor=by,
        summary=f"文书模板 {key} 恢复默认",
        before={"title": template.title, "body": template.body},
    )
    template.delete()


REVIEW_FIELDS = ("kind", "result", "filed_on", "concluded_on", "organ", "case_number", "summary")


@transaction.atomic
def save_review_case(
    case: ReviewCase | None,
    *,
    by: Any,
    agency: Agency,
    data: Mapping[str, Any],
    application: Application | None,
) -> ReviewCase:
    target = case or ReviewCase(agency=agency, created_by=by)
    require(by, "applications.manage_reviews", target)
    if application is not None and application.agency_id != target.agency_id:
        raise Refused("关联申请须为本单位办理的申请")
    if (data.get("result") == "尚未审结") != (data.get("concluded_on") is None):
        raise Refused("尚未审结的案件不填审结日期；已审结的案件须填写审结日期")
    for name, label in (("filed_on", "立案/受理日期"), ("concluded_on", "审结日期")):
        if isinstance(data.get(name), date) and (problem := date_problem(data[name], label, today=_today())):
            raise Refused(problem)
    if data.get("concluded_on") and data["concluded_on"] < data["filed_on"]:
        raise Refused("审结日期不能早于立案日期")
    before = {name: getattr(target, name) for name in REVIEW_FIELDS} if target.pk else None
    for name in REVIEW_FIELDS:
        setattr(
            target,
            name,
            data.get(name) if name in ("concluded_on",) else data.get(name, getattr(target, name)),
        )
    target.application = application
    target.save()
    record(
        "applications.review_case_saved",
        obj=target,
        actor=by,
        summary=f"{'新增' if before is None else '修改'}{target.get_kind_display()}记录 {target.case_number}",
        before=before,
        after={name: getattr(target, name) for name in REVIEW_FIELDS},
    )
    return target


def new_code_for(app: Application, *, by: Any) -> str:
    """Issue a new query code (the applicant lost it and proved identity in person); the old one stops working."""
    require(by, "applications.handle", app)
    code = new_query_code()
    with transaction.atomic():
        Application.objects.filter(pk=app.pk).update(query_code_hash=hash_query_code(app.number, code))
        record("applications.query_code_reset", obj=app, actor=by, summary=f"{app.number} 重新生成查询码")
    return code


def can_see_personal(user: Any, app: Application) -> bool:
    return can(user, "applications.view_personal", app)


def fill_missing_due_dates() -> int:
    """Consultation and payment deadlines left empty for want of a holiday schedule, once it is loaded.

    Called by the daily sweep (system actor); returns how many were filled.
    """
    filled = 0
    for consultation in Consultation.objects.filter(due_on__isnull=True, answered_on__isnull=True):
        due, _ = _maybe_due(clock.consultation_due, consultation.delivered_on or consultation.sent_on)
        if due is not None and Consultation.objects.filter(pk=consultation.pk, due_on__isnull=True).update(
            due_on=due
        ):
            record(
                "applications.due_filled",
                obj=consultation.application,
                actor=None,
                summary=f"{consultation.application.number} 节假日安排已录入，补算征求意见截止日期 {due}",
            )
            filled += 1
    for fee in FeeNotice.objects.filter(pay_due__isnull=True, paid_on__isnull=True):
        due, _ = _maybe_due(clock.payment_due, fee.notice_received_on)
        if due is not None and FeeNotice.objects.filter(pk=fee.pk, pay_due__isnull=True).update(pay_due=due):
            record(
                "applications.due_filled",
                obj=fee.application,
                actor=None,
                summary=f"{fee.application.number} 节假日安排已录入，补算缴费期限 {due}",
            )
            filled += 1
    return filled
