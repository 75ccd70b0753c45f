"""Public pages of 依申请公开: the application form, confirmation, status look-up with the query code, letters."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from zwgk.agencies.models import Agency
from zwgk.applications import actions, letters, services
from zwgk.applications import forms as f
from zwgk.applications.models import (
    Application,
    Status,
)
from zwgk.core import formuploads, ratelimit
from zwgk.core.errors import Refused
from zwgk.core.files import content_disposition, protect_headers, serve_protected_file

from .common import (
    SESSION_DONE,
    SESSION_UNLOCKED,
    _earlier_duplicate,
    _letter_file,
    _phases,
    _rate_limited,
    _submission_digest,
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
