"""Intake of an application: online submission and confirmation, registration by staff, assignment, acceptance,
transfer."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from zwgk.accounts.permissions import require
from zwgk.agencies.models import Agency
from zwgk.applications import clock, letters, notifications, services
from zwgk.applications.models import (
    ApplicantType,
    Application,
    LetterKind,
    Source,
    Status,
    Transfer,
    applicant_key,
    hash_query_code,
    new_query_code,
)
from zwgk.audit.log import record
from zwgk.core import staging
from zwgk.core.errors import Refused

from .common import _check, _check_day, _issue_letter, _locked, _move, _notify_applicant, _today, handlers_of

# --- intake ------------------------------------------------------------------------------------------

APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "legal_representative",
    "contact_person",
    "phone",
    "email",
    "address",
    "postal_code",
    "needs_assistance",
    "description",
    "document_ref",
    "preferred_form",
    "delivery",
)


def _new_application(agency: Agency, data: Mapping[str, Any], *, day: date) -> tuple[Application, str]:
    if not agency.is_active or not agency.handles_applications:
        raise Refused(f"{agency.short_name}不单独受理政府信息公开申请，请选择其他机关")
    if data.get("applicant_type") not in ApplicantType.values:
        raise Refused("申请人类型不正确")
    code = new_query_code()
    app = Application(agency=agency, submitted_on=day)
    for name in APPLICANT_FIELDS:
        if name in data:
            setattr(app, name, data[name])
    app.number = services.allocate_number(day.year)
    app.query_code_hash = hash_query_code(app.number, code)
    app.applicant_key = applicant_key(app.applicant_name, app.id_number, app.phone)
    return app, code


@staging.staged_atomic
def submit_online(
    agency: Agency, data: Mapping[str, Any], proof: UploadedFile | None = None, *, on: date | None = None
) -> tuple[Application, str]:
    """A citizen's online application. Returns the application and its private query code (shown once).

    `on` back-dates the submission (demo and tests only; the web form never passes it).
    """

    today = on or _today()
    app, code = _new_application(agency, data, day=today)
    app.source = Source.ONLINE
    app.channel = "online"
    app.status = Status.SUBMITTED
    if settings.APPLICATION_ONLINE_RECEIPT == "submitted":
        # Art 31(3): the platform's acknowledgement (number + query code) is the organ's confirmation.
        app.confirmed_on = today
        app.received_on = today
        app.receipt_rule = clock.RECEIPT_RULES["online"][1] + "（本平台提交即自动回执确认）"
    if proof is not None:
        staging.put_field(app.identity_proof, proof.name or "proof", proof)
    app.save()
    services.refresh_clock(app)
    record(
        "applications.submitted",
        obj=app,
        actor=None,
        summary=f"网上提交政府信息公开申请 {app.number}（{app.applicant_type}）",
        after={"agency": agency.pk, "received_on": app.received_on},
    )
    _notify_applicant(app, "submitted")
    app_id = app.pk
    transaction.on_commit(lambda: notifications.notify_handlers(app_id, "new"))
    return app, code


@staging.staged_atomic
def register_by_staff(
    agency: Agency,
    data: Mapping[str, Any],
    *,
    by: Any,
    channel: str,
    submitted_on: date,
    signed_on: date | None = None,
    confirmed_on: date | None = None,
    proof: UploadedFile | None = None,
    handler: Any = None,
) -> tuple[Application, str]:
    """A letter, fax, e-mail or visit registered by staff, with the Art 31 receipt date of its channel."""
    require(by, "applications.register", agency)
    if channel == "online":
        raise Refused("网上申请由申请人在线提交，工作人员登记请选择信件、传真、电子邮件或当面提交")
    _check_day(submitted_on, "申请送达日期")
    try:
        received, rule = clock.receipt_day(
            channel, submitted=submitted_on, signed=signed_on, confirmed=confirmed_on
        )
    except clock.ClockError as exc:
        raise Refused(str(exc)) from None
    _check_day(received, "收到申请日期")
    app, code = _new_application(agency, data, day=submitted_on)
    app.source = Source.STAFF
    app.channel = channel
    app.signed_on = signed_on
    app.confirmed_on = confirmed_on
    app.received_on = received
    app.receipt_rule = rule
    app.status = Status.REGISTERED
    if handler is not None:
        _check_handler(handler, agency)
        app.handler = handler
    if proof is not None:
        staging.put_field(app.identity_proof, proof.name or "proof", proof)
    app.save()
    services.refresh_clock(app)
    record(
        "applications.registered",
        obj=app,
        actor=by,
        summary=f"登记{clock.CHANNELS[channel]}申请 {app.number}，收到申请之日 {received}",
        after={"channel": channel, "received_on": received, "rule": rule},
    )
    return app, code


@transaction.atomic
def confirm_online(app: Application, *, by: Any, confirmed_on: date | None = None) -> Application:
    """登记: staff register an online submission (and confirm receipt when the platform is set to "confirmed")."""
    app = _locked(app)
    before = _move(app, "register", by)
    if app.received_on is None:
        day = confirmed_on or _today()
        _check_day(day, "确认日期", not_before=app.submitted_on, before_label="提交日期")
        app.confirmed_on = day
        app.received_on = day
        app.receipt_rule = clock.RECEIPT_RULES["online"][1]
    app.save()
    services.refresh_clock(app)
    record(
        "applications.confirmed",
        obj=app,
        actor=by,
        summary=f"登记网上申请 {app.number}，收到申请之日 {app.received_on}",
        before={"status": before},
        after={"status": app.status, "received_on": app.received_on},
    )
    return app


def _check_handler(handler: Any, agency: Agency | int) -> None:
    agency_id = agency if isinstance(agency, int) else agency.pk
    if handler.pk not in {u.pk for u in handlers_of(agency_id)}:
        raise Refused("承办人须为本单位的依申请承办人")


@transaction.atomic
def assign(app: Application, handler: Any, *, by: Any) -> Application:
    app = _locked(app)
    _check(app, "assign", by)
    _check_handler(handler, app.agency_id)
    before = app.handler_id
    app.handler = handler
    app.save(update_fields=["handler", "updated_at"])
    record(
        "applications.assigned",
        obj=app,
        actor=by,
        summary=f"{app.number} 分配给承办人 {handler.display_name}",
        before={"handler": before},
        after={"handler": handler.pk},
    )
    app_id = app.pk
    transaction.on_commit(lambda: notifications.notify_handlers(app_id, "assigned"))
    return app


@transaction.atomic
def accept(app: Application, *, by: Any, handler: Any = None) -> Application:
    """审核 done: the application is clear and ours — it goes to 办理 with a 承办人."""
    app = _locked(app)
    before = _move(app, "accept", by)
    if handler is not None:
        _check_handler(handler, app.agency_id)
        app.handler = handler
    elif app.handler_id is None:
        app.handler = by
    app.save()
    record(
        "applications.accepted",
        obj=app,
        actor=by,
        summary=f"{app.number} 审核通过，进入办理（承办人 {app.handler}）",
        before={"status": before},
        after={"status": app.status, "handler": app.handler_id},
    )
    return app


@transaction.atomic
def transfer(
    app: Application, to_agency: Agency, *, by: Any, reason: str, transferred_on: date | None = None
) -> Application:
    """Move the application to the agency responsible for the information; the clock restarts there."""
    app = _locked(app)
    _check(app, "transfer", by)
    day = transferred_on or _today()
    _check_day(day, "转送日期", not_before=app.received_on)
    if to_agency.pk == app.agency_id:
        raise Refused("不能转送给本单位")
    if not to_agency.is_active or not to_agency.handles_applications:
        raise Refused(f"{to_agency.short_name}不单独受理政府信息公开申请")
    if not reason.strip():
        raise Refused("请填写转送理由")
    from_agency = app.agency
    before = _move(app, "transfer", by)
    Transfer.objects.create(
        application=app,
        from_agency=from_agency,
        to_agency=to_agency,
        transferred_on=day,
        sender_received_on=app.received_on,
        reason=reason,
        by=by,
    )
    values = letters.base_values(app)
    contact = "、".join(v for v in (to_agency.phone, to_agency.office_address) if v) or "—"
    values.update(
        {
            "转入机关": to_agency.name,
            "转入机关联系方式": contact,
            "转送日期": letters.cn_date(day),
            "转送理由": reason,
        }
    )
    _issue_letter(
        app, LetterKind.TRANSFER, "notice.transfer", values, by=by, issued_on=day, agency=from_agency
    )
    app.agency = to_agency
    # Art 31: within the platform the receiving agency receives the application the day it is transferred;
    # the annual report counts it there with this date (reporting.application_facts).
    app.received_on = day
    app.receipt_rule = f"由{from_agency.short_name}于 {day} 转送，当日收到"
    app.correction_notice_due = None
    app.handler = None
    app.save()
    services.refresh_clock(app)
    record(
        "applications.transferred",
        obj=app,
        actor=by,
        agency=from_agency,
        summary=f"{app.number} 由{from_agency.short_name}转送{to_agency.short_name}：{reason[:100]}",
        before={"agency": from_agency.pk, "status": before},
        after={"agency": to_agency.pk, "status": app.status, "received_on": day},
    )
    _notify_applicant(app, "transferred")
    app_id = app.pk
    transaction.on_commit(lambda: notifications.notify_handlers(app_id, "new"))
    return app
