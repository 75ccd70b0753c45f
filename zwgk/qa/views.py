"""政策问答: the public question page, FAQ pages and JSON API; workspace FAQ editing and question statistics."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zwgk.accounts.permissions import can, require
from zwgk.agencies.selection import current_agency, switchable_agencies
from zwgk.core.actionviews import run_action
from zwgk.core.exports import xlsx_response
from zwgk.core.paging import paginate, querystring_without_page
from zwgk.qa import actions
from zwgk.qa.forms import FaqForm, FaqSourceFormSet
from zwgk.qa.models import FAQ_FLOW, AskedQuestion, Faq, FaqStatus, Topic
from zwgk.qa.service import ask, faq_citations
from zwgk.search.text import MAX_QUERY_CHARS


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    question = request.GET.get("q", "")
    answer = ask(question) if question.strip() else None
    topics = []
    faqs = list(Faq.objects.public().select_related("agency").order_by("topic", "question"))
    for value, label in Topic.choices:
        items = [f for f in faqs if f.topic == value]
        if items:
            topics.append({"value": value, "label": label, "faqs": items})
    return render(
        request,
        "qa/home.html",
        {"question": question[:MAX_QUERY_CHARS], "answer": answer, "topics": topics, "active_nav": "qa"},
    )


def _public_faq(pk: int) -> Faq:
    """Access helper: only published FAQs are reachable publicly (404 otherwise)."""
    return get_object_or_404(Faq.objects.public().select_related("agency"), pk=pk)


@require_GET
def faq_detail(request: HttpRequest, pk: int) -> HttpResponse:
    faq = _public_faq(pk)
    return render(
        request, "qa/faq_detail.html", {"faq": faq, "citations": faq_citations(faq), "active_nav": "qa"}
    )


@csrf_exempt  # a public, read-only JSON endpoint without cookies or state
@require_http_methods(["GET", "POST"])
def ask_api(request: HttpRequest) -> JsonResponse:
    """GET /api/qa/ask/?q=… (or POST q=…): {"answer", "citations", "found"} plus details."""
    question = request.GET.get("q") or request.POST.get("q") or ""
    answer = ask(question)
    body: dict[str, Any] = answer.as_dict()
    body.update(
        {
            "question": answer.question,
            "generated": answer.generated,
            "topic": Topic(answer.topic).label if answer.topic in Topic.values else answer.topic,
            "faqs": [
                {"question": m.faq.question, "url": f"/qa/faq/{m.faq.pk}/", "score": round(m.score, 3)}
                for m in answer.faqs
            ],
            "suggestions": [
                {"question": m.faq.question, "url": f"/qa/faq/{m.faq.pk}/"} for m in answer.suggestions
            ],
            "channels": answer.channels,
            "message": answer.message or None,
        }
    )
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


# --- Workspace ----------------------------------------------------------------------------------------------


def _editable_agencies(request: HttpRequest) -> list[Any]:
    return [a for a in switchable_agencies(request.user) if can(request.user, "qa.edit_faq", a)]


def _staff_faq(request: HttpRequest, pk: int) -> Faq:
    """Access helper for staff: the FAQ must be within the user's agencies (404) and editable (403)."""
    faq = get_object_or_404(Faq.objects.visible_to(request.user).select_related("agency"), pk=pk)
    require(request.user, "qa.edit_faq", faq)
    return faq


@login_required
def faq_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "qa.view_faqs")
    items = Faq.objects.visible_to(request.user).select_related("agency")
    status = request.GET.get("status", "")
    topic = request.GET.get("topic", "")
    q = request.GET.get("q", "").strip()[:50]
    if status in FaqStatus.values:
        items = items.filter(status=status)
    if topic in Topic.values:
        items = items.filter(topic=topic)
    if q:
        items = items.filter(Q(question__contains=q) | Q(variants__contains=q) | Q(answer__contains=q))
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "政策问答知识库.xlsx",
            ["问题", "其他问法", "答复", "主题", "答复单位", "状态", "复核日期", "更新时间"],
            [
                (
                    f.question,
                    f.variants,
                    f.answer,
                    f.topic_label,
                    f.agency.short_name,
                    f.status_label,
                    f.review_due,
                    f.updated_at,
                )
                for f in items
            ],
            title="政策问答",
        )
    page = paginate(request, items, 30)
    for faq in page:
        faq.can_edit = can(request.user, "qa.edit_faq", faq)
    return render(
        request,
        "qa/faq_list.html",
        {
            "page": page,
            "query": querystring_without_page(request),
            "statuses": FaqStatus.choices,
            "topics": Topic.choices,
            "status": status,
            "topic": topic,
            "q": q,
            "today": timezone.localdate(),
            "can_create": bool(_editable_agencies(request)),
        },
    )


@login_required
def faq_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, "qa.edit_faq")
    faq = _staff_faq(request, pk) if pk else None
    agencies = _editable_agencies(request)
    initial = None
    if faq is None:
        agency = current_agency(request)
        initial = {"agency": agency.pk if agency and agency in agencies else None}
    form = FaqForm(request.POST or None, instance=faq, initial=initial, agencies=agencies)
    formset = FaqSourceFormSet(request.POST or None, instance=faq or Faq(), prefix="src")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        sources = [
            f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            saved = actions.save_faq(faq, form.cleaned_data, sources, by=request.user)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                "已保存。"
                + ("已发布的内容已同步更新到网站。" if saved.status == FaqStatus.PUBLISHED else ""),
            )
            return redirect("qa:faq_edit", saved.pk)
    transitions = []
    if faq is not None:
        labels = {FaqStatus.PUBLISHED: "发布", FaqStatus.WITHDRAWN: "撤下", FaqStatus.DRAFT: "退回草稿"}
        transitions = [
            (to, labels[FaqStatus(to)]) for to in sorted(FAQ_FLOW.available_moves(faq, request.user))
        ]
    return render(
        request,
        "qa/faq_form.html",
        {
            "form": form,
            "formset": formset,
            "faq": faq,
            "transitions": transitions,
            "hidden_sources": [s for s in faq.sources.all() if s.entry_key and s not in _visible(faq)]
            if faq
            else [],
        },
    )


def _visible(faq: Faq) -> list[Any]:
    keys = {(c.title, c.url) for c in faq_citations(faq)}
    return [s for s in faq.sources.all() if (s.title, s.url) in keys]


@login_required
@require_POST
def faq_status(request: HttpRequest, pk: int) -> HttpResponse:
    faq = _staff_faq(request, pk)

    def move(to: str) -> Callable[[HttpRequest], str]:
        def step(request: HttpRequest) -> str:
            actions.change_status(faq, to, by=request.user)
            return "状态已更新。"

        return step

    steps = {to: move(to) for to in FaqStatus.values}
    return run_action(request, steps, redirect_to=reverse("qa:faq_edit", args=[faq.pk]), key="to")


PERIODS = {"7": 7, "30": 30, "90": 90, "365": 365}


def _topic_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Bar geometry for the inline SVG chart of questions per topic (answered vs not)."""
    top = max((r["asked"] for r in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        width = round(440 * row["asked"] / top)
        answered = round(440 * row["answered"] / top)
        bars.append({**row, "y": 10 + index * 30, "width": width, "answered_width": answered})
    return {"bars": bars, "height": 20 + len(rows) * 30}


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    require(request.user, "qa.view_stats")
    days = PERIODS.get(request.GET.get("days", "30"), 30)
    since = timezone.localdate() - timedelta(days=days - 1)
    base = AskedQuestion.objects.filter(day__gte=since)
    by_topic: list[dict[str, Any]] = [
        dict(row)
        for row in base.values("topic")
        .annotate(asked=Sum("count"), answered=Sum("answered_count"))
        .order_by("-asked")
    ]
    labels = dict(Topic.choices)
    for row in by_topic:
        row["label"] = labels.get(row["topic"], row["topic"])
        row["unanswered"] = row["asked"] - row["answered"]
    questions = (
        base.values("question", "topic")
        .annotate(
            asked=Sum("count"), answered=Sum("answered_count"), last_day=Max("day"), days_seen=Count("day")
        )
        .order_by("-asked", "question")
    )
    if request.GET.get("unanswered"):
        questions = questions.filter(answered=0)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "群众提问统计.xlsx",
            ["问题", "主题", "提问次数", "已解答次数", "最近提问日期"],
            [
                (r["question"], labels.get(r["topic"], r["topic"]), r["asked"], r["answered"], r["last_day"])
                for r in questions
            ],
            title="群众提问统计",
        )
    return render(
        request,
        "qa/stats.html",
        {
            "days": days,
            "periods": PERIODS,
            "by_topic": by_topic,
            "chart": _topic_chart(by_topic),
            "page": paginate(request, questions, 50),
            "query": querystring_without_page(request),
            "unanswered": bool(request.GET.get("unanswered")),
        },
    )
