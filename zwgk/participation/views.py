"""Pages of 征求意见: the public list, a draft with its articles and comment forms, the feedback report; the staff
list, editing, moderation and themes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from zwgk.accounts.permissions import can, require
from zwgk.agencies.selection import current_agency
from zwgk.core.actionviews import refusal_text, run_action
from zwgk.core.errors import Refused
from zwgk.core.paging import paginate
from zwgk.documents.caching import public_cache
from zwgk.documents.models import Record
from zwgk.interaction.views import rate_limited
from zwgk.participation import actions, paragraphs
from zwgk.participation.forms import CommentForm, ConsultationForm
from zwgk.participation.models import Comment, CommentDisplay, CommentStatus, Consultation, Decision, Theme

# --- public -------------------------------------------------------------------------------------------


def _public(pk: int) -> Consultation:
    return get_object_or_404(Consultation.objects.public().select_related("agency"), pk=pk)


@require_GET
@public_cache
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    qs = Consultation.objects.public().select_related("agency")
    return render(
        request,
        "participation/public/index.html",
        {
            "active_nav": "interaction",
            "open": [c for c in qs if c.is_open(today)],
            "page": paginate(request, qs.filter(closes_on__lt=today)),
        },
    )


def public_final_record(c: Consultation) -> Record | None:
    """The final policy only while it is itself public (never a title of a non-public record)."""
    if c.final_record_id is None:
        return None
    return Record.objects.public().filter(pk=c.final_record_id).first()


def _shown_comments(c: Consultation) -> list[Comment]:
    if c.comment_display != CommentDisplay.ALL:
        return []
    return list(c.comments.filter(status=CommentStatus.APPROVED).order_by("created_at"))


@never_cache
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = _public(pk)
    units = paragraphs.split(c.draft_text)
    unit = request.GET.get("unit") or request.POST.get("unit") or ""
    form = CommentForm(consultation=c)
    sent = False
    if request.method == "POST":
        form = CommentForm(request.POST, consultation=c)
        if rate_limited(request, "participation-comment", settings.PARTICIPATION_COMMENT_RATE):
            form.add_error(None, "提交过于频繁，请一小时后再试。")
        elif form.is_valid():
            try:
                actions.submit_comment(c, {**form.cleaned_data, "unit": unit or None})
            except Refused as exc:
                form.add_error(None, refusal_text(exc))
            else:
                messages.success(
                    request, "意见已提交，感谢您的参与。经审核后可能在本页公开（隐去个人信息）。"
                )
                return redirect(f"/participation/{c.pk}/#{'unit-' + unit if unit else 'comment'}")
    shown = _shown_comments(c)
    by_unit: dict[int | None, list[Comment]] = {}
    for comment in shown:
        by_unit.setdefault(comment.unit_number, []).append(comment)
    chosen = next((u for u in units if str(u.number) == unit and not u.heading), None)
    counts = actions.feedback_counts(c) if c.feedback_published_at else None
    return render(
        request,
        "participation/public/detail.html",
        {
            "active_nav": "interaction",
            "c": c,
            "final": public_final_record(c),
            "units": [(u, by_unit.get(u.number, [])) for u in units],
            "general": by_unit.get(None, []),
            "form": form if c.is_open() else None,
            "chosen": chosen,
            "phase": c.phase(),
            "counts": counts,
            "themes": c.themes.prefetch_related("comments") if c.feedback_published_at else [],
            "sent": sent,
        },
    )


# --- workspace ----------------------------------------------------------------------------------------


def _staff(user: Any, pk: int) -> Consultation:
    c = get_object_or_404(Consultation.objects.select_related("agency"), pk=pk)
    require(user, "participation.view", c)
    return c


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "participation.view"):
        raise PermissionDenied
    qs = Consultation.objects.visible_to(request.user).select_related("agency")
    agency = current_agency(request)
    return render(
        request,
        "participation/workspace/list.html",
        {
            "page": paginate(request, qs),
            "can_create": agency is not None and can(request.user, "participation.edit", agency),
            "today": timezone.localdate(),
        },
    )


@login_required
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    c = _staff(request.user, pk) if pk else None
    agency = c.agency if c else current_agency(request)
    if agency is None or not can(request.user, "participation.edit", agency):
        raise PermissionDenied
    form = ConsultationForm(instance=c)
    if request.method == "POST":
        form = ConsultationForm(request.POST, instance=c)
        if form.is_valid():
            try:
                saved = actions.save_consultation(c, {**form.cleaned_data, "agency": agency}, by=request.user)
            except Refused as exc:
                form.add_error(None, refusal_text(exc))
            else:
                return redirect("participation:staff_detail", pk=saved.pk)
    return render(request, "participation/workspace/edit.html", {"form": form, "c": c})


@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = _staff(request.user, pk)
    url = f"/workspace/participation/{c.pk}/"
    if request.method == "POST":
        return run_action(request, _steps(c), redirect_to=url)
    comments = list(c.comments.select_related("theme"))
    return render(
        request,
        "participation/workspace/detail.html",
        {
            "c": c,
            "comments": comments,
            "themes": c.themes.all(),
            "decisions": Decision.choices,
            "counts": actions.feedback_counts(c),
            "focus": actions.focus_points(c),
            "can_edit": can(request.user, "participation.edit", c),
            "can_publish": can(request.user, "participation.publish", c),
            "can_moderate": can(request.user, "participation.moderate", c),
            "phase": c.phase(),
        },
    )


def _steps(c: Consultation) -> dict[str, Any]:
    def publish(r: HttpRequest) -> str:
        actions.publish(c, by=r.user)
        return "已发布征求意见。"

    def withdraw(r: HttpRequest) -> str:
        actions.withdraw(c, r.POST.get("reason", ""), by=r.user)
        return "已撤下。"

    def approve(r: HttpRequest) -> str:
        comment = get_object_or_404(c.comments, pk=r.POST.get("comment"))
        actions.moderate(comment, approve=True, by=r.user)
        return "意见已审核（公开时隐去个人信息）。"

    def reject(r: HttpRequest) -> str:
        comment = get_object_or_404(c.comments, pk=r.POST.get("comment"))
        actions.moderate(comment, approve=False, reason=r.POST.get("reason", ""), by=r.user)
        return "该意见不予显示。"

    def theme(r: HttpRequest) -> str:
        existing = (
            get_object_or_404(Theme, pk=r.POST["theme"], consultation=c) if r.POST.get("theme") else None
        )
        ids = [int(v) for v in r.POST.getlist("comments") if v.isdigit()]
        actions.save_theme(
            c,
            existing,
            title=r.POST.get("title", ""),
            decision=r.POST.get("decision", ""),
            reason=r.POST.get("reason", ""),
            comment_ids=ids,
            by=r.user,
        )
        return "意见归纳已保存。"

    def feedback(r: HttpRequest) -> str:
        actions.publish_feedback(c, r.POST.get("text", ""), by=r.user)
        return "已公布意见采纳情况。"

    return {
        "publish": publish,
        "withdraw": withdraw,
        "approve": approve,
        "reject": reject,
        "theme": theme,
        "feedback": feedback,
    }


# --- API ----------------------------------------------------------------------------------------------


@require_GET
def api_list(request: HttpRequest) -> JsonResponse:
    today = timezone.localdate()
    results = []
    for c in Consultation.objects.public().select_related("agency"):
        results.append(
            {
                "id": c.pk,
                "title": c.title,
                "agency": {"code": c.agency.code, "name": c.agency.name},
                "opens": c.opens_on.isoformat(),
                "closes": c.closes_on.isoformat(),
                "status": "open" if c.is_open(today) else ("upcoming" if today < c.opens_on else "closed"),
                "comments_received": c.comments.count(),
                "feedback_published": c.feedback_published_at is not None,
                "final_record": getattr(public_final_record(c), "pk", None),
                "url": request.build_absolute_uri(f"/participation/{c.pk}/"),
            }
        )
    return JsonResponse(
        {"count": len(results), "results": results}, json_dumps_params={"ensure_ascii": False}
    )


def openapi_fragment() -> dict[str, Any]:
    return {
        "paths": {
            "/api/v1/consultations/": {
                "get": {
                    "summary": "征求意见列表（含意见数和采纳情况是否公布）",
                    "operationId": "listConsultations",
                    "responses": {
                        "200": {
                            "description": "列表",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/ConsultationList"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "schemas": {
            "ConsultationList": {
                "type": "object",
                "properties": {
                    "count": {"type": "integer"},
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "id": {"type": "integer"},
                                "title": {"type": "string"},
                                "agency": {"type": "object"},
                                "opens": {"type": "string", "format": "date"},
                                "closes": {"type": "string", "format": "date"},
                                "status": {"type": "string", "enum": ["open", "closed", "upcoming"]},
                                "comments_received": {"type": "integer"},
                                "feedback_published": {"type": "boolean"},
                                "final_record": {"type": ["integer", "null"]},
                                "url": {"type": "string", "format": "uri"},
                            },
                        },
                    },
                },
            }
        },
    }
