"""Public search page and JSON API; workspace pages for synonyms, best bets, query statistics and the index."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from zwgk.accounts.permissions import can, require
from zwgk.core import registry
from zwgk.core.exports import xlsx_response
from zwgk.core.paging import paginate, querystring_without_page
from zwgk.search import actions
from zwgk.search.backends import Filters
from zwgk.search.forms import BestBetForm, SynonymForm
from zwgk.search.models import BestBet, DismissedQuery, IndexStatus, QueryStat, SearchEntry, Synonym, Validity
from zwgk.search.registry import sources
from zwgk.search.service import SearchResponse, decorate, page_of, search
from zwgk.search.text import MAX_QUERY_CHARS

PER_PAGE = 20


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value or default)
    except (TypeError, ValueError):
        return default


def filters_from(request: HttpRequest) -> Filters:
    """Filters from the query string; anything malformed is ignored (a normal page, never an error)."""
    get = request.GET
    year = _int(get.get("year"))
    validity = get.get("validity", "")
    return Filters(
        kinds=[get["kind"][:20]] if get.get("kind") else [],
        agency=get.get("agency", "")[:100],
        year=year if 1900 <= year <= 2100 else None,
        theme=get.get("theme", "")[:100],
        validity=validity if validity in Validity.values else "",
    )


def _filters_active(filters: Filters) -> bool:
    return bool(filters.kinds or filters.agency or filters.year or filters.theme or filters.validity)


def _safe_jump(url: str) -> bool:
    return (url.startswith("/") and not url.startswith("//")) or url.startswith(("http://", "https://"))


def _apply_url() -> str:
    """Where a citizen applies for information (依申请公开), or the agency directory without that app."""
    for slot, _, url_name in registry.public_nav():
        if slot == "apply":
            try:
                return reverse(url_name)
            except NoReverseMatch:
                break
    return reverse("agencies:directory")


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    filters = filters_from(request)
    result = search(raw, filters)
    if (
        result.jump is not None
        and not request.GET.get("nojump")
        and not _filters_active(filters)
        and _safe_jump(result.jump.url)
    ):
        return HttpResponseRedirect(result.jump.url)
    grouped = not filters.kinds and len(result.groups) > 1 and _int(request.GET.get("page"), 1) <= 1
    page_results, pages = page_of(result.results, _int(request.GET.get("page"), 1), PER_PAGE)
    page_number = min(max(1, _int(request.GET.get("page"), 1)), pages)
    shown = [r for g in result.groups for r in g.results] if grouped else page_results
    decorate(shown, result.highlight_terms)
    params = request.GET.copy()
    for name in ("page", "nojump"):
        params.pop(name, None)
    return render(
        request,
        "search/search.html",
        {
            "result": result,
            "raw_query": raw[:MAX_QUERY_CHARS],
            "filters": filters,
            "grouped": grouped,
            "page_results": page_results,
            "page_number": page_number,
            "pages": pages,
            "base_query": params.urlencode(),
            "facet_links": _facet_links(request, result),
            "kind_links": _kind_links(request, result),
            "per_page": PER_PAGE,
            "apply_url": _apply_url() if (result.weak or result.missing_doc_number) else "",
            "hotline": settings.QA_HOTLINE,
        },
    )


def _link(request: HttpRequest, **changes: str) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("nojump", None)
    for key, value in changes.items():
        if value:
            params[key] = value
        else:
            params.pop(key, None)
    return "?" + params.urlencode()


def _kind_links(request: HttpRequest, result: SearchResponse) -> list[dict[str, Any]]:
    total = sum(count for _, count in result.kind_counts)
    current = request.GET.get("kind", "")
    links = [{"label": "全部", "count": total, "url": _link(request, kind=""), "active": not current}]
    for kind, count in result.kind_counts:
        links.append(
            {"label": kind, "count": count, "url": _link(request, kind=kind), "active": current == kind}
        )
    return links


FACET_TITLES = [("agency", "发布机构"), ("year", "年份"), ("theme", "主题分类"), ("validity", "效力状态")]


def _facet_links(request: HttpRequest, result: SearchResponse) -> list[dict[str, Any]]:
    blocks = []
    for name, title in FACET_TITLES:
        values = result.facets.get(name, [])
        if not values:
            continue
        items = [
            {
                "label": v.label,
                "count": v.count,
                "selected": v.selected,
                "url": _link(request, **{name: "" if v.selected else v.value}),
            }
            for v in values[:12]
        ]
        blocks.append(
            {"name": name, "title": title, "items": items, "active": any(v.selected for v in values)}
        )
    return blocks


def response_json(result: SearchResponse, page_results: list[Any], page: int, pages: int) -> dict[str, Any]:
    decorate(page_results, result.highlight_terms)
    return {
        "query": result.query,
        "effective_query": result.effective_query,
        "corrected_from": result.corrected_from or None,
        "did_you_mean": result.suggestion or None,
        "partial_match": result.relaxed,
        "message": result.message or None,
        "total": result.total,
        "page": page,
        "pages": pages,
        "jump": result.jump.url if result.jump else None,
        "best_bets": [
            {"title": b.title, "url": b.url, "description": b.description} for b in result.best_bets
        ],
        "kinds": [{"kind": kind, "count": count} for kind, count in result.kind_counts],
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in result.facets.items()
            if name != "kind"
        },
        "results": [
            {**r.as_dict(), "title_html": r.title_html, "snippet_html": r.snippet_html} for r in page_results
        ],
    }


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    """GET /api/search/?q=…&kind=&agency=&year=&theme=&validity=&page= — the search page as JSON."""
    result = search(request.GET.get("q", ""), filters_from(request))
    page_results, pages = page_of(result.results, _int(request.GET.get("page"), 1), PER_PAGE)
    page = min(max(1, _int(request.GET.get("page"), 1)), pages)
    response = JsonResponse(
        response_json(result, page_results, page, pages), json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "no-store"
    return response


# --- Workspace ----------------------------------------------------------------------------------------------


@login_required
def synonyms(request: HttpRequest) -> HttpResponse:
    require(request.user, "search.manage")
    items = Synonym.objects.select_related("created_by")
    q = request.GET.get("q", "").strip()[:50]
    if q:
        items = items.filter(terms__contains=q)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "同义词.xlsx",
            ["词语", "单向扩展", "说明", "启用", "更新时间"],
            [
                (s.terms, "是" if s.one_way else "否", s.note, "是" if s.is_active else "否", s.updated_at)
                for s in items
            ],
            title="同义词",
        )
    return render(
        request,
        "search/synonyms.html",
        {"page": paginate(request, items, 50), "query": querystring_without_page(request), "q": q},
    )


@login_required
def synonym_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, "search.manage")
    synonym = get_object_or_404(Synonym, pk=pk) if pk else None
    initial = {"terms": request.GET.get("terms", "")[:100]} if synonym is None else None
    form = SynonymForm(request.POST or None, instance=synonym, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_synonym(synonym, form.cleaned_data, by=request.user)
        messages.success(request, "同义词已保存，几秒钟后对所有访客的检索生效。")
        return redirect("search:synonyms")
    return render(request, "search/synonym_form.html", {"form": form, "synonym": synonym})


@login_required
@require_POST
def synonym_delete(request: HttpRequest, pk: int) -> HttpResponse:
    synonym = get_object_or_404(Synonym, pk=pk)
    actions.delete_synonym(synonym, by=request.user)
    messages.success(request, "已删除该组同义词。")
    return redirect("search:synonyms")


@login_required
def best_bets(request: HttpRequest) -> HttpResponse:
    require(request.user, "search.manage")
    items = BestBet.objects.all()
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "推荐结果.xlsx",
            ["检索词", "标题", "链接", "说明", "排序", "启用", "更新时间"],
            [
                (
                    b.queries.replace("\n", "；"),
                    b.title,
                    b.url,
                    b.description,
                    b.sort_order,
                    "是" if b.is_active else "否",
                    b.updated_at,
                )
                for b in items
            ],
            title="推荐结果",
        )
    present = set()
    for bet in items:
        if bet.entry_key:
            source, _, rest = bet.entry_key.partition(":")
            pk, _, seq = rest.partition("#")
            if SearchEntry.objects.filter(source=source, source_pk=pk, seq=int(seq or 0)).exists():
                present.add(bet.pk)
    return render(
        request,
        "search/best_bets.html",
        {
            "page": paginate(request, items, 50),
            "query": querystring_without_page(request),
            "present": present,
        },
    )


@login_required
def best_bet_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, "search.manage")
    bet = get_object_or_404(BestBet, pk=pk) if pk else None
    initial = {"queries": request.GET.get("q", "")[:100]} if bet is None else None
    form = BestBetForm(request.POST or None, instance=bet, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_best_bet(bet, form.cleaned_data, by=request.user)
        messages.success(request, "推荐结果已保存。")
        return redirect("search:best_bets")
    return render(request, "search/best_bet_form.html", {"form": form, "bet": bet})


@login_required
@require_POST
def best_bet_delete(request: HttpRequest, pk: int) -> HttpResponse:
    bet = get_object_or_404(BestBet, pk=pk)
    actions.delete_best_bet(bet, by=request.user)
    messages.success(request, "已删除该推荐结果。")
    return redirect("search:best_bets")


PERIODS = {"7": 7, "30": 30, "90": 90, "365": 365}


@login_required
def queries(request: HttpRequest) -> HttpResponse:
    """Zero-result log (default) and most frequent queries, over a period; staff act from here."""
    require(request.user, "search.view_stats")
    period = request.GET.get("days", "30")
    days = PERIODS.get(period, 30)
    view = "top" if request.GET.get("view") == "top" else "zero"
    since = timezone.localdate() - timedelta(days=days - 1)
    stats = QueryStat.objects.filter(day__gte=since).values("query")
    if view == "zero":
        dismissed = DismissedQuery.objects.values_list("query", flat=True)
        stats = stats.filter(zero_count__gt=0).exclude(query__in=dismissed)
    rows = stats.annotate(
        searches=Sum("count"), zero=Sum("zero_count"), last_day=Max("day"), days_seen=Count("day")
    ).order_by("-zero" if view == "zero" else "-searches", "query")
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "无结果检索词.xlsx" if view == "zero" else "热门检索词.xlsx",
            ["检索词", "检索次数", "无结果次数", "最近检索日期", "出现天数"],
            [(r["query"], r["searches"], r["zero"], r["last_day"], r["days_seen"]) for r in rows],
            title="检索统计",
        )
    page = paginate(request, rows, 50)
    # For the rows on this page: how many results the query finds *now* (after synonyms or new content).
    for row in page.object_list:
        row["now"] = search(row["query"], log=False, limit=1).total
    totals = QueryStat.objects.filter(day__gte=since).aggregate(searches=Sum("count"), zero=Sum("zero_count"))
    return render(
        request,
        "search/queries.html",
        {
            "page": page,
            "query": querystring_without_page(request),
            "view": view,
            "days": days,
            "periods": PERIODS,
            "totals": totals,
            "can_manage": can(request.user, "search.manage"),
        },
    )


@login_required
@require_POST
def dismiss_query(request: HttpRequest) -> HttpResponse:
    query = request.POST.get("query", "").strip()
    if query:
        actions.dismiss_query(query, by=request.user)
        messages.success(request, f"已忽略检索词“{query[:30]}”。")
    return redirect("search:queries")


@login_required
def index_status(request: HttpRequest) -> HttpResponse:
    require(request.user, "search.view_stats")
    if request.method == "POST":
        actions.request_rebuild(by=request.user)
        messages.success(request, "已安排重建检索索引，完成后本页会显示新的时间。")
        return redirect("search:index_status")
    by_kind = SearchEntry.objects.values("kind").annotate(n=Count("id")).order_by("-n")
    by_source = SearchEntry.objects.values("source").annotate(n=Count("id")).order_by("-n")

    return render(
        request,
        "search/index_status.html",
        {
            "status": IndexStatus.objects.filter(name="main").first(),
            "by_kind": by_kind,
            "by_source": by_source,
            "sources": sources(),
            "can_manage": can(request.user, "search.manage"),
        },
    )
