"""Pages of 互动交流: the public channels, form, status page and replied messages; the staff inbox, handling,
consultation log, figures and channel settings."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from zwgk.accounts.permissions import agency_scope, can, require
from zwgk.agencies.selection import current_agency
from zwgk.core import ratelimit
from zwgk.core.actionviews import refusal_text, run_action
from zwgk.core.context import current as request_context
from zwgk.core.errors import Refused
from zwgk.core.exports import xlsx_response
from zwgk.core.files import serve_protected_file
from zwgk.core.paging import paginate, querystring_without_page
from zwgk.documents.caching import public_cache
from zwgk.interaction import actions, services
from zwgk.interaction import forms as f
from zwgk.interaction.models import (
    ConsultationLog,
    Message,
    MessageKind,
    MessageQuerySet,
    Status,
)
from zwgk.interaction.rules import VIEW_ROLES


def rate_limited(request: HttpRequest, bucket: str, limit: int) -> bool:
    """Per client address and hour, counted in the database or Redis (shared by every worker and node)."""
    address = request_context().ip or request.META.get("REMOTE_ADDR", "")
    return ratelimit.over_limit(bucket, address, limit, 3600)


SESSION_UNLOCKED = "zwgk_interaction_unlocked"
SESSION_DONE = "zwgk_interaction_done"

# --- public -------------------------------------------------------------------------------------------


@require_GET
@public_cache
def index(request: HttpRequest) -> HttpResponse:
    kinds = MessageKind.objects.filter(active=True)
    recent = Message.objects.public().select_related("kind", "agency").order_by("-published_at")[:10]
    return render(
        request,
        "interaction/public/index.html",
        {"active_nav": "interaction", "kinds": kinds, "recent": recent},
    )


@never_cache
def new_message(request: HttpRequest, code: str) -> HttpResponse:
    kind = get_object_or_404(MessageKind, code=code, active=True)
    initial: dict[str, Any] = {}
    if kind.asks_page_url:
        # The footer's 纠错 link carries no address (public pages stay identical and cacheable): the page the
        # visitor came from is this site's own Referer; an explicit ?page= wins.
        initial["page_url"] = (request.GET.get("page") or _own_referer(request))[:500]
    form = f.MessageForm(initial=initial, kind=kind)
    if request.method == "POST":
        form = f.MessageForm(request.POST, request.FILES, kind=kind)
        if rate_limited(request, "interaction-submit", settings.INTERACTION_SUBMIT_RATE):
            form.add_error(None, "提交过于频繁，请一小时后再试，或拨打 12345 政务服务便民热线。")
        elif form.is_valid():
            try:
                message, query_code = actions.submit_message(
                    kind, form.cleaned_data, form.cleaned_data.get("attachment")
                )
            except Refused as exc:
                form.add_error(None, refusal_text(exc))
            else:
                # The code is shown once: the done page pops it from the session.
                request.session[SESSION_DONE] = {"number": message.number, "code": query_code}
                _unlock(request, message)
                return redirect("interaction:done")
    return render(
        request,
        "interaction/public/form.html",
        {"active_nav": "interaction", "form": form, "kind": kind},
    )


@never_cache
def done(request: HttpRequest) -> HttpResponse:
    shown = request.session.pop(SESSION_DONE, None)
    if not shown:
        return redirect("interaction:lookup")
    message = get_object_or_404(Message.objects.select_related("kind", "agency"), number=shown["number"])
    return render(
        request,
        "interaction/public/done.html",
        {"active_nav": "interaction", "message": message, "code": shown["code"]},
    )


def _own_referer(request: HttpRequest) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return ""
    parts = urlsplit(referer)
    if parts.netloc != request.get_host() or parts.path.startswith(("/interaction/", "/workspace/")):
        return ""
    return referer


def _unlock(request: HttpRequest, message: Message) -> None:
    unlocked = list(request.session.get(SESSION_UNLOCKED, []))
    if message.pk not in unlocked:
        unlocked.append(message.pk)
    request.session[SESSION_UNLOCKED] = unlocked[-20:]


def _writer_message(request: HttpRequest, number: str) -> Message | None:
    """The access helper of the status page: only a visitor who entered the number and query code."""
    message = Message.objects.filter(number=number).select_related("kind", "agency").first()
    if message is None or message.pk not in request.session.get(SESSION_UNLOCKED, []):
        return None
    return message


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    form = f.LookupForm(initial={"number": request.GET.get("number", "")[:20]})
    if request.method == "POST":
        form = f.LookupForm(request.POST)
        if rate_limited(request, "interaction-query", settings.INTERACTION_QUERY_RATE):
            form.add_error(None, "查询次数过多，请一小时后再试。")
        elif form.is_valid():
            number = form.cleaned_data["number"].strip().upper()
            message = Message.objects.filter(number=number).first()
            if message is not None and message.check_query_code(form.cleaned_data["code"]):
                _unlock(request, message)
                return redirect("interaction:status", number=message.number)
            form.add_error(None, "留言编号或查询码不正确。")
    return render(request, "interaction/public/lookup.html", {"active_nav": "interaction", "form": form})


@never_cache
def status(request: HttpRequest, number: str) -> HttpResponse:
    message = _writer_message(request, number)
    if message is None:
        # A bookmarked status page in a new browser: ask for the code, with the number filled in.
        return redirect(f"{request.build_absolute_uri('/interaction/status/')}?number={number[:20]}")
    supply_form = f.SupplyForm()
    rating_form = f.RatingForm()
    if request.method == "POST":
        step = request.POST.get("action")
        try:
            if step == "supply":
                supply_form = f.SupplyForm(request.POST)
                if supply_form.is_valid():
                    actions.supply_info(message, supply_form.cleaned_data["answer"])
                    return redirect("interaction:status", number=message.number)
            elif step == "rate":
                rating_form = f.RatingForm(request.POST)
                if rating_form.is_valid():
                    actions.rate(
                        message, rating_form.cleaned_data["satisfaction"], rating_form.cleaned_data["comment"]
                    )
                    return redirect("interaction:status", number=message.number)
        except Refused as exc:
            (supply_form if step == "supply" else rating_form).add_error(None, refusal_text(exc))
        message.refresh_from_db()
    return render(
        request,
        "interaction/public/status.html",
        {
            "active_nav": "interaction",
            "message": message,
            "events": message.events.filter(public=True),
            "due_text": services.describe_due(message),
            "supply_form": supply_form if message.status == Status.AWAITING_INFO else None,
            "rating_form": rating_form
            if message.status == Status.REPLIED and not message.satisfaction
            else None,
        },
    )


@require_GET
@public_cache
def replies(request: HttpRequest) -> HttpResponse:
    qs = Message.objects.public().select_related("kind", "agency").order_by("-published_at", "-pk")
    kind = request.GET.get("kind", "")
    if kind:
        qs = qs.filter(kind__code=kind)
    q = request.GET.get("q", "").strip()[:50]
    if q:
        qs = qs.filter(Q(public_title__contains=q) | Q(public_body__contains=q) | Q(public_reply__contains=q))
    return render(
        request,
        "interaction/public/replies.html",
        {
            "active_nav": "interaction",
            "page": paginate(request, qs),
            "kinds": MessageKind.objects.filter(active=True),
            "kind": kind,
            "q": q,
            "query": querystring_without_page(request),
        },
    )


@require_GET
@public_cache
def reply_detail(request: HttpRequest, number: str) -> HttpResponse:
    message = get_object_or_404(Message.objects.public().select_related("kind", "agency"), number=number)
    return render(
        request, "interaction/public/reply_detail.html", {"active_nav": "interaction", "message": message}
    )


# --- workspace ----------------------------------------------------------------------------------------


def _staff_message(user: Any, pk: int) -> Message:
    """The access helper of a message for staff: 404 if it does not exist, 403 without the right."""
    message = get_object_or_404(Message.objects.select_related("kind", "agency", "handler"), pk=pk)
    require(user, "interaction.view", message)
    return message


def _today() -> date:
    return timezone.localdate()


INBOX_HEADERS = [
    "留言编号",
    "类别",
    "细类",
    "标题",
    "办理单位",
    "状态",
    "收到日期",
    "答复期限",
    "答复日期",
    "留言人",
    "满意度",
]


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "interaction.view"):
        raise PermissionDenied
    today = _today()
    qs = Message.objects.visible_to(request.user).select_related("kind", "agency")
    agency = current_agency(request)
    if agency is not None and request.GET.get("all") != "1":
        qs = qs.filter(agency=agency)
    state = request.GET.get("state", "open")
    if state == "open":
        qs = qs.open()
    elif state == "overdue":
        qs = qs.overdue(today)
    elif state == "due_soon":
        qs = qs.due_within(today, today + timedelta(days=settings.INTERACTION_DUE_SOON_DAYS))
    elif state in Status.values:
        qs = qs.filter(status=state)
    kind = request.GET.get("kind", "")
    if kind:
        qs = qs.filter(kind__code=kind)
    qs = qs.order_by("due_on", "received_on", "pk") if state in ("open", "overdue", "due_soon") else qs
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                m.number,
                m.kind.name,
                m.subkind,
                m.title,
                m.agency.short_name,
                m.status_label,
                m.received_on,
                m.due_on,
                m.replied_on,
                m.masked_name,
                m.get_satisfaction_display(),
            ]
            for m in qs
        ]
        return xlsx_response("互动交流留言.xlsx", INBOX_HEADERS, rows, title="留言")
    return render(
        request,
        "interaction/workspace/inbox.html",
        {
            "page": paginate(request, qs, per_page=30),
            "today": today,
            "state": state,
            "kind": kind,
            "kinds": MessageKind.objects.all(),
            "states": [("open", "未办结"), ("overdue", "已超期"), ("due_soon", "即将到期"), *Status.choices],
            "query": querystring_without_page(request),
            "agency": agency,
        },
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = _staff_message(request.user, pk)
    url = f"/workspace/interaction/{message.pk}/"
    if request.method == "POST":
        return run_action(request, _steps(message), redirect_to=url)
    moves = actions.FLOW.available_moves(message, request.user)
    can_handle = can(request.user, "interaction.handle", message)
    personal = can(request.user, "interaction.view_personal", message)
    return render(
        request,
        "interaction/workspace/detail.html",
        {
            "message": message,
            "moves": moves,
            "can_handle": can_handle and message.status in (Status.PROCESSING, Status.AWAITING_SIGNOFF),
            "can_transfer": can(request.user, "interaction.transfer", message) and message.is_open,
            "can_unpublish": can_handle and message.published_at is not None,
            "personal": personal,
            # Need-to-know: staff who may not see the writer's details read the text masked as the public would.
            "body": message.body if personal else services.public_text(message.body, message),
            "events": message.events.select_related("actor"),
            "pauses": message.pauses.all(),
            "explanation": services.evaluate(message).explanation,
            "days_used": services.days_used(message),
            "reply_form": f.ReplyForm(
                initial={"reply_body": message.reply_body, "reply_public": message.reply_public}
            ),
            "transfer_form": f.TransferForm(exclude=message.agency_id),
            "today": _today(),
            "next_step": _next_step(message, moves),
            "Status": Status,
        },
    )


def _next_step(message: Message, moves: list[str]) -> str:
    if message.status == Status.RECEIVED:
        return "下一步：受理并确定承办人，或转交负责的单位。"
    if message.status == Status.AWAITING_INFO:
        return "下一步：等待留言人补充材料（期限暂停计算），收到后登记。"
    if message.status == Status.PROCESSING:
        if message.kind.requires_signoff:
            return "下一步：拟定答复，送本单位负责人审签。"
        return "下一步：拟定并发出答复。"
    if message.status == Status.AWAITING_SIGNOFF:
        return "下一步：负责人审签后答复发出。"
    return "已办结。"


def _steps(message: Message) -> dict[str, Any]:
    def accept(r: HttpRequest) -> str:
        actions.accept(message, by=r.user)
        return "已受理。"

    def transfer(r: HttpRequest) -> str | HttpResponse:
        form = f.TransferForm(r.POST, exclude=message.agency_id)
        if not form.is_valid():
            raise Refused("请选择转交单位并填写理由。")
        actions.transfer(message, form.cleaned_data["to"], reason=form.cleaned_data["reason"], by=r.user)
        return "已转办。"

    def ask(r: HttpRequest) -> str:
        actions.request_info(message, r.POST.get("question", ""), by=r.user)
        return "已请留言人补充材料，答复期限暂停计算。"

    def supplied(r: HttpRequest) -> str:
        actions.supply_info(message, r.POST.get("answer", ""), by=r.user)
        return "已登记补充材料。"

    def save(r: HttpRequest) -> str:
        actions.save_reply(
            message, r.POST.get("reply_body", ""), public=r.POST.get("reply_public") == "on", by=r.user
        )
        return "答复已保存。"

    def signoff(r: HttpRequest) -> str:
        actions.submit_for_signoff(message, by=r.user)
        return "已送负责人审签。"

    def back(r: HttpRequest) -> str:
        actions.return_reply(message, r.POST.get("note", ""), by=r.user)
        return "已退回修改。"

    def send(r: HttpRequest) -> str:
        actions.send_reply(message, by=r.user)
        return "答复已发出。" + ("答复已在网站公开（个人信息已隐去）。" if message.reply_public else "")

    def invalid(r: HttpRequest) -> str:
        actions.mark_invalid(message, r.POST.get("reason", ""), by=r.user)
        return "已标记为不予受理。"

    def unpublish(r: HttpRequest) -> str:
        actions.unpublish(message, reason=r.POST.get("reason", ""), by=r.user)
        return "已从网站撤下。"

    return {
        "accept": accept,
        "transfer": transfer,
        "ask": ask,
        "supplied": supplied,
        "save": save,
        "signoff": signoff,
        "return": back,
        "send": send,
        "invalid": invalid,
        "unpublish": unpublish,
    }


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    message = _staff_message(request.user, pk)
    if not message.attachment:
        raise Http404
    return serve_protected_file(
        message.attachment,
        filename=f"{message.number}-附件.{(message.attachment.name or '').rsplit('.', 1)[-1]}",
    )


LOG_HEADERS = ["日期", "单位", "渠道", "咨询事项", "问题摘要", "当场答复", "转交", "登记人"]


@login_required
def consultation_log(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if not can(request.user, "interaction.view_log"):
        raise PermissionDenied
    form = f.ConsultationLogForm()
    if request.method == "POST":
        if agency is None:
            raise PermissionDenied
        form = f.ConsultationLogForm(request.POST)
        if form.is_valid():
            try:
                actions.log_consultation(agency, form.cleaned_data, by=request.user)
            except Refused as exc:
                form.add_error(None, refusal_text(exc))
            else:
                messages.success(request, "已登记。")
                return redirect("interaction:log")
    scope = agency_scope(request.user, VIEW_ROLES)
    qs = ConsultationLog.objects.select_related("agency", "logged_by")
    if scope is not None:
        qs = qs.filter(agency_id__in=scope)
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                e.asked_on,
                e.agency.short_name,
                e.get_channel_display(),
                e.topic,
                e.question,
                "是" if e.answered_on_spot else "否",
                e.referred_to,
                getattr(e.logged_by, "display_name", ""),
            ]
            for e in qs
        ]
        return xlsx_response("咨询登记.xlsx", LOG_HEADERS, rows, title="咨询登记")
    return render(
        request,
        "interaction/workspace/log.html",
        {
            "form": form,
            "page": paginate(request, qs, per_page=30),
            "agency": agency,
            "can_log": agency is not None and can(request.user, "interaction.log", agency),
            "suggestions": services.faq_suggestions(qs),
        },
    )


FIGURE_HEADERS = [
    "单位",
    "收到",
    "答复",
    "按期答复",
    "按期率",
    "超期未答复",
    "平均用时（工作日）",
    "评价数",
    "满意率",
]


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "interaction.figures"):
        raise PermissionDenied
    today = _today()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
    if not 2008 <= year <= today.year + 1:
        year, month = today.year, today.month
    scope = agency_scope(request.user, VIEW_ROLES)
    qs: MessageQuerySet = (
        Message.objects.all() if scope is None else Message.objects.filter(agency_id__in=scope)
    )
    rows = services.monthly_rows(qs, year, month, today)
    if request.GET.get("export") == "xlsx":
        data = [
            [
                r.agency,
                r.received,
                r.replied,
                r.on_time,
                f"{r.on_time_share:.0%}" if r.on_time_share is not None else "—",
                r.overdue_open,
                r.average_days if r.average_days is not None else "—",
                r.rated,
                f"{r.satisfaction_share:.0%}" if r.satisfaction_share is not None else "—",
            ]
            for r in rows
        ]
        return xlsx_response(
            f"互动交流{year}年{month}月.xlsx", FIGURE_HEADERS, data, title=f"{year}年{month}月"
        )
    first, last = services.month_bounds(year, month)
    stale = (
        qs.unanswered_longer_than(today, settings.INTERACTION_UNANSWERED_MONTHS)
        .select_related("agency", "kind")
        .order_by("received_on")
    )
    month_texts = qs.filter(received_on__gte=first, received_on__lte=last).values_list("title", "body")
    chart = _month_chart(rows)
    return render(
        request,
        "interaction/workspace/figures.html",
        {
            "rows": rows,
            "year": year,
            "month": month,
            "chart": chart,
            "stale": stale,
            "months_limit": settings.INTERACTION_UNANSWERED_MONTHS,
            "hot": services.hot_topics(f"{t} {b}" for t, b in month_texts),
            "previous": (first - timedelta(days=1)),
            "following": (last + timedelta(days=1)),
        },
    )


def _month_chart(rows: list[services.MonthRow]) -> dict[str, Any] | None:
    """Geometry of the horizontal bar chart (received / replied on time per agency); the table carries the data."""
    if not rows:
        return None
    peak = max(r.received for r in rows) or 1
    plot = 560
    bars = []
    for i, r in enumerate(rows):
        y = 24 + i * 30
        bars.append(
            {
                "label": r.agency,
                "y": y,
                "y2": y + 11,
                "text_y": y + 15,
                "received": r.received,
                "on_time": r.on_time,
                "received_w": round(plot * r.received / peak, 1),
                "on_time_w": round(plot * r.on_time / peak, 1),
                "total_x": 206 + round(plot * max(r.received, r.on_time) / peak, 1),
            }
        )
    return {"bars": bars, "height": 30 + 30 * len(rows)}


@login_required
def kinds(request: HttpRequest) -> HttpResponse:
    require(request.user, "interaction.configure")
    return render(request, "interaction/workspace/kinds.html", {"kinds": MessageKind.objects.all()})


@login_required
def kind_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, "interaction.configure")
    kind = get_object_or_404(MessageKind, pk=pk) if pk else MessageKind()
    form = f.KindForm(instance=kind)
    if request.method == "POST":
        form = f.KindForm(request.POST, instance=kind)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "handling_agencies"}
            if not kind.pk:
                kind.code = _new_code(data["name"])
            try:
                actions.save_kind(kind, data, form.cleaned_data["handling_agencies"], by=request.user)
            except Refused as exc:
                form.add_error(None, refusal_text(exc))
            else:
                return redirect("interaction:kinds")
    return render(request, "interaction/workspace/kind_form.html", {"form": form, "kind": kind})


def _new_code(name: str) -> str:
    base = "kind"
    n = MessageKind.objects.count() + 1
    while MessageKind.objects.filter(code=f"{base}{n}").exists():
        n += 1
    return f"{base}{n}"
