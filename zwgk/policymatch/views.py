"""政策找人 pages: the public matching page (no login) and the staff page that edits a policy's 申报条件."""

from __future__ import annotations

import json

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
from zwgk.policymatch import actions, fields, profileform, subscriptions
from zwgk.policymatch.conditions import KINDS, OPS, TYPE_LABELS
from zwgk.policymatch.matching import concerned, delivery_counts, match_profile, open_policies
from zwgk.policymatch.models import Delivery, PolicyEligibility, Subscription


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
    return render(
        request,
        "policymatch/match.html",
        {
            "kind": kind,
            "kinds": KINDS,
            "kind_label": KINDS[kind],
            "rows": rows,
            "results": results,
            "cap": settings.POLICYMATCH_PUSH_CAP_PER_WEEK,
            "submitted": request.method == "POST",
            "active_nav": "policies",
        },
    )


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
        values = "、".join(f.choices) if f.choices else TYPE_LABELS[f.type]
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
                "concerned": concerned(item) if item else None,
                "deliveries_by_status": delivery_counts(item) if item else {},
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

    return run_action(request, {"save": save}, redirect_to=url)


def _subscription(token: str) -> Subscription:
    """The subscription behind a private token link (404 for anything else)."""
    return get_object_or_404(Subscription, token=token)


def subscribe(request: HttpRequest) -> HttpResponse:
    """Register a profile for pushes: the same short form, an e-mail address, consent; then a one-time code."""
    kind = request.POST.get("kind") or request.GET.get("kind") or "enterprise"
    if kind not in KINDS:
        raise Http404
    reg = fields.current()
    rows, profile = profileform.read(reg, kind, request.POST if request.method == "POST" else {})
    problems: list[str] = []
    if request.method == "POST" and profile is not None:
        raw = {row.field.key: profileform.raw_value(row.field, row.value) for row in rows if row.value}
        try:
            sub = subscriptions.subscribe(
                kind,
                raw,
                email=request.POST.get("email", ""),
                include_maybe=request.POST.get("include_maybe") == "1",
                consent=request.POST.get("consent") == "1",
            )
        except Refused as exc:
            problems = [exc.message, *exc.problems]
        else:
            messages.success(request, "验证码已发送到您的邮箱，请在 15 分钟内填写。")
            return redirect("policymatch:subscription", token=sub.token)
    return render(
        request,
        "policymatch/subscribe.html",
        {
            "kind": kind,
            "kinds": KINDS,
            "kind_label": KINDS[kind],
            "rows": rows,
            "problems": problems,
            "email": request.POST.get("email", ""),
            "consent_text": subscriptions.CONSENT_TEXT.format(site=settings.SITE_NAME),
            "active_nav": "policies",
        },
        status=400 if problems else 200,
    )


def subscription(request: HttpRequest, token: str) -> HttpResponse:
    """The private page of one subscription: verify it, see what was pushed and why, unsubscribe or delete."""
    sub = _subscription(token)
    url = reverse("policymatch:subscription", args=[token])
    if request.method == "POST":

        def delete(req: HttpRequest) -> HttpResponse:
            subscriptions.delete_subscription(sub)
            messages.success(req, "您的订阅及全部记录已删除。")
            return redirect("policymatch:match")

        return run_action(
            request,
            {
                "verify": lambda r: (
                    subscriptions.verify(sub, r.POST.get("code", "")),
                    "验证成功，订阅已生效。",
                )[1],
                "resend": lambda r: subscriptions.send_code(sub),
                "unsubscribe": lambda r: (subscriptions.unsubscribe(sub), "已退订，不会再收到推送。")[1],
                "delete": delete,
            },
            redirect_to=url,
        )
    log = sub.notifications.select_related("record").order_by("-created_at")
    return render(
        request,
        "policymatch/subscription.html",
        {"sub": sub, "kind_label": KINDS[sub.profile_kind], "log": log, "active_nav": "policies"},
    )


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click link in every message: POST unsubscribes (RFC 8058), GET asks to confirm with one button."""
    sub = _subscription(token)
    if request.method == "POST":
        subscriptions.unsubscribe(sub)
        return render(request, "policymatch/unsubscribed.html", {"sub": sub, "done": True})
    return render(request, "policymatch/unsubscribed.html", {"sub": sub, "done": False})
