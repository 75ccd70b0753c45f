"""Pages of 依申请公开: the public guide, form and status page; the staff ledger, registration and handling."""

from __future__ import annotations

import re
import secrets
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from zwgk.accounts.permissions import agency_scope, can, require
from zwgk.agencies.models import Agency
from zwgk.agencies.selection import current_agency
from zwgk.applications import actions, clock, fees, letters, services
from zwgk.applications import forms as f
from zwgk.applications.ledger import (
    LEDGER_HEADERS,
    is_overdue,
    ledger_queryset,
    ledger_rows,
    template_workbook,
)
from zwgk.applications.models import (
    PHASES,
    Application,
    Consultation,
    Extension,
    Letter,
    LetterTemplate,
    ReviewCase,
    Status,
    mask_middle,
)
from zwgk.applications.outcomes import APPLICANT_COLUMNS, OUTCOME_BY_KEY, OUTCOME_GROUPS, OUTCOMES
from zwgk.applications.rules import VIEW_ROLES
from zwgk.applications.workflow import FLOW
from zwgk.audit.models import AuditEvent
from zwgk.calendar import ScheduleMissing
from zwgk.core import formuploads, ratelimit
from zwgk.core.actionviews import run_action
from zwgk.core.context import current as request_context
from zwgk.core.errors import Refused
from zwgk.core.exports import XLSX_MIME, xlsx_response
from zwgk.core.files import content_disposition, protect_headers, serve_generated_file, serve_protected_file
from zwgk.core.paging import paginate, querystring_without_page
from zwgk.secrecy.models import REPLY_SCREENED_STATUSES
from zwgk.secrecy.panel import panel_context

SESSION_UNLOCKED = "zwgk_applications_unlocked"
SESSION_DONE = "zwgk_applications_done"


def _rate_limited(request: HttpRequest, bucket: str, limit: int) -> bool:
    """Per client address and hour, counted in the database or Redis (shared by every worker and node)."""
    address = request_context().ip or request.META.get("REMOTE_ADDR", "")
    return ratelimit.over_limit(f"apply-{bucket}", address, limit, 3600)


def _submission_digest(data: dict[str, Any]) -> str:
    """What makes two submissions "the same payload": every field typed, and the proof's name and size."""
    parts = []
    for name in sorted(data):
        value = data[name]
        if hasattr(value, "size") and hasattr(value, "name"):
            value = f"{value.name}:{value.size}"
        elif hasattr(value, "pk"):
            value = value.pk
        parts.append(f"{name}={value}")
    return "\n".join(parts)


def _earlier_duplicate(data: dict[str, Any]) -> Application | None:
    since = timezone.now() - timedelta(seconds=settings.APPLICATION_DEDUP_SECONDS)
    return (
        Application.objects.filter(
            agency=data["agency"], description=data.get("description", ""), created_at__gte=since
        )
        .order_by("-id")
        .first()
    )


# --- public -------------------------------------------------------------------------------------------


@require_GET
def apply(request: HttpRequest) -> HttpResponse:
    agencies = Agency.objects.handling_applications().in_display_order()
    return render(
        request,
        "applications/public/guide.html",
        {
            "active_nav": "apply",
            "agencies": agencies,
            "online_confirmed_at_submission": settings.APPLICATION_ONLINE_RECEIPT == "submitted",
        },
    )


@never_cache
def apply_form(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    code = request.GET.get("agency")
    if code:
        agency = Agency.objects.handling_applications().filter(code=code).first()
        if agency:
            initial["agency"] = agency
    form = f.OnlineApplicationForm(initial=initial)
    if request.method == "POST":
        form = f.OnlineApplicationForm(request.POST, request.FILES)
        if _rate_limited(request, "submit", settings.APPLICATION_SUBMIT_RATE):
            form.add_error(None, "提交过于频繁，请一小时后再试，或拨打所申请机关的电话咨询。")
        elif form.is_valid():
            data = form.cleaned_data
            digest = _submission_digest(data)
            # The same payload twice within the window (a double click, a resend): one application.
            if not ratelimit.claim("apply-same", digest, settings.APPLICATION_DEDUP_SECONDS):
                done = request.session.get(SESSION_DONE)
                if done:
                    return redirect("applications:apply_done")
                earlier = _earlier_duplicate(data)
                number = f"（申请编号 {earlier.number}）" if earlier else ""
                form.add_error(
                    None,
                    f"内容相同的申请刚刚已经提交{number}，未重复受理。请凭提交时获得的申请编号和查询码查询办理进度；"
                    "如确需再次提交，请稍后再试。",
                )
                return render(request, "applications/public/form.html", {"active_nav": "apply", "form": form})
            try:
                app, code = actions.submit_online(data["agency"], data, data["identity_proof"])
            except Refused as exc:
                ratelimit.reset("apply-same", digest)
                form.add_error(None, str(exc))
            else:
                formuploads.discard(data.get("identity_proof_staged"))
                request.session[SESSION_DONE], pad = seal_code(app.number, code)
                _unlock(request, app)
                response = redirect("applications:apply_done")
                response.set_cookie(
                    CODE_PAD_COOKIE,
                    pad,
                    max_age=600,
                    path=reverse("applications:apply_done"),
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Strict",
                )
                return response
        if form.errors:
            form.keep_uploads()
    return render(request, "applications/public/form.html", {"active_nav": "apply", "form": form})


# The query code is shown once (issue 13): the session keeps the number and the code sealed with a one-time pad
# that only the applicant's browser holds (a cookie scoped to the done page), so the session table never holds
# the code in plain text; the first display drops both halves, a reload shows the number only.
CODE_PAD_COOKIE = "zwgk_code_pad"


def seal_code(number: str, code: str) -> tuple[dict[str, str], str]:
    """({number, sealed}, pad): the session part and the browser part of a query code (both hex)."""
    data = code.encode()
    pad = secrets.token_bytes(len(data))
    sealed = bytes(a ^ b for a, b in zip(data, pad, strict=True))
    return {"number": number, "sealed": sealed.hex()}, pad.hex()


def unseal_code(sealed: str, pad: str) -> str | None:
    try:
        data, key = bytes.fromhex(sealed), bytes.fromhex(pad)
    except ValueError:
        return None
    if len(data) != len(key):
        return None
    try:
        return bytes(a ^ b for a, b in zip(data, key, strict=True)).decode()
    except UnicodeDecodeError:
        return None


def _just_submitted(request: HttpRequest) -> tuple[Application, str | None] | None:
    """The application this browser has just submitted and, until the done page has shown it once, its query
    code (unsealed with the browser's one-time pad); None when there is none."""
    done = request.session.get(SESSION_DONE)
    if not done:
        return None
    app = Application.objects.filter(number=done.get("number", "")).select_related("agency").first()
    if app is None:
        raise Http404
    code = None
    if done.get("sealed"):
        code = unseal_code(done["sealed"], request.COOKIES.get(CODE_PAD_COOKIE, ""))
    return app, code


@never_cache
def apply_done(request: HttpRequest) -> HttpResponse:
    submitted = _just_submitted(request)
    if submitted is None:
        return redirect("applications:status_lookup")
    app, code = submitted
    request.session[SESSION_DONE] = {"number": app.number}  # shown once: the sealed half is dropped
    response = render(
        request,
        "applications/public/done.html",
        {"active_nav": "apply", "app": app, "code": code, "clock": services.evaluate(app)},
    )
    response.delete_cookie(CODE_PAD_COOKIE, path=reverse("applications:apply_done"))
    return response


@never_cache
@require_GET
def apply_receipt(request: HttpRequest) -> HttpResponse:
    """The receipt (回执) of the application just submitted, as a PDF that opens in the browser."""
    submitted = _just_submitted(request)
    if submitted is None:
        return redirect("applications:status_lookup")
    app, code = submitted
    data = letters.receipt_pdf(app, code, services.evaluate(app))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(f"申请回执-{app.number}.pdf", inline=True)
    return protect_headers(response, private=True)


def _unlock(request: HttpRequest, app: Application) -> None:
    unlocked = list(request.session.get(SESSION_UNLOCKED, []))
    if app.pk not in unlocked:
        unlocked.append(app.pk)
    request.session[SESSION_UNLOCKED] = unlocked[-20:]


def _applicant_app(request: HttpRequest, number: str) -> Application:
    """The access helper of the status page: only a visitor who entered the number and query code."""
    app = Application.objects.filter(number=number).select_related("agency").first()
    if app is None or app.pk not in request.session.get(SESSION_UNLOCKED, []):
        raise Http404
    return app


@never_cache
def status_lookup(request: HttpRequest) -> HttpResponse:
    # A bookmarked status link opened without the unlocked session arrives here with its number filled in.
    number = re.sub(r"[^0-9A-Za-z-]", "", request.GET.get("number", ""))[:30]
    form = f.LookupForm(initial={"number": number} if number else None)
    if request.method == "POST":
        form = f.LookupForm(request.POST)
        if _rate_limited(request, "query", settings.APPLICATION_QUERY_RATE):
            form.add_error(None, "查询次数过多，请一小时后再试。")
        elif form.is_valid():
            number = form.cleaned_data["number"].strip().upper()
            app = Application.objects.filter(number=number).first()
            if app is not None and app.check_query_code(form.cleaned_data["code"]):
                _unlock(request, app)
                request.session.pop(SESSION_DONE, None)
                return redirect("applications:status", number=app.number)
            form.add_error(None, "申请编号或查询码不正确。")
    return render(
        request,
        "applications/public/lookup.html",
        {"active_nav": "apply", "form": form, "from_link": bool(number) and request.method != "POST"},
    )


@never_cache
def status(request: HttpRequest, number: str) -> HttpResponse:
    try:
        app = _applicant_app(request, number)
    except Http404:
        # Not unlocked in this browser (or no such number — the answer must not tell which): ask for the code.
        query = urlencode({"number": re.sub(r"[^0-9A-Za-z-]", "", number)[:30]})
        return redirect(f"{reverse('applications:status_lookup')}?{query}")
    view = services.evaluate(app)
    correction = getattr(app, "correction", None)
    return render(
        request,
        "applications/public/status.html",
        {
            "active_nav": "apply",
            "app": app,
            "clock": view,
            "phases": _phases(app),
            "sentence": services.status_for_applicant(app),
            "letters": app.letters.for_applicant(),
            "correction": correction,
            "correction_form": f.ApplicantCorrectionForm()
            if app.status == Status.AWAITING_CORRECTION
            else None,
            "reply": getattr(app, "reply", None) if app.status in (Status.REPLIED, Status.ARCHIVED) else None,
            "can_withdraw": app.is_open,
        },
    )


@require_POST
def status_correct(request: HttpRequest, number: str) -> HttpResponse:
    app = _applicant_app(request, number)
    form = f.ApplicantCorrectionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.record_correction(
                app, by=None, text=form.cleaned_data["text"], file=form.cleaned_data["file"]
            )
        except Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "补正材料已提交，答复期限自今日起重新计算。")
    else:
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("applications:status", number=app.number)


@require_POST
def status_withdraw(request: HttpRequest, number: str) -> HttpResponse:
    app = _applicant_app(request, number)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "请勾选确认后再撤回申请。")
        return redirect("applications:status", number=app.number)
    try:
        actions.withdraw(app, by=None, note="申请人在线撤回")
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "申请已撤回。")
    return redirect("applications:status", number=app.number)


@require_GET
def status_letter(request: HttpRequest, number: str, letter_id: int, fmt: str) -> FileResponse:
    app = _applicant_app(request, number)
    letter = get_object_or_404(app.letters.for_applicant(), pk=letter_id)
    return _letter_file(letter, fmt)


@require_GET
def status_attachment(request: HttpRequest, number: str) -> FileResponse:
    app = _applicant_app(request, number)
    reply = getattr(app, "reply", None)
    if reply is None or reply.sent_on is None:
        raise Http404
    return serve_protected_file(reply.attachment, filename=reply.attachment_name or "附件")


def _letter_file(letter: Letter, fmt: str) -> FileResponse:
    if fmt == "docx":
        return serve_protected_file(letter.docx, filename=f"{letter.title}-{letter.application.number}.docx")
    if fmt == "pdf":
        return serve_protected_file(letter.pdf, filename=f"{letter.title}-{letter.application.number}.pdf")
    raise Http404


def _phases(app: Application) -> list[dict[str, Any]]:
    current = app.phase
    reached = True
    items = []
    for name, _ in PHASES:
        state = "current" if name == current else ("done" if reached else "todo")
        if name == current:
            reached = False
        items.append({"name": name, "state": state})
    return items


# --- staff: access helpers ---------------------------------------------------------------------------


def _staff_app(request: HttpRequest, pk: int) -> Application:
    """The access helper of staff pages: fetch with relations, 404 if missing, 403 without permission."""
    app = get_object_or_404(
        Application.objects.select_related("agency", "handler", "correction", "fee", "reply"), pk=pk
    )
    require(request.user, "applications.view", app, "您无权查看该申请：申请由其他单位办理。")
    return app


def _personal(request: HttpRequest, app: Application) -> bool:
    return can(request.user, "applications.view_personal", app)


# --- staff: ledger -----------------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    qs = Application.objects.visible_to(request.user)
    params = request.GET
    today = timezone.localdate()
    scope = agency_scope(request.user, VIEW_ROLES)
    filters: dict[str, Any] = {
        k: params.get(k, "")
        for k in ("status", "outcome", "agency", "year", "due", "q", "type", "mine", "from", "to")
    }
    if filters["agency"]:
        qs = qs.filter(agency__code=filters["agency"])
    if filters["status"] in Status.values:
        qs = qs.filter(status=filters["status"])
    elif filters["status"] == "open":
        qs = qs.open()
    if filters["outcome"] in OUTCOME_BY_KEY:
        qs = qs.filter(outcome=filters["outcome"])
    elif filters["outcome"] in OUTCOME_GROUPS:
        qs = qs.filter(outcome__in=[o.key for o in OUTCOMES if o.group == filters["outcome"]])
    if filters["year"].isdigit():
        qs = qs.filter(received_on__year=int(filters["year"]))
    for key, lookup in (("from", "received_on__gte"), ("to", "received_on__lte")):
        try:
            if filters[key]:
                qs = qs.filter(**{lookup: date.fromisoformat(filters[key])})
        except ValueError:
            filters[key] = ""
    if filters["due"] == "overdue":
        qs = qs.overdue(today)
    elif filters["due"] == "soon":
        qs = qs.due_between(today, today + timedelta(days=7))
    if filters["type"] in APPLICANT_COLUMNS:
        qs = qs.filter(applicant_type=filters["type"])
    if filters["mine"]:
        qs = qs.filter(handler_id=request.user.pk)
    if filters["q"]:
        q = filters["q"].strip()
        qs = qs.filter(Q(number__icontains=q) | Q(description__icontains=q) | Q(external_ref__icontains=q))
    agencies = Agency.objects.handling_applications().in_display_order()
    if scope is not None:
        agencies = agencies.filter(pk__in=scope)
    return qs, {"filters": filters, "agencies": agencies, "district_wide": scope is None or len(scope) > 1}


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    require(request.user, "applications.view")
    qs, ctx = _filtered(request)
    today = timezone.localdate()
    qs = ledger_queryset(qs.order_by("-received_on", "-id"))
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            f"依申请公开台账-{today}.xlsx",
            LEDGER_HEADERS,
            ledger_rows(qs.iterator(chunk_size=500), today),
            title="台账",
        )
    page = paginate(request, qs, 30)
    rows = [{"app": a, "overdue": is_overdue(a, today)} for a in page.object_list]
    agency = current_agency(request)
    return render(
        request,
        "applications/ledger.html",
        {
            **ctx,
            "page": page,
            "rows": rows,
            "query": querystring_without_page(request),
            "statuses": Status.choices,
            "outcome_groups": OUTCOME_GROUPS,
            "outcomes": OUTCOMES,
            "types": APPLICANT_COLUMNS,
            "chart": _chart(Application.objects.visible_to(request.user), today.year),
            "can_register": agency is not None and can(request.user, "applications.register", agency),
            "today": today,
        },
    )


def _chart(qs: Any, year: int) -> dict[str, Any]:
    """Monthly received vs concluded in `year`, drawn as inline SVG by the template."""
    received = Counter(qs.filter(received_on__year=year).values_list("received_on__month", flat=True))
    concluded = Counter(qs.filter(concluded_on__year=year).values_list("concluded_on__month", flat=True))
    peak = max([1, *received.values(), *concluded.values()])
    bars = []
    for month in range(1, 13):
        r, c = received.get(month, 0), concluded.get(month, 0)
        x = 40 + (month - 1) * 45
        bars.append(
            {
                "month": month,
                "received": r,
                "concluded": c,
                "x": x,
                "rh": round(r / peak * 120),
                "ch": round(c / peak * 120),
                "ry": 150 - round(r / peak * 120),
                "cy": 150 - round(c / peak * 120),
                "x2": x + 16,
                "tx": x + 16,
            }
        )
    return {
        "year": year,
        "bars": bars,
        "peak": peak,
        "total_received": sum(received.values()),
        "total_concluded": sum(concluded.values()),
    }


# --- staff: registration -----------------------------------------------------------------------------


@login_required
def register(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if agency is None:
        raise PermissionDenied("请先选择单位")
    require(request.user, "applications.register", agency, "只有依申请承办人可以登记申请。")
    handlers = actions._handlers_of(agency.pk)
    form = f.StaffRegisterForm(handlers=handlers)
    if request.method == "POST":
        form = f.StaffRegisterForm(request.POST, request.FILES, handlers=handlers)
        if form.is_valid():
            data = form.cleaned_data
            try:
                app, code = actions.register_by_staff(
                    agency,
                    data,
                    by=request.user,
                    channel=data["channel"],
                    submitted_on=data["submitted_on"],
                    signed_on=data["signed_on"],
                    confirmed_on=data["confirmed_on"],
                    proof=data["identity_proof"],
                    handler=data["handler"],
                )
            except Refused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    f"已登记申请 {app.number}，收到申请之日 {app.received_on}。请将查询码 {code} 告知申请人"
                    "（只显示这一次），申请人可凭编号和查询码在网上查询进度、下载答复。",
                )
                return redirect("applications:detail", pk=app.pk)
    return render(request, "applications/register.html", {"form": form, "agency": agency})


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
    handlers = actions._handlers_of(app.agency_id)
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
    form = f.AssignForm(request.POST, handlers=actions._handlers_of(app.agency_id))
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
    """The reply letter as it would go out now (not stored), for the 承办人 and the 法律顾问."""
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
    if fmt == "docx":
        data, suffix = letters.docx_bytes(content), "docx"
    elif fmt == "pdf":
        data, suffix = letters.pdf_bytes(content), "pdf"
    else:
        raise Http404
    return serve_generated_file(data, filename=f"答复草稿-{app.number}.{suffix}")


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


# --- staff: tools ------------------------------------------------------------------------------------


@login_required
def deadline(request: HttpRequest) -> HttpResponse:
    require(request.user, "applications.view")
    form = f.DeadlineForm(request.GET or None)
    result = error = None
    if form.is_bound and form.is_valid():
        try:
            result = clock.simple(
                form.cleaned_data["received"],
                form.cleaned_data["working_days"],
                services.calendar(provisional=True),
                services.clock_rules(),
            )
        except clock.ClockError as exc:
            error = str(exc)
        except Exception as exc:  # ScheduleMissing: shown, never a 500
            if not isinstance(exc, ScheduleMissing):
                raise
            error = str(exc).split(" / ")[0]
    return render(request, "applications/deadline.html", {"form": form, "result": result, "error": error})


@login_required
def candidates(request: HttpRequest) -> HttpResponse:
    require(request.user, "applications.view")
    since = timezone.localdate() - timedelta(days=365 * 2)
    qs = (
        Application.objects.visible_to(request.user)
        .filter(received_on__gte=since)
        .select_related("agency", "correction")
    )
    by_agency: dict[Agency, list[Application]] = {}
    for app in qs:
        by_agency.setdefault(app.agency, []).append(app)
    groups = []
    for agency, apps in sorted(by_agency.items(), key=lambda kv: kv[0].sort_order):
        found = services.art44_candidates(apps)
        if found:
            groups.append((agency, found))
    if request.GET.get("export") == "xlsx":
        rows = (
            [
                agency.short_name,
                c.description[:300],
                c.applicants,
                "、".join(a.number for a in c.applications),
            ]
            for agency, found in groups
            for c in found
        )
        return xlsx_response(
            f"建议主动公开-{timezone.localdate()}.xlsx",
            ["单位", "所申请的信息", "申请人数", "申请编号"],
            rows,
            title="第四十四条",
        )
    return render(request, "applications/candidates.html", {"groups": groups, "since": since})


@login_required
def templates(request: HttpRequest) -> HttpResponse:
    require(request.user, "applications.edit_templates")
    edited = dict(LetterTemplate.objects.values_list("key", "updated_at"))
    rows = [{"key": key, "label": label, "edited": edited.get(key)} for key, label in letters.template_keys()]
    return render(request, "applications/templates.html", {"rows": rows})


@login_required
def template_edit(request: HttpRequest, key: str) -> HttpResponse:
    require(request.user, "applications.edit_templates")
    labels = dict(letters.template_keys())
    if key not in labels:
        raise Http404
    title, body = letters.template_for(key)
    form = f.TemplateForm(initial={"title": title, "body": body})
    if request.method == "POST":
        if request.POST.get("reset") == "1":
            actions.reset_template(key, by=request.user)
            messages.success(request, "已恢复默认模板。")
            return redirect("applications:template_edit", key=key)
        form = f.TemplateForm(request.POST)
        if form.is_valid():
            try:
                actions.save_template(key, by=request.user, **form.cleaned_data)
            except Refused as exc:
                form.add_error("body", str(exc))
            else:
                messages.success(request, "模板已保存，此后生成的文书使用新模板；已发出的文书不变。")
                return redirect("applications:templates")
    return render(
        request,
        "applications/template_edit.html",
        {"form": form, "key": key, "label": labels[key], "placeholders": letters.PLACEHOLDERS},
    )


# --- staff: review cases (行政复议 / 行政诉讼) ------------------------------------------------------------


@login_required
def review_cases(request: HttpRequest) -> HttpResponse:
    require(request.user, "applications.view")
    qs = ReviewCase.objects.visible_to(request.user).select_related("agency", "application")
    kind = request.GET.get("kind", "")
    if kind:
        qs = qs.filter(kind=kind)
    if request.GET.get("export") == "xlsx":
        headers = [
            "单位",
            "类型",
            "结果",
            "立案日期",
            "审结日期",
            "复议机关/法院",
            "案号",
            "关联申请",
            "摘要",
        ]
        rows = (
            [
                c.agency.short_name,
                c.get_kind_display(),
                c.result,
                c.filed_on,
                c.concluded_on,
                c.organ,
                c.case_number,
                c.application.number if c.application else "",
                c.summary,
            ]
            for c in qs
        )
        return xlsx_response(f"行政复议诉讼-{timezone.localdate()}.xlsx", headers, rows, title="复议诉讼")
    agency = current_agency(request)
    page = paginate(request, qs, 30)
    for case in page:
        case.can_edit = can(request.user, "applications.manage_reviews", case)
    return render(
        request,
        "applications/review_cases.html",
        {
            "page": page,
            "query": querystring_without_page(request),
            "can_add": agency is not None and can(request.user, "applications.manage_reviews", agency),
            "kinds": ReviewCase._meta.get_field("kind").flatchoices,
            "kind": kind,
        },
    )


@login_required
def review_case_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    case = None
    if pk is not None:
        case = get_object_or_404(ReviewCase.objects.select_related("application"), pk=pk)
        require(request.user, "applications.manage_reviews", case)
        agency = case.agency
        initial = {
            "kind": case.kind,
            "application_number": case.application.number if case.application else "",
            "organ": case.organ,
            "case_number": case.case_number,
            "filed_on": case.filed_on,
            "result": case.result,
            "concluded_on": case.concluded_on,
            "summary": case.summary,
        }
    else:
        current = current_agency(request)
        if current is None:
            raise PermissionDenied("请先选择单位")
        agency = current
        require(request.user, "applications.manage_reviews", agency)
        initial = {"application_number": request.GET.get("application", "")}
    form = f.ReviewCaseForm(initial=initial)
    if request.method == "POST":
        form = f.ReviewCaseForm(request.POST)
        if form.is_valid():
            d = dict(form.cleaned_data)
            number = d.pop("application_number").strip().upper()
            application = None
            if number:
                application = Application.objects.filter(number=number, agency=agency).first()
                if application is None:
                    form.add_error("application_number", "本单位没有该编号的申请")
            if not form.errors:
                try:
                    actions.save_review_case(
                        case, by=request.user, agency=agency, data=d, application=application
                    )
                except Refused as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, "已保存。")
                    return redirect("applications:review_cases")
    return render(
        request, "applications/review_case_form.html", {"form": form, "case": case, "agency": agency}
    )


@login_required
@require_GET
def ledger_template(request: HttpRequest) -> HttpResponse:
    require(request.user, "applications.view")
    response = HttpResponse(template_workbook(), content_type=XLSX_MIME)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''ledger-template.xlsx"
    return response
