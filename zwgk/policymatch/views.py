"""政策找人 pages: the public matching page (no login) and the staff page that edits a policy's 申报条件."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.core.actionviews import run_action
from zwgk.core.errors import Refused
from zwgk.documents.models import Record
from zwgk.policymatch import actions, channels, fields, figures, profileform, subscriptions
from zwgk.policymatch.actions import LEAFLET_FIELDS
from zwgk.policymatch.conditions import KINDS, OPS, TYPE_LABELS, ConditionError, parse_profile
from zwgk.policymatch.matching import match_profile, open_policies
from zwgk.policymatch.models import (
    ApplicationTally,
    Channel,
    Delivery,
    Leaflet,
    Notification,
    PolicyEligibility,
    Subscription,
)


def match(request: HttpRequest) -> HttpResponse:
    """An enterprise or a person fills a short profile and sees every open policy as 符合 / 可能符合 / 不符合."""
    kind = request.POST.get("kind") or request.GET.get("kind") or "enterprise"
    if kind not in KINDS:
        raise Http404
    reg = fields.current()
    rows, profile = profileform.read(reg, kind, request.POST if request.method == "POST" else {})
    results = None
    if request.method == "POST" and profile is not None:
        results = match_profile(profile, open_policies())
    derived = _derived(reg, rows, profile)
    return render(
        request,
        "policymatch/match.html",
        {
            "kind": kind,
            "kinds": KINDS,
            "kind_label": KINDS[kind],
            "rows": rows,
            "results": results,
            "derived": derived if results is not None else [],
            "cap": settings.POLICYMATCH_PUSH_CAP_PER_WEEK,
            "submitted": request.method == "POST",
            "active_nav": "policies",
        },
    )


def _derived(
    reg: Any, rows: list[profileform.FormField], profile: tuple[str, dict[str, Any]] | None
) -> list[tuple[str, str]]:
    """What matching filled in from the stated fields (门类 from 大类, 企业规模 by the 2017 standard)."""
    if profile is None:
        return []
    stated = {row.field.key for row in rows if row.value}
    out = []
    for key, value in profile[1].items():
        field = reg.lookup(key, profile[0])
        if key not in stated and field is not None:
            out.append((field.label, field.choice_label(value)))
    return out


def _record_for_editor(user: object, pk: int) -> Record:
    """A public record of the user's agencies that the user may attach 申报条件 to (404 / 403 otherwise)."""
    record = get_object_or_404(Record.objects.visible_to(user).public().select_related("agency"), pk=pk)
    require(user, "policymatch.edit", record)
    return record


@login_required
def workspace_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "policymatch.edit")
    records = (
        Record.objects.visible_to(request.user)
        .public()
        .policies()
        .in_force()
        .select_related("agency", "eligibility")
        .order_by("-published_at")[:200]
    )
    return render(
        request, "policymatch/workspace_list.html", {"records": records, "today": timezone.localdate()}
    )


def _reference(kind: str) -> list[dict[str, str]]:
    rows = []
    for f in fields.current().for_kind(kind):
        values = "、".join(f.choice_label(c) for c in f.choices) if f.choices else TYPE_LABELS[f.type]
        rows.append({"key": f.key, "label": f.label, "type": TYPE_LABELS[f.type], "values": values})
    return rows


@login_required
def workspace_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_for_editor(request.user, pk)
    item = PolicyEligibility.objects.filter(record=record).first()
    url = reverse("policymatch:workspace_edit", args=[record.pk])
    initial = {
        "profile_kind": item.profile_kind if item else "enterprise",
        "conditions": json.dumps(item.conditions, ensure_ascii=False, indent=2) if item else "",
        "opens_on": item.opens_on.isoformat() if item and item.opens_on else "",
        "closes_on": item.closes_on.isoformat() if item and item.closes_on else "",
        "channel": item.channel if item else "",
        "delivery": item.delivery if item else Delivery.APPLY,
    }

    def page(values: dict[str, str], problems: list[str], status: int = 200) -> HttpResponse:
        return render(
            request,
            "policymatch/workspace_edit.html",
            {
                "record": record,
                "item": item,
                "values": values,
                "problems": problems,
                "kinds": KINDS,
                "deliveries": Delivery.choices,
                "ops": OPS,
                "reference": {k: _reference(k) for k in KINDS},
                "figures": figures.for_policy(item) if item else None,
                "tallies": ApplicationTally.objects.filter(record=record)[:10],
                "today": timezone.localdate(),
            },
            status=status,
        )

    if request.method != "POST":
        return page(initial, [])

    def save(req: HttpRequest) -> str | HttpResponse:
        values = {name: req.POST.get(name, "") for name in initial}
        try:
            actions.save_eligibility(record, dict(values), by=req.user)
        except Refused as exc:
            # Re-rendered with what was typed, each problem naming its condition.
            return page(values, [exc.message, *exc.problems], status=400)
        return "申报条件已保存。"

    def tally(req: HttpRequest) -> str:
        actions.record_applications(record, dict(req.POST.items()), by=req.user)
        return "申报件数已登记。"

    return run_action(request, {"save": save, "tally": tally}, redirect_to=url)


@login_required
def workspace_leaflet(request: HttpRequest, pk: int) -> HttpResponse:
    """政策明白纸: staff edit the draft text, then download the one-page PDF or the PNG."""
    from zwgk.policymatch import (
        leaflet,  # segno, Pillow and reportlab: loaded with the first leaflet, not at start
    )

    record = _record_for_editor(request.user, pk)
    saved = Leaflet.objects.filter(record=record).first()
    text = leaflet.text_for(record)
    initial = {name: getattr(text, name) for name in LEAFLET_FIELDS}

    def page(values: dict[str, str], problems: list[str], status: int = 200) -> HttpResponse:
        return render(
            request,
            "policymatch/workspace_leaflet.html",
            {"record": record, "saved": saved, "values": values, "problems": problems},
            status=status,
        )

    if request.method != "POST":
        return page(initial, [])

    def save(req: HttpRequest) -> str | HttpResponse:
        values = {name: req.POST.get(name, "") for name in LEAFLET_FIELDS}
        try:
            actions.save_leaflet(record, values, by=req.user)
        except Refused as exc:
            return page(values, [exc.message, *exc.problems], status=400)
        return "明白纸已保存，可以下载打印。"

    url = reverse("policymatch:workspace_leaflet", args=[record.pk])
    return run_action(request, {"save": save}, redirect_to=url)


@login_required
def workspace_leaflet_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("pdf", "png"):
        raise Http404
    from zwgk.policymatch import leaflet

    record = _record_for_editor(request.user, pk)
    text = leaflet.text_for(record)
    try:
        body = leaflet.pdf(record, text) if fmt == "pdf" else leaflet.png(record, text)
    except Refused as exc:
        messages.error(request, " ".join([exc.message, *exc.problems]))
        return redirect("policymatch:workspace_leaflet", pk=record.pk)
    response = HttpResponse(body, content_type="application/pdf" if fmt == "pdf" else "image/png")
    name = f"policy-leaflet-{record.pk}.{fmt}"
    response["Content-Disposition"] = f'{"inline" if fmt == "pdf" else "attachment"}; filename="{name}"'
    return response


def _subscription(token: str) -> Subscription:
    """The subscription behind a private token link (404 for anything else)."""
    return get_object_or_404(Subscription, token=token)


def _contact_form(request: HttpRequest, sub: Subscription | None) -> dict[str, object]:
    """The contact / channel / topic part of the subscribe and change forms (refilled from POST)."""
    post = request.POST if request.method == "POST" else None

    def value(name: str, current: str) -> str:
        return post.get(name, "") if post is not None else current

    chosen = post.getlist("channels") if post is not None else (sub.channels if sub else ["email", "sms"])
    topics = (
        [int(t) for t in post.getlist("topics") if t.isdigit()]
        if post is not None
        else (sub.topics if sub else [])
    )
    return {
        "email": value("email", sub.email if sub else ""),
        "phone": value("phone", sub.phone if sub else ""),
        "uscc": value("uscc", sub.uscc if sub else ""),
        "chosen": chosen,
        "topics": topics,
        "topic_choices": subscriptions.topic_choices(),
        "include_maybe": (post.get("include_maybe") == "1")
        if post is not None
        else bool(sub and sub.include_maybe),
        "sms_enabled": channels.sms_enabled(),
    }


def _typed(rows: list[profileform.FormField]) -> dict[str, object]:
    return {row.field.key: profileform.raw_value(row.field, row.value) for row in rows if row.value}


def subscribe(request: HttpRequest) -> HttpResponse:
    """Register a profile for pushes: the short form, a contact, channels and topics, consent; then a code."""
    kind = request.POST.get("kind") or request.GET.get("kind") or "enterprise"
    if kind not in KINDS:
        raise Http404
    reg = fields.current()
    rows, profile = profileform.read(reg, kind, request.POST if request.method == "POST" else {})
    problems: list[str] = []
    contact = _contact_form(request, None)
    if request.method == "POST" and profile is not None:
        try:
            sub = subscriptions.subscribe(
                kind,
                _typed(rows),
                email=request.POST.get("email", ""),
                phone=request.POST.get("phone", ""),
                uscc=request.POST.get("uscc", ""),
                channels=request.POST.getlist("channels"),
                topics=request.POST.getlist("topics"),
                include_maybe=request.POST.get("include_maybe") == "1",
                consent=request.POST.get("consent") == "1",
            )
        except Refused as exc:
            problems = [exc.message, *exc.problems]
        else:
            messages.success(request, "验证码已发送，请在 15 分钟内填写。")
            return redirect("policymatch:subscription", token=sub.token)
    elif request.method == "POST":
        problems = ["画像填写有误，请按提示修改。"]
    return render(
        request,
        "policymatch/subscribe.html",
        {
            "kind": kind,
            "kinds": KINDS,
            "kind_label": KINDS[kind],
            "rows": rows,
            "problems": problems,
            "consent_text": subscriptions.consent_text(),
            "consent_version": settings.POLICYMATCH_CONSENT_VERSION,
            "active_nav": "policies",
            **contact,
        },
        status=400 if problems else 200,
    )


def subscription(request: HttpRequest, token: str) -> HttpResponse:
    """The private page of one subscription: verify its addresses, the in-site inbox, what was pushed and why,
    change everything, unsubscribe or delete."""
    sub = _subscription(token)
    url = reverse("policymatch:subscription", args=[token])
    reg = fields.current()
    posted_change = request.method == "POST" and request.POST.get("action") == "change"
    initial = {f"f_{k}": str(v).lower() if isinstance(v, bool) else str(v) for k, v in sub.fields.items()}
    rows, profile = profileform.read(reg, sub.profile_kind, request.POST if posted_change else initial)
    problems: list[str] = []
    if request.method == "POST":

        def delete(req: HttpRequest) -> HttpResponse:
            subscriptions.delete_subscription(sub)
            messages.success(req, "您的订阅及全部记录已删除。")
            return redirect("policymatch:match")

        def change(req: HttpRequest) -> str | HttpResponse:
            if profile is None:
                problems.append("画像填写有误，请按提示修改。")
                return page(400)
            try:
                return subscriptions.update_subscription(
                    sub,
                    _typed(rows),
                    email=req.POST.get("email", ""),
                    phone=req.POST.get("phone", ""),
                    uscc=req.POST.get("uscc", ""),
                    channels=req.POST.getlist("channels"),
                    topics=req.POST.getlist("topics"),
                    include_maybe=req.POST.get("include_maybe") == "1",
                )
            except Refused as exc:
                problems.extend([exc.message, *exc.problems])
                return page(400)

        def page(status: int) -> HttpResponse:
            return _subscription_page(request, sub, rows, problems, status)

        return run_action(
            request,
            {
                "verify": lambda r: (
                    subscriptions.verify(sub, r.POST.get("code", ""), r.POST.get("channel") or None),
                    "验证成功。",
                )[1],
                "resend": lambda r: subscriptions.send_code(sub, r.POST.get("channel") or Channel.EMAIL),
                "unsubscribe": lambda r: (subscriptions.unsubscribe(sub), "已退订，不会再收到推送。")[1],
                "resume": lambda r: (subscriptions.resume(sub), "已恢复订阅。")[1],
                "change": change,
                "delete": delete,
            },
            redirect_to=url,
        )
    return _subscription_page(request, sub, rows, problems, 200)


def _subscription_page(
    request: HttpRequest,
    sub: Subscription,
    rows: list[profileform.FormField],
    problems: list[str],
    status: int,
) -> HttpResponse:
    log = subscriptions.log(sub)
    reg = fields.current()
    try:
        profile: tuple[str, dict[str, Any]] | None = parse_profile(
            {"kind": sub.profile_kind, "fields": sub.fields}, reg
        )
    except ConditionError:  # a field removed from the setting: the page still shows, without results
        profile = None
    stored = [
        profileform.FormField(f, f"f_{f.key}", "x" if f.key in sub.fields else "")
        for f in reg.for_kind(sub.profile_kind)
    ]
    pending = {code.channel: code.target for code in sub.codes.all()}
    return render(
        request,
        "policymatch/subscription.html",
        {
            "sub": sub,
            "kind": sub.profile_kind,
            "kind_label": KINDS[sub.profile_kind],
            "rows": rows,
            "problems": problems,
            "inbox": subscriptions.inbox(sub),
            "results": match_profile(profile) if profile is not None else [],
            "derived": _derived(reg, stored, profile),
            "log": log,
            "pending": pending,
            "active_nav": "policies",
            **_contact_form(request, sub),
        },
        status=status,
    )


def opened(request: HttpRequest, token: str, channel: str) -> HttpResponse:
    """The tracked link in a push: counts the notification as opened on that channel, then shows the policy."""
    note = get_object_or_404(Notification.objects.select_related("record"), token=token)
    if channel not in Channel.values:
        raise Http404
    subscriptions.mark_opened(note, channel)
    return redirect("documents:record", pk=note.record_id)


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click link in every message: POST unsubscribes (RFC 8058), GET asks to confirm with one button."""
    sub = _subscription(token)
    if request.method == "POST":
        subscriptions.unsubscribe(sub)
        return render(request, "policymatch/unsubscribed.html", {"sub": sub, "done": True})
    return render(request, "policymatch/unsubscribed.html", {"sub": sub, "done": False})
