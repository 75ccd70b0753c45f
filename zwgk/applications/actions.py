"""Every state change of an application: permission, change, audit event, follow-up on commit — in one
transaction. Views, commands, the demo and the reminder task call these functions; nothing else writes.

Refusals raise `zwgk.core.errors.Refused` (a business rule, message in Chinese), its `IllegalTransition` (a move
that applications/workflow.py's table does not allow from the current status) or `PermissionDenied`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from zwgk.accounts.models import User
from zwgk.accounts.permissions import can, require
from zwgk.accounts.roles import Role
from zwgk.agencies.models import Agency
from zwgk.applications import clock, fees, letters, notifications, services
from zwgk.applications.models import (
    ApplicantType,
    Application,
    Consultation,
    ConsultationKind,
    ConsultationResponse,
    CorrectionRequest,
    Extension,
    FeeNotice,
    LegalReview,
    Letter,
    LetterKind,
    LetterTemplate,
    Reply,
    ReviewCase,
    ReviewDecision,
    Source,
    Status,
    Transfer,
    applicant_key,
    hash_query_code,
    new_query_code,
)
from zwgk.applications.outcomes import ENDING_OUTCOMES, OUTCOME_BY_KEY
from zwgk.applications.workflow import FLOW
from zwgk.audit.log import record
from zwgk.calendar import ScheduleMissing
from zwgk.core import staging
from zwgk.core.dates import date_problem
from zwgk.core.errors import Refused
from zwgk.core.files import shorten_filename
from zwgk.secrecy import service as secrecy

# --- helpers -----------------------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _locked(app: Application) -> Application:
    """Re-read the application under a row lock so two staff members cannot move it at once."""
    return (
        Application.objects.select_for_update(of=("self",)).select_related("agency", "handler").get(pk=app.pk)
    )


def _forget_related(app: Application) -> None:
    """Drop the reverse relations the guards cached (app.fee, app.correction …): the action changes them next."""
    for relation in app._meta.related_objects:
        if relation.is_cached(app):
            relation.delete_cached_value(app)
    getattr(app, "_prefetched_objects_cache", {}).clear()


def _check(app: Application, move: str, by: Any, day: date | None = None) -> None:
    """Check the move against FLOW (table, permission, guard) without changing the status."""
    FLOW.check(app, move, by, day)
    _forget_related(app)


def _move(app: Application, move: str, by: Any, day: date | None = None) -> str:
    """Check the move against FLOW and set the new status; returns the old one."""
    before = FLOW.apply(app, move, by, day)
    _forget_related(app)
    return before


def _check_day(day: date, label: str, *, not_before: date | None = None, before_label: str = "") -> None:
    problem = date_problem(day, label, today=_today())
    if problem:
        raise Refused(problem)
    if not_before is not None and day < not_before:
        raise Refused(f"{label}（{day}）不能早于{before_label or '收到申请之日'}（{not_before}）")


def _maybe_due(fn: Any, *args: Any) -> tuple[date | None, str]:
    """A deadline from the calendar, or None and the reason when its year has no holiday schedule yet.

    The step itself goes ahead: a missing schedule must not stop the work, only the computation; the daily
    sweep fills the date in once the schedule is loaded.
    """
    try:
        return fn(services.calendar(), *args), ""
    except ScheduleMissing as exc:
        return None, str(exc).split(" / ")[0] + "期限暂无法计算，录入后自动补算。"


def _notify_applicant(app: Application, what: str) -> None:
    if app.email:
        app_id = app.pk
        transaction.on_commit(lambda: notifications.notify_applicant(app_id, what))


def _letter_number(agency: Agency, kind: str, year: int) -> str:
    code = {
        LetterKind.REPLY: "答",
        LetterKind.CORRECTION: "补",
        LetterKind.EXTENSION: "延",
        LetterKind.THIRD_PARTY: "征",
        LetterKind.INTER_AGENCY: "征",
        LetterKind.FEE: "费",
        LetterKind.TRANSFER: "转",
    }[LetterKind(kind)]
    serial = Letter.objects.filter(application__agency=agency, kind=kind, issued_on__year=year).count() + 1
    return f"{agency.short_name}依申{code}〔{year}〕{serial}号"


def _issue_letter(
    app: Application,
    kind: str,
    key: str,
    values: Mapping[str, str],
    *,
    by: Any,
    issued_on: date,
    agency: Agency | None = None,
    consultation: Consultation | None = None,
) -> Letter:
    """Fix a letter as sent: compose from the template, store .docx and PDF."""
    issuer = agency or app.agency
    number = _letter_number(issuer, kind, issued_on.year)
    content = letters.compose(key, dict(values), number=number, issued_on=issued_on, organ=issuer.name)
    letter = Letter(
        application=app,
        kind=kind,
        title=content.title,
        number=number,
        issued_on=issued_on,
        consultation=consultation,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    stem = f"{app.number}-{kind}"
    staging.put_field(letter.docx, f"{stem}.docx", letters.docx_bytes(content))
    staging.put_field(letter.pdf, f"{stem}.pdf", letters.pdf_bytes(content))
    letter.save()
    return letter


def _handlers_of(agency_id: int) -> list[Any]:

    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__agency_id=agency_id,
            role_assignments__role=Role.APPLICATION_HANDLER.value,
        ).distinct()
    )


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
    if handler.pk not in {u.pk for u in _handlers_of(agency_id)}:
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


# --- consultations (Art 32, Art 34) --------------------------------------------------------------------


@transaction.atomic
def start_consultation(
    app: Application,
    *,
    by: Any,
    kind: str,
    party: str,
    subject: str,
    sent_on: date | None = None,
    delivered_on: date | None = None,
    party_address: str = "",
) -> Consultation:
    app = _locked(app)
    _check(app, "consult", by)
    if kind not in ConsultationKind.values:
        raise Refused("征求意见类型不正确")
    day = sent_on or _today()
    _check_day(day, "发函日期", not_before=app.received_on)
    if delivered_on is not None:
        _check_day(delivered_on, "送达日期", not_before=day, before_label="发函日期")
    if not party.strip() or not subject.strip():
        raise Refused("请填写被征求意见方和所涉信息")
    due, _ = _maybe_due(clock.consultation_due, delivered_on or day)
    consultation = Consultation.objects.create(
        application=app,
        kind=kind,
        party=party.strip(),
        party_address=party_address.strip(),
        subject=subject.strip(),
        sent_on=day,
        delivered_on=delivered_on,
        due_on=due,
        created_by=by,
    )
    values = letters.base_values(app)
    values.update(
        {
            "被征求意见方": consultation.party,
            "征求意见事项": consultation.subject,
            "意见截止日期": letters.cn_date(due) or "15个工作日届满之日",
        }
    )
    letter_kind = LetterKind.THIRD_PARTY if kind == ConsultationKind.THIRD_PARTY else LetterKind.INTER_AGENCY
    _issue_letter(app, letter_kind, f"notice.{kind}", values, by=by, issued_on=day, consultation=consultation)
    services.refresh_clock(app)
    record(
        "applications.consultation_started",
        obj=app,
        actor=by,
        summary=f"{app.number} {consultation.get_kind_display()}，意见截止 {due or '暂无法计算'}；答复期限暂停计算",
        after={"consultation": consultation.pk, "sent_on": day, "due_on": due},
    )
    return consultation


@transaction.atomic
def record_consultation_answer(
    consultation: Consultation, *, by: Any, response: str, answered_on: date | None = None, note: str = ""
) -> Consultation:
    app = _locked(consultation.application)
    _check(app, "record_consultation", by)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.answered_on is not None:
        raise Refused("该征求意见已记录答复")
    if response not in ConsultationResponse.values:
        raise Refused("请选择意见")
    if response == ConsultationResponse.NO_REPLY:
        # Art 32/34: no answer within 15 working days — the time spent ends on the last day of the period.
        if consultation.due_on is None:
            raise Refused("意见期限尚无法计算（节假日安排未录入），请填写收到意见日期或待期限确定后再记录")
        if _today() <= consultation.due_on:
            raise Refused(f"意见期限 {consultation.due_on} 尚未届满，不能记为逾期未提出意见")
        day = answered_on or consultation.due_on
    else:
        day = answered_on or _today()
    _check_day(day, "收到意见日期", not_before=consultation.sent_on, before_label="发函日期")
    consultation.answered_on = day
    consultation.response = response
    consultation.response_note = note.strip()
    consultation.save()
    services.refresh_clock(app)
    record(
        "applications.consultation_answered",
        obj=app,
        actor=by,
        summary=f"{app.number} 征求意见结果：{consultation.get_response_display()}（{day}），答复期限恢复计算",
        after={"consultation": consultation.pk, "answered_on": day, "response": response},
    )
    return consultation


# --- fees (109号) -----------------------------------------------------------------------------------


@transaction.atomic
def issue_fee_notice(
    app: Application,
    *,
    by: Any,
    method: str,
    quantity: int,
    payment_method: str,
    sent_on: date | None = None,
    notice_received_on: date | None = None,
) -> FeeNotice:
    app = _locked(app)
    _check(app, "fee", by)
    try:
        quote = fees.quote_count(quantity) if method == "count" else fees.quote_pages(quantity)
    except fees.FeeError as exc:
        raise Refused(str(exc)) from None
    if method not in fees.METHODS:
        raise Refused("计收方式不正确")
    if quote.fee_yuan <= 0:
        raise Refused(f"按{quote.method_label}标准，本件不收费（{quote.standard}）")
    day = sent_on or _today()
    received = notice_received_on or day
    _check_day(day, "通知日期", not_before=app.received_on)
    _check_day(received, "申请人收到通知日期", not_before=day, before_label="通知日期")
    if not payment_method.strip():
        raise Refused("请写明缴费方式")
    pay_due, _ = _maybe_due(clock.payment_due, received)
    fee = FeeNotice.objects.create(
        application=app,
        method=method,
        quantity=quantity,
        amount=Decimal(quote.fee_yuan),
        standard=quote.standard,
        payment_method=payment_method.strip(),
        sent_on=day,
        notice_received_on=received,
        pay_due=pay_due,
        created_by=by,
    )
    values = letters.base_values(app)
    values.update(
        {
            "收费方式": quote.method_label,
            "收费标准": quote.standard,
            "收费金额": str(quote.fee_yuan),
            "缴费方式": fee.payment_method,
            "缴费工作日": str(settings.APPLICATION_PAYMENT_WORKING_DAYS),
            "缴费期限": letters.cn_date(pay_due) or "期限届满之日",
        }
    )
    _issue_letter(app, LetterKind.FEE, "notice.fee", values, by=by, issued_on=day)
    services.refresh_clock(app)
    record(
        "applications.fee_notice",
        obj=app,
        actor=by,
        summary=f"{app.number} 发出收费通知：{quote.method_label} {quote.fee_yuan} 元，缴费期限 {pay_due or '暂无法计算'}",
        after={"method": method, "quantity": quantity, "amount": quote.fee_yuan, "pay_due": pay_due},
    )
    _notify_applicant(app, "fee")
    return fee


@transaction.atomic
def record_payment(
    fee: FeeNotice, *, by: Any, paid_on: date | None = None, receipt_number: str = ""
) -> FeeNotice:
    app = _locked(fee.application)
    _check(app, "record_payment", by)
    fee = FeeNotice.objects.select_for_update().get(pk=fee.pk)
    day = paid_on or _today()
    _check_day(day, "缴费日期", not_before=fee.sent_on, before_label="通知日期")
    if fee.pay_due is not None and day > fee.pay_due:
        raise Refused(f"缴费期限为 {fee.pay_due}，逾期缴费应按逾期未缴费处理")
    fee.paid_on = day
    fee.receipt_number = receipt_number.strip()
    fee.save()
    services.refresh_clock(app)
    record(
        "applications.fee_paid",
        obj=app,
        actor=by,
        summary=f"{app.number} 已缴纳信息处理费 {fee.amount} 元（{day}），答复期限恢复计算",
        after={"paid_on": day, "amount": fee.amount},
    )
    return fee


@transaction.atomic
def end_no_payment(app: Application, *, by: Any, on: date | None = None) -> Application:
    """109号: not paid within the period — deemed abandoned (其他处理-逾期未缴费)."""
    app = _locked(app)
    day = on or _today()
    return _conclude(
        app,
        "end_no_payment",
        "other.no_payment",
        day,
        by=by,
        reason="申请人逾期未缴纳信息处理费，视为放弃申请",
    )


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
