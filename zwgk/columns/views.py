"""Pages of the column tree: the public 栏目/专题 pages of the portal and of each sub-site (cached like the
政府信息公开 column, only `.public()` content), and the workspace pages that edit them and flag empty and stale
columns."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from zwgk.accounts.permissions import agency_scope, can, require
from zwgk.agencies import actions as agency_actions
from zwgk.agencies.models import Agency, AgencyKind
from zwgk.agencies.selection import current_agency
from zwgk.columns import actions, content, freshness
from zwgk.columns.forms import ColumnForm, SupervisorForm
from zwgk.columns.models import Column, ColumnItem, ColumnKind, UpdateRule
from zwgk.columns.rules import STAFF_ROLES
from zwgk.core.actionviews import refusal_text, run_action
from zwgk.core.errors import Refused
from zwgk.core.exports import xlsx_response
from zwgk.core.files import serve_protected_file
from zwgk.core.paging import paginate
from zwgk.documents.caching import public_cache
from zwgk.documents.models import Record

PER_PAGE = 20
SECTION_SIZE = 5
STATUS_LABELS = {"ok": "正常", "stale": "未按时更新", "empty": "空白栏目"}
RULE_LABELS = {"dynamic": "动态类", "notice": "通知公告、政策文件类", "static": "静态类"}

# --- public -------------------------------------------------------------------------------------------


def _public_site_columns(agency_id: int | None) -> list[Column]:
    return list(
        Column.objects.public()
        .of_site(agency_id)
        .select_related("agency", "parent")
        .prefetch_related("themes", "source_agencies")
        .in_order()
    )


def _nav_tree(columns: list[Column]) -> list[dict[str, Any]]:
    tree = content.children_map(columns)

    def node(c: Column) -> dict[str, Any]:
        return {"column": c, "children": [node(x) for x in tree.get(c.pk, []) if x.show_in_nav]}

    return [node(c) for c in tree.get(None, []) if c.show_in_nav]


def sub_sites() -> list[Agency]:
    """Agencies with a public sub-site (at least one public column), 公共企事业单位 grouped by their kind."""
    ids = Column.objects.public().filter(agency__isnull=False).values("agency_id")
    return list(Agency.objects.active().filter(pk__in=ids).select_related("supervisor").in_display_order())


@require_GET
@public_cache
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    columns = _public_site_columns(None)
    specials = [c for c in columns if c.kind == ColumnKind.SPECIAL and c.parent_id is None]
    sites = sub_sites()
    return render(
        request,
        "columns/public/index.html",
        {
            "active_nav": "columns",
            "tree": [n for n in _nav_tree(columns) if n["column"].kind != ColumnKind.SPECIAL],
            "current": [c for c in specials if not c.has_ended(today)],
            "past": [c for c in specials if c.has_ended(today)],
            "institutions": [a for a in sites if a.kind == AgencyKind.PUBLIC_INSTITUTION],
            "agency_sites": [a for a in sites if a.kind != AgencyKind.PUBLIC_INSTITUTION],
        },
    )


def _column_page(request: HttpRequest, column: Column) -> HttpResponse:
    if column.kind == ColumnKind.LINK:
        return redirect(column.link)
    site_columns = _public_site_columns(column.agency_id)
    column = next((c for c in site_columns if c.pk == column.pk), column)
    tree = content.children_map(site_columns)
    children = tree.get(column.pk, [])
    sections = []
    for child in children:
        if child.kind == ColumnKind.LINK or child.kind == ColumnKind.PAGE:
            sections.append({"column": child, "records": []})
            continue
        group = [child, *content.descendants(child, tree)]
        sections.append({"column": child, "records": list(content.tree_records(group)[:SECTION_SIZE])})
    own = content.column_records(column)
    lists_own = content.rule_filter(column) is not None or column.items.exists()
    page = None
    if column.kind != ColumnKind.PAGE and (lists_own or (column.kind == ColumnKind.LIST and not children)):
        page = paginate(request, own, per_page=PER_PAGE)
    root = column.special_root()
    return render(
        request,
        "columns/public/column.html",
        {
            "active_nav": "columns",
            "column": column,
            "ancestors": column.ancestors(),
            "site": column.agency,
            "sections": sections,
            "page": page,
            "special": root,
            "ended": column.has_ended(),
            "site_nav": _branch_nav(column, site_columns),
        },
    )


def _branch_nav(column: Column, site_columns: list[Column]) -> list[dict[str, Any]]:
    """A sub-site shows its whole (small) tree; the portal only the branch of the current column, so that a
    phone reaches the content without scrolling past every 专题."""
    nav = _nav_tree(site_columns)
    if column.agency_id is not None:
        return nav
    root = ([*column.ancestors(), column])[0]
    return [node for node in nav if node["column"].pk == root.pk]


@require_GET
@public_cache
def column(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Column.objects.public().portal().select_related("parent"), slug=slug)
    return _column_page(request, found)


def _public_agency(code: str) -> Agency:
    return get_object_or_404(Agency.objects.active(), code=code)


@require_GET
@public_cache
def site(request: HttpRequest, code: str) -> HttpResponse:
    agency = _public_agency(code)
    columns = _public_site_columns(agency.pk)
    if not columns:
        raise Http404("该单位暂无子站")
    recent = Record.objects.public().filter(agency=agency).order_by("-published_at", "-id")[:10]
    return render(
        request,
        "columns/public/site.html",
        {
            "active_nav": "columns",
            "site": agency,
            "site_nav": _nav_tree(columns),
            "recent": recent,
            "contact": [(k, v) for k, v in agency.contact_block().items() if v],
        },
    )


@require_GET
@public_cache
def site_column(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    agency = _public_agency(code)
    found = get_object_or_404(
        Column.objects.public().filter(agency=agency).select_related("parent", "agency"), slug=slug
    )
    return _column_page(request, found)


@require_GET
def banner(request: HttpRequest, pk: int) -> FileResponse:
    found = get_object_or_404(Column.objects.public().exclude(banner=""), pk=pk)
    suffix = (found.banner.name or "").rsplit(".", 1)[-1]
    return serve_protected_file(found.banner, filename=f"banner-{found.slug}.{suffix}", private=False)


# --- workspace ------------------------------------------------------------------------------------------


def _sites_for(user: Any) -> list[tuple[str, str]]:
    """(key, label) of the sites the user may open: "portal" and agency codes."""
    scope = agency_scope(user, STAFF_ROLES)
    options: list[tuple[str, str]] = []
    if scope is None:
        options.append(("portal", "区政府门户网站"))
        agencies = Agency.objects.active().in_display_order()
    else:
        agencies = Agency.objects.active().filter(pk__in=scope).in_display_order()
    options.extend((a.code, f"{a.short_name}子站") for a in agencies)
    return options


def _chosen_site(request: HttpRequest) -> tuple[str, Agency | None]:
    options = dict(_sites_for(request.user))
    if not options:
        raise PermissionDenied
    key = request.GET.get("site", "")
    if key not in options:
        own = current_agency(request)
        key = (
            "portal"
            if "portal" in options and (own is None or agency_scope(request.user, STAFF_ROLES) is None)
            else (own.code if own else next(iter(options)))
        )
    if key == "portal":
        return key, None
    return key, get_object_or_404(Agency, code=key)


FRESHNESS_HEADERS = ["网站", "栏目", "地址", "更新要求", "最后更新", "状态"]


@login_required
def columns(request: HttpRequest) -> HttpResponse:
    require(request.user, "columns.view")
    today = timezone.localdate()
    problems_only = request.GET.get("problems") == "1"
    if problems_only:
        scope = agency_scope(request.user, STAFF_ROLES)
        rows = freshness.freshness_rows(today, None if scope is None else sorted(scope))
        if scope is not None:
            rows = [r for r in rows if r[0].agency_id is not None]
        rows = [r for r in rows if r[1].status != "ok"]
        key, site_agency = "", None
    else:
        key, site_agency = _chosen_site(request)
        all_rows = freshness.freshness_rows(today, None if site_agency is None else [site_agency.pk])
        rows = [r for r in all_rows if r[0].agency_id == (site_agency.pk if site_agency else None)]
    if request.GET.get("export") == "xlsx":
        data = [
            [
                c.agency.short_name if c.agency else "区政府门户网站",
                " › ".join([*(a.name for a in c.ancestors()), c.name]),
                f.url,
                RULE_LABELS[f.rule],
                f.last_update,
                STATUS_LABELS[f.status],
            ]
            for c, f in rows
        ]
        return xlsx_response("栏目更新情况.xlsx", FRESHNESS_HEADERS, data, title="栏目更新情况")
    hidden = []
    if not problems_only:
        hidden = list(
            Column.objects.of_site(site_agency.pk if site_agency else None).exclude(
                pk__in=[c.pk for c, _ in rows]
            )
        )
    probe = Column(agency=site_agency)
    counts = {s: sum(1 for _, f in rows if f.status == s) for s in ("ok", "stale", "empty")}
    return render(
        request,
        "columns/workspace/columns.html",
        {
            "rows": [(c, f, STATUS_LABELS[f.status], RULE_LABELS[f.rule], c.depth()) for c, f in rows],
            "hidden": hidden,
            "sites": _sites_for(request.user),
            "site_key": key,
            "site": site_agency,
            "problems_only": problems_only,
            "counts": counts,
            "can_structure": can(request.user, "columns.structure", probe),
            "can_edit": can(request.user, "columns.edit", probe)
            if site_agency
            else can(request.user, "columns.structure", probe),
        },
    )


def _column_for_staff(user: Any, pk: int) -> Column:
    found = get_object_or_404(Column.objects.select_related("agency", "parent"), pk=pk)
    require(user, "columns.view", found if found.agency_id else None)
    return found


@login_required
def column_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "columns.view")
    parent = None
    if request.GET.get("parent", "").isdigit():
        parent = get_object_or_404(Column, pk=int(request.GET["parent"]))
        site_agency = parent.agency
    else:
        _, site_agency = _chosen_site(request)
    probe = Column(agency=site_agency, parent=parent)
    allowed = can(request.user, "columns.structure", probe) or (
        parent is not None and can(request.user, "columns.edit", parent)
    )
    if not allowed:
        raise PermissionDenied("网站的一级栏目和专题由区政务公开办公室设置；请在本单位栏目下新建下级栏目。")
    allow_special = parent is None and can(request.user, "columns.structure", probe)
    initial: dict[str, str] = {}
    if request.GET.get("kind") == "special" and allow_special:
        initial = {"kind": ColumnKind.SPECIAL, "update_rule": UpdateRule.DYNAMIC}
    form = ColumnForm(initial=initial, site=site_agency, allow_special=allow_special)
    if request.method == "POST":
        form = ColumnForm(request.POST, request.FILES, site=site_agency, allow_special=allow_special)
        if form.is_valid():
            try:
                created = actions.create_column(
                    form.action_data(),
                    agency=site_agency,
                    parent=parent,
                    themes=form.cleaned_data["themes"],
                    source_agencies=form.cleaned_data.get("source_agencies"),
                    by=request.user,
                )
            except Refused as exc:
                form.add_error(None, refusal_text(exc))
            else:
                return redirect("columns:ws_column", created.pk)
    return render(
        request,
        "columns/workspace/column_form.html",
        {"form": form, "parent": parent, "site": site_agency, "column": None},
    )


@login_required
def column_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _column_for_staff(request.user, pk)
    editable = can(request.user, "columns.edit", found)
    form = ColumnForm(
        instance=found,
        site=found.agency,
        allow_special=found.kind == ColumnKind.SPECIAL or can(request.user, "columns.structure", found),
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("只能修改本单位网站的栏目。")
        if "action" in request.POST:
            return run_action(
                request,
                {
                    "add": lambda r: _add_step(r, found),
                    "remove": lambda r: _remove_step(r, found),
                    "delete": lambda r: _delete_step(r, found),
                },
                redirect_to=reverse("columns:ws_column", args=[found.pk]),
            )
        form = ColumnForm(
            request.POST,
            request.FILES,
            instance=Column.objects.get(pk=found.pk),
            site=found.agency,
            allow_special=True,
        )
        if form.is_valid():
            try:
                actions.update_column(
                    found,
                    form.action_data(),
                    themes=form.cleaned_data["themes"],
                    source_agencies=form.cleaned_data.get("source_agencies"),
                    by=request.user,
                )
            except Refused as exc:
                form.add_error(None, refusal_text(exc))
            else:
                return redirect("columns:ws_column", found.pk)
    today = timezone.localdate()
    row = next(
        (
            f
            for c, f in freshness.freshness_rows(today, [found.agency_id] if found.agency_id else None)
            if c.pk == found.pk
        ),
        None,
    )
    query = request.GET.get("q", "").strip()[:50]
    candidates = []
    if query and editable:
        candidates = list(
            Record.objects.public()
            .filter(Q(title__contains=query) | Q(index_no=query) | Q(doc_number=query))
            .exclude(pk__in=found.items.values("record_id"))
            .select_related("agency")
            .order_by("-published_at")[:20]
        )
    return render(
        request,
        "columns/workspace/column_form.html",
        {
            "form": form,
            "column": found,
            "parent": found.parent,
            "site": found.agency,
            "editable": editable,
            "can_delete": can(request.user, "columns.structure", found),
            "items": found.items.select_related("record", "record__agency"),
            "listed": content.column_records(found)[:10],
            "row": row,
            "status_label": STATUS_LABELS[row.status] if row else "未公开",
            "query": query,
            "candidates": candidates,
            "children": found.children.all(),
        },
    )


def _add_step(request: HttpRequest, found: Column) -> str:
    raw = request.POST.get("record", "")
    record = Record.objects.public().filter(pk=int(raw)).first() if raw.isdigit() else None
    if record is None:
        raise Refused("请选择一条已公开发布的政府信息。")
    actions.add_item(found, record, by=request.user)
    return f"已将“{record.title}”添加到本栏目。"


def _remove_step(request: HttpRequest, found: Column) -> str:
    raw = request.POST.get("item", "")
    item = ColumnItem.objects.filter(column=found, pk=int(raw)).first() if raw.isdigit() else None
    if item is None:
        raise Refused("该信息已不在本栏目中。")
    actions.remove_item(item, by=request.user)
    return "已从本栏目移除。"


def _delete_step(request: HttpRequest, found: Column) -> HttpResponse:
    site_key = found.agency.code if found.agency else "portal"
    actions.delete_column(found, by=request.user)
    return redirect(f"{reverse('columns:ws_columns')}?site={site_key}")


# --- the 主管部门's ledger of public institutions ----------------------------------------------------------


@login_required
def supervised(request: HttpRequest) -> HttpResponse:
    """公共企事业单位 overseen by the user's unit: what each published, and its columns that are stale or empty."""
    institutions = Agency.objects.active().of_kind(AgencyKind.PUBLIC_INSTITUTION).select_related("supervisor")
    visible = [a for a in institutions.in_display_order() if can(request.user, "columns.view_ledger", a)]
    if not visible and not can(request.user, "agencies.set_supervisor"):
        raise PermissionDenied
    if request.method == "POST":
        return run_action(
            request, {"supervisor": _supervisor_step}, redirect_to=reverse("columns:ws_supervised")
        )
    today = timezone.localdate()
    rows = freshness.freshness_rows(today, [a.pk for a in visible])
    ledgers = []
    for agency in visible:
        published = Record.objects.public().filter(agency=agency)
        ledgers.append(
            {
                "agency": agency,
                "count": published.count(),
                "last": published.aggregate(last=Max("published_at"))["last"],
                "recent": list(published.order_by("-published_at")[:5]),
                "problems": [
                    (c, f, STATUS_LABELS[f.status])
                    for c, f in rows
                    if c.agency_id == agency.pk and f.status != "ok"
                ],
                "columns": sum(1 for c, _ in rows if c.agency_id == agency.pk),
            }
        )
    if request.GET.get("export") == "xlsx":
        data = [
            [
                entry["agency"].name,
                entry["agency"].supervisor.name if entry["agency"].supervisor else "",
                entry["count"],
                timezone.localdate(entry["last"]) if entry["last"] else None,
                entry["columns"],
                "；".join(f"{c.name}（{label}）" for c, _, label in entry["problems"]),
            ]
            for entry in ledgers
        ]
        return xlsx_response(
            "公共企事业单位公开台账.xlsx",
            ["单位", "主管部门", "已公开信息", "最近发布", "栏目数", "空白或未按时更新的栏目"],
            data,
            title="公开台账",
        )
    return render(
        request,
        "columns/workspace/supervised.html",
        {
            "ledgers": ledgers,
            "form": SupervisorForm() if can(request.user, "agencies.set_supervisor") else None,
        },
    )


def _supervisor_step(request: HttpRequest) -> str:
    form = SupervisorForm(request.POST)
    if not form.is_valid():
        raise Refused("请选择公共企事业单位和主管部门。")
    agency = form.cleaned_data["agency"]
    agency_actions.set_supervisor(agency, form.cleaned_data["supervisor"], by=request.user)
    return f"已设置{agency.short_name}的主管部门。"
