"""The staff detail page of an application and its steps (each a POST dispatched to an action)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from zwgk.accounts.permissions import can
from zwgk.applications import actions, fees, letters, services
from zwgk.applications import forms as f
from zwgk.applications.ledger import (
    is_overdue,
)
from zwgk.applications.models import (
    Application,
    Consultation,
    Extension,
    mask_middle,
)
from zwgk.applications.workflow import FLOW
from zwgk.audit.models import AuditEvent
from zwgk.calendar import ScheduleMissing
from zwgk.core.actionviews import run_action
from zwgk.core.errors import Refused
from zwgk.core.files import serve_generated_file, serve_protected_file
from zwgk.secrecy.models import REPLY_SCREENED_STATUSES
from zwgk.secrecy.panel import panel_context

from .access import _personal, _staff_app
from .common import _letter_file, _phases

# --- staff: detail and steps -------------------------------------------------------------------------


# Each button of the detail page and the move of applications/workflow.py it runs (None: no state, only the
# permission). The page shows a button when FLOW.available_moves offers its move; the guards live in the workflow.
BUTTON_MOVES: dict[str, tuple[str, ...]] = {
    "confirm": ("register",),
    "assign": ("assign",),
    "accept": ("accept",),
    "transfer": ("transfer",),
    "correction": ("request_correction",),
    "correction_received": ("record_correction",),
    "end_no_correction": ("end_no_correction",),
    "consult": ("consult",),
    "consult_answer": ("record_consultation",),
    "fee": ("fee",),
    "fee_paid": ("record_payment",),
    "end_no_payment": ("end_no_payment",),
    "extension": ("extend",),
    "extension_decide": ("decide_extension",),
    "draft": ("draft",),
    "submit_review": ("submit_for_legal_review",),
    "review": ("approve_legal_review", "return_legal_review"),
    "reopen": ("reopen_draft",),
    "send": ("send_reply",),
    "withdraw": ("withdraw",),
    "archive": ("archive",),
}


def _buttons(request: HttpRequest, app: Application) -> dict[str, bool]:
    moves = set(FLOW.available_moves(app, request.user))
    buttons = {button: any(m in moves for m in wanted) for button, wanted in BUTTON_MOVES.items()}
    handle = can(request.user, "applications.handle", app)
    buttons.update(note=handle, new_code=handle)
    return buttons


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = _staff_app(request, pk)
    today = timezone.localdate()
    view = services.evaluate(app, as_of=min(today, app.concluded_on or today))
    personal = _personal(request, app)
    allowed_steps = _buttons(request, app)
    handlers = actions.handlers_of(app.agency_id)
    reply = getattr(app, "reply", None)
    flags = services.flags_for(app) if app.received_on or app.submitted_on else None
    fee_hint = None
    if flags is not None:
        fee_hint = fees.quote_count(flags.monthly_count)
    draft_initial: dict[str, Any] = {}
    if reply is not None:
        draft_initial = {k: getattr(reply, k) for k in actions.REPLY_FIELDS}
    pending_ext = next((e for e in app.extensions.all() if e.approved is None), None)
    open_consultations = [c for c in app.consultations.all() if c.answered_on is None]
    forms = {
        "assign": f.AssignForm(auto_id="assign_%s", handlers=handlers, initial={"handler": app.handler_id}),
        "transfer": f.TransferForm(auto_id="transfer_%s"),
        "correction": f.CorrectionForm(
            auto_id="correction_%s", initial={"correction_due": _default_correction_due(today)}
        ),
        "correction_received": f.CorrectionReceivedForm(auto_id="correction_received_%s"),
        "consult": f.ConsultationForm(auto_id="consult_%s"),
        "consult_answer": [
            (
                c,
                f.ConsultationAnswerForm(
                    initial={"consultation": c.pk}, prefix=f"c{c.pk}", auto_id=f"c{c.pk}_%s"
                ),
            )
            for c in open_consultations
        ],
        "fee": f.FeeForm(
            auto_id="fee_%s", initial={"method": "count", "quantity": flags.monthly_count if flags else 11}
        ),
        "fee_paid": f.PaymentForm(auto_id="fee_paid_%s"),
        "extension": f.ExtensionForm(auto_id="extension_%s"),
        "extension_decide": f.ExtensionDecisionForm(
            auto_id="extension_decide_%s", initial={"extension": pending_ext.pk}
        )
        if pending_ext
        else None,
        "draft": f.DraftForm(auto_id="draft_%s", initial=draft_initial),
        "review": f.LegalReviewDecisionForm(auto_id="review_%s"),
        "send": f.SendForm(auto_id="send_%s"),
        "withdraw": f.WithdrawForm(auto_id="withdraw_%s"),
        "note": f.NoteForm(auto_id="note_%s", initial={"note": app.staff_note}),
        "date": f.DateOnlyForm(auto_id="date_%s"),
    }
    events = AuditEvent.objects.for_object(app).order_by("id")
    return render(
        request,
        "applications/detail.html",
        {
            # The reply's 保密审查 findings, from its submission to legal review until it is sent.
            **(
                panel_context(request, reply, blocked_note="以下问题处理完毕前不能发出答复：")
                if reply is not None and app.status in REPLY_SCREENED_STATUSES
                else {"secrecy": None}
            ),
            "app": app,
            "clock": view,
            "personal": personal,
            "masked": {
                "name": app.applicant_name if personal else app.masked_name,
                "id_number": app.id_number if personal else mask_middle(app.id_number),
                "phone": app.phone if personal else mask_middle(app.phone, 3, 2),
                "email": app.email if personal else ("***" if app.email else ""),
                "address": app.address if personal else ("***" if app.address else ""),
            },
            "steps": allowed_steps,
            "forms": forms,
            "flags": flags,
            "fee_hint": fee_hint,
            "phases": _phases(app),
            "reply": reply,
            "correction": getattr(app, "correction", None),
            "fee": getattr(app, "fee", None),
            "consultations": app.consultations.all(),
            "extensions": app.extensions.select_related("requested_by", "decided_by"),
            "transfers": app.transfers.select_related("from_agency", "to_agency"),
            "legal_reviews": app.legal_reviews.select_related("reviewer", "submitted_by"),
            "can_manage_review_cases": can(request.user, "applications.manage_reviews", app),
            "letters": app.letters.all(),
            "events": events,
            "today": today,
            "overdue": is_overdue(app, today),
        },
    )


def _default_correction_due(today: date) -> date | None:
    try:
        return services.calendar().add_working_days(today, settings.APPLICATION_CORRECTION_PERIOD_DAYS)[0]
    except ScheduleMissing:  # the year has no holiday schedule yet: no default, the handler enters one
        return None


MISSING_SCHEDULE_NOTE = "截止日期暂无法计算：所涉年份的节假日安排尚未录入。公开办录入后，次日自动补算。"
StepHandler = Callable[..., str | HttpResponse | None]


def _form_errors(form: Any) -> str:
    return "；".join(
        f"{form.fields[k].label if k in form.fields else ''}{e}"
        for k, errs in form.errors.items()
        for e in errs
    )


def _step_confirm(request: HttpRequest, app: Application) -> str | None:
    form = f.DateOnlyForm(request.POST)
    form.is_valid()
    actions.confirm_online(app, by=request.user, confirmed_on=form.cleaned_data.get("on"))
    return f"已登记，收到申请之日为 {Application.objects.get(pk=app.pk).received_on}。"


def _step_assign(request: HttpRequest, app: Application) -> str | None:
    form = f.AssignForm(request.POST, handlers=actions.handlers_of(app.agency_id))
    if not form.is_valid():
        raise Refused(_form_errors(form))
    actions.assign(app, form.cleaned_data["handler"], by=request.user)
    return "已分配承办人。"


def _step_accept(request: HttpRequest, app: Application) -> str | None:
    actions.accept(app, by=request.user)
    return "审核通过，已进入办理。"


def _step_transfer(request: HttpRequest, app: Application) -> str | HttpResponse | None:
    form = f.TransferForm(request.POST)
    if not form.is_valid():
        raise Refused(_form_errors(form))
    d = form.cleaned_data
    moved = actions.transfer(
        app, d["to_agency"], by=request.user, reason=d["reason"], transferred_on=d["transferred_on"]
    )
    done = f"已转送{d['to_agency'].short_name}，并生成转送告知书。"
    if can(request.user, "applications.view", moved):
        return done
    messages.success(request, done)  # the application left our agency: back to the ledger
    return redirect("applications:ledger")


def _step_correction(request: HttpRequest, app: Application) -> str | None:
    form = f.CorrectionForm(request.POST)
    if not form.is_valid():
        raise Refused(_form_errors(form))
    d = form.cleaned_data
    _, warnings = actions.request_correction(
        app, by=request.user, items=d["items"], correction_due=d["correction_due"], sent_on=d["sent_on"]
    )
    for warning in warnings:
        messages.warning(request, warning)
    return "已发出补正通知，可下载补正申请告知书。"


def _step_correction_received(request: HttpRequest, app: Application) -> str | None:
    form = f.CorrectionReceivedForm(request.POST, request.FILES)
    if not form.is_valid():
        raise Refused(_form_errors(form))
    d = form.cleaned_data
    actions.record_correction(
        app, by=request.user, corrected_on=d["corrected_on"], text=d["text"], file=d["file"]
    )
    return "已登记补正，答复期限重新计算。"


def _step_end_no_correction(request: HttpRequest, app: Application) -> str | None:
    actions.end_no_correction(app, by=request.user)
    return "已按逾期不补正终止处理。"


def _step_consult(request: HttpRequest, app: Application) -> str | None:
    form = f.ConsultationForm(request.POST)
    if not form.is_valid():
        raise Refused(_form_errors(form))
    d = form.cleaned_data
    consultation = actions.start_consultation(
        app,
        by=request.user,
        kind=d["kind"],
        party=d["party"],
        subject=d["subject"],
        sent_on=d["sent_on"],
        delivered_on=d["delivered_on"],
        party_address=d["party_address"],
    )
    if consultation.due_on is None:
        messages.warning(request, MISSING_SCHEDULE_NOTE)
    return "已发出征求意见函，答复期限暂停计算。"


def _step_consult_answer(request: HttpRequest, app: Application) -> str | None:
    prefix = next((k.split("-")[0] for k in request.POST if k.endswith("-consultation")), "")
    form = f.ConsultationAnswerForm(request.POST, prefix=prefix or None)
    if not form.is_valid():
        raise Refused(_form_errors(form))
    d = form.cleaned_data
    consultation = get_object_or_404(Consultation, pk=d["consultation"], application=app)
    actions.record_consultation_answer(
        consultation, by=request.user, response=d["response"], answered_on=d["answered_on"], note=d["note"]
    )
    return "已记录意见，答复期限恢复计算。"


def _step_fee(request: HttpRequest, app: Application) -> str | None:
    form = f.FeeForm(request.POST)
    if not form.is_valid():
        raise Refused(_form_errors(form))
    d = form.cleaned_data
    fee = actions.issue_fee_notice(
        app,
        by=request.user,
        method=d["method"],
        quantity=d["quantity"],
        payment_method=d["payment_method"],
        sent_on=d["sent_on"],
        notice_received_on=d["notice_received_on"],
    )
    if fee.pay_due is None:
        messages.warning(request, MISSING_SCHEDULE_NOTE)
    return f"已发出收费通知：{fee.amount} 元，缴费期限 {fee.pay_due or '暂无法计算'}。"


def _step_fee_paid(request: HttpRequest, app: Application) -> str | None:
    form = f.PaymentForm(request.POST)
    if not form.is_valid():
        raise Refused(_form_errors(form))
    actions.record_payment(app.fee, by=request.user, **form.cleaned_data)
    return "已记录缴费，答复期限恢复计算。"


def _step_end_no_payment(request: HttpRequest, app: Application) -> str | None:
    actions.end_no_payment(app, by=request.user)
    return "已按逾期未缴费终止处理。"


def _step_extension(request: HttpRequest, app: Application) -> str | None:
    form = f.ExtensionForm(request.POST)
    if not form.is_valid():
        raise Refused(_form_errors(form))
    actions.request_extension(app, by=request.user, **form.cleaned_data)
    return "已提交延期申请，待工作机构负责人审批。"


def _step_extension_decide(request: HttpRequest, app: Application) -> str | None:
    form = f.ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        raise Refused(_form_errors(form))
    d = form.cleaned_data
    extension = get_object_or_404(Extension, pk=d["extension"], application=app)
    actions.decide_extension(extension, by=request.user, approve=d["approve"], note=d["note"])
    return "已同意延期，延期答复告知书已生成。" if d["approve"] else "已不同意延期。"


def _step_draft(request: HttpRequest, app: Application) -> str | None:
    form = f.DraftForm(request.POST, request.FILES)
    if not form.is_valid():
        raise Refused(_form_errors(form))
    actions.save_draft(
        app, by=request.user, data=form.cleaned_data, attachment=form.cleaned_data["attachment"]
    )
    return "答复草稿已保存，可预览答复告知书。"


def _step_submit_legal_review(request: HttpRequest, app: Application) -> str | None:
    actions.submit_for_legal_review(app, by=request.user)
    return "已提交法律顾问审核。"


def _step_legal_review(request: HttpRequest, app: Application) -> str | None:
    form = f.LegalReviewDecisionForm(request.POST)
    if not form.is_valid():
        raise Refused(_form_errors(form))
    d = form.cleaned_data
    actions.decide_legal_review(app, by=request.user, approve=d["approve"], comments=d["comments"])
    return "审核通过，承办人可以发出答复。" if d["approve"] else "已退回承办人修改。"


def _step_reopen(request: HttpRequest, app: Application) -> str | None:
    actions.reopen_draft(app, by=request.user)
    return "已撤回修改；修改后须重新提交法律审核。"


def _step_send(request: HttpRequest, app: Application) -> str | None:
    form = f.SendForm(request.POST)
    if not form.is_valid():
        raise Refused(_form_errors(form))
    letter = actions.send_reply(app, by=request.user, **form.cleaned_data)
    return f"答复已发出（{letter.number}），申请人可在网上下载答复告知书。"


def _step_withdraw(request: HttpRequest, app: Application) -> str | None:
    form = f.WithdrawForm(request.POST)
    if not form.is_valid():
        raise Refused(_form_errors(form))
    actions.withdraw(app, by=request.user, on=form.cleaned_data["on"], note=form.cleaned_data["note"])
    return "已登记申请人撤回申请。"


def _step_archive(request: HttpRequest, app: Application) -> str | None:
    actions.archive(app, by=request.user)
    return "已归档。"


def _step_note(request: HttpRequest, app: Application) -> str | None:
    form = f.NoteForm(request.POST)
    form.is_valid()
    actions.save_staff_note(app, by=request.user, note=form.cleaned_data.get("note", ""))
    return "备注已保存。"


def _step_new_code(request: HttpRequest, app: Application) -> str | None:
    code = actions.new_code_for(app, by=request.user)
    return f"新的查询码：{code}（只显示这一次，原查询码已失效）。请在核实申请人身份后告知。"


STEPS: dict[str, StepHandler] = {
    "confirm": _step_confirm,
    "assign": _step_assign,
    "accept": _step_accept,
    "transfer": _step_transfer,
    "correction": _step_correction,
    "correction_received": _step_correction_received,
    "end_no_correction": _step_end_no_correction,
    "consult": _step_consult,
    "consult_answer": _step_consult_answer,
    "fee": _step_fee,
    "fee_paid": _step_fee_paid,
    "end_no_payment": _step_end_no_payment,
    "extension": _step_extension,
    "extension_decide": _step_extension_decide,
    "draft": _step_draft,
    "submit_review": _step_submit_legal_review,
    "review": _step_legal_review,
    "reopen": _step_reopen,
    "send": _step_send,
    "withdraw": _step_withdraw,
    "archive": _step_archive,
    "note": _step_note,
    "new_code": _step_new_code,
}


@login_required
@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    app = _staff_app(request, pk)
    if name not in STEPS:
        raise Http404
    steps = {key: partial(handler, app=app) for key, handler in STEPS.items()}
    return run_action(request, steps, redirect_to=reverse("applications:detail", args=[pk]), name=name)


@login_required
@require_GET
def letter_file(request: HttpRequest, pk: int, letter_id: int, fmt: str) -> HttpResponse | FileResponse:
    app = _staff_app(request, pk)
    letter = get_object_or_404(app.letters.all(), pk=letter_id)
    if _personal(request, app):
        return _letter_file(letter, fmt)
    # Everyone but the assigned 承办人 and the 工作机构负责人 gets the copy with the applicant's name masked.
    if fmt not in ("docx", "pdf") or not letter.docx:
        raise Http404
    with letter.docx.open("rb") as handle:
        data = letters.masked_copy(handle.read(), [app.applicant_name], fmt, issued_on=letter.issued_on)
    return serve_generated_file(data, filename=f"{letter.title}-{app.number}（隐去姓名）.{fmt}")


@login_required
@require_GET
def draft_preview(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The reply letter as it would go out now (not stored), for the 承办人 and the 法律顾问. Like the issued letters
    (letter_file), only the assigned 承办人 and the 工作机构负责人 see the applicant's name in full; every other role
    (the 法律顾问 reviewing it included) gets it masked as the lists show it."""
    app = _staff_app(request, pk)
    reply = getattr(app, "reply", None)
    if reply is None:
        raise Http404
    content = letters.compose(
        f"reply.{reply.outcome}",
        letters.reply_values(app, reply),
        number=f"{app.agency.short_name}依申答〔{timezone.localdate().year}〕（草稿）",
        issued_on=timezone.localdate(),
        organ=app.agency.name,
    )
    masked = not _personal(request, app)
    if masked:
        content = letters.masked_content(content, [app.applicant_name])
    if fmt == "docx":
        data, suffix = letters.docx_bytes(content), "docx"
    elif fmt == "pdf":
        data, suffix = letters.pdf_bytes(content), "pdf"
    else:
        raise Http404
    note = "（隐去姓名）" if masked else ""
    return serve_generated_file(data, filename=f"答复草稿-{app.number}{note}.{suffix}")


@login_required
@require_GET
def file_download(request: HttpRequest, pk: int, which: str) -> FileResponse:
    app = _staff_app(request, pk)
    if which == "proof":
        if not _personal(request, app):
            raise PermissionDenied("身份证明仅承办单位的承办人和工作机构负责人可以查看。")
        suffix = (app.identity_proof.name or "").rsplit(".", 1)[-1]
        return serve_protected_file(app.identity_proof, filename=f"身份证明-{app.number}.{suffix}")
    if which == "correction":
        correction = getattr(app, "correction", None)
        if correction is None or not _personal(request, app):
            raise Http404
        suffix = (correction.corrected_file.name or "").rsplit(".", 1)[-1]
        return serve_protected_file(correction.corrected_file, filename=f"补正材料-{app.number}.{suffix}")
    if which == "attachment":
        reply = getattr(app, "reply", None)
        if reply is None:
            raise Http404
        return serve_protected_file(reply.attachment, filename=reply.attachment_name or "附件")
    raise Http404
