"""Pages of 政务新媒体: the public 政务新媒体矩阵; the staff registry (with the .xlsx 报送 list), an account, the
备案 filings and their decisions, and the 转载 register."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.views.decorators.http import require_GET

from zwgk.accounts.permissions import can, require, roles_by_agency
from zwgk.agencies.models import Agency
from zwgk.agencies.selection import current_agency
from zwgk.core.actionviews import refusal_text, run_action
from zwgk.core.errors import Refused
from zwgk.core.exports import xlsx_response
from zwgk.core.paging import paginate, querystring_without_page
from zwgk.documents.caching import public_cache
from zwgk.documents.models import Interpretation, Record
from zwgk.newmedia import actions, services
from zwgk.newmedia import forms as f
from zwgk.newmedia.freshness import Freshness
from zwgk.newmedia.models import (
    PARTICULARS,
    Account,
    AccountStatus,
    Filing,
    FilingKind,
    FilingStatus,
    Platform,
    Repost,
)

# --- public -------------------------------------------------------------------------------------------


@require_GET
@public_cache
def matrix(request: HttpRequest) -> HttpResponse:
    """政务新媒体矩阵: the district's approved, operating accounts (nothing else is public)."""
    qs = Account.objects.public().select_related("agency")
    platform = request.GET.get("platform", "")
    if platform in Platform.values:
        qs = qs.filter(platform=platform)
    else:
        platform = ""
    groups: dict[int, dict[str, Any]] = {}
    for account in qs:
        group = groups.setdefault(account.agency_id, {"agency": account.agency, "accounts": []})
        group["accounts"].append(account)
    present = Account.objects.public().values_list("platform", flat=True).distinct()
    return render(
        request,
        "newmedia/public/matrix.html",
        {
            "groups": list(groups.values()),
            "platforms": [(v, label) for v, label in Platform.choices if v in set(present)],
            "platform": platform,
            "total": sum(len(g["accounts"]) for g in groups.values()),
        },
    )


# --- workspace: access helpers ------------------------------------------------------------------------


def _account(user: Any, pk: int) -> Account:
    account = get_object_or_404(Account.objects.select_related("agency"), pk=pk)
    require(user, "newmedia.view", account)
    return account


def _filing(user: Any, pk: int) -> Filing:
    filing = get_object_or_404(
        Filing.objects.select_related("account", "agency", "submitted_by", "decided_by"), pk=pk
    )
    require(user, "newmedia.view", filing)
    return filing


# --- registry -----------------------------------------------------------------------------------------

STATE_FILTERS = [
    ("", "全部"),
    ("open", "运行中"),
    ("zombie", "僵尸号（超过两周未更新）"),
    ("pending", "备案审核中"),
    ("closed", "关停"),
    ("cancelled", "注销"),
    ("proposed", "待开设"),
]


@login_required
@require_GET
def registry(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "newmedia.view"):
        raise PermissionDenied
    today = timezone.localdate()
    qs = Account.objects.visible_to(request.user).select_related("agency")
    agency = current_agency(request)
    if agency is not None and request.GET.get("all") != "1" and not can(request.user, "newmedia.approve"):
        qs = qs.filter(agency=agency)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "政务新媒体信息报送表.xlsx",
            services.REPORT_HEADERS,
            services.report_rows(qs, today),
            title="政务新媒体",
        )
    platform = request.GET.get("platform", "")
    if platform in Platform.values:
        qs = qs.filter(platform=platform)
    state = request.GET.get("state", "")
    if state in ("open", "zombie"):
        qs = qs.filter(status=AccountStatus.OPEN)
    elif state == "pending":
        qs = qs.filter(filings__status__in=[FilingStatus.SUBMITTED, FilingStatus.RETURNED]).distinct()
    elif state in AccountStatus.values:
        qs = qs.filter(status=state)
    rows = services.with_verdicts(qs, today)
    if state == "zombie":
        rows = [(a, v) for a, v in rows if v is not None and v.state == Freshness.ZOMBIE]
    pending = {
        fl.account_id: fl for fl in Filing.objects.pending().filter(account__in=[a.pk for a, _ in rows])
    }
    return render(
        request,
        "newmedia/workspace/registry.html",
        {
            "rows": [(a, v, pending.get(a.pk)) for a, v in rows],
            "states": STATE_FILTERS,
            "state": state,
            "platforms": Platform.choices,
            "platform": platform,
            "agency": agency,
            "can_apply": agency is not None and can(request.user, "newmedia.apply", agency),
            "zombie_days": settings.NEWMEDIA_ZOMBIE_DAYS,
            "zombies": sum(1 for _, v in rows if v is not None and v.state == Freshness.ZOMBIE),
        },
    )


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if agency is None or not can(request.user, "newmedia.apply", agency):
        raise PermissionDenied
    form = f.ApplyForm()
    if request.method == "POST":
        form = f.ApplyForm(request.POST)
        if form.is_valid():
            try:
                filing = actions.apply_open(agency, form.cleaned_data, by=request.user)
            except Refused as exc:
                form.add_error(None, refusal_text(exc))
            else:
                messages.success(request, "开设申请已提交区政务公开办公室备案审核。")
                return redirect("newmedia:filing", filing.pk)
    existing = Account.objects.filter(agency=agency).exclude(
        status__in=[AccountStatus.CANCELLED, AccountStatus.ABANDONED]
    )
    return render(
        request, "newmedia/workspace/apply.html", {"form": form, "agency": agency, "existing": existing}
    )


# --- one account --------------------------------------------------------------------------------------


@login_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(request.user, pk)
    url = f"/workspace/newmedia/{account.pk}/"
    if request.method == "POST":
        return run_action(request, _account_steps(account), redirect_to=url)
    pending = account.pending_filing()
    applies = can(request.user, "newmedia.apply", account) and pending is None
    kinds = []
    if applies:
        if account.status == AccountStatus.OPEN:
            kinds = [FilingKind.CHANGE, FilingKind.CLOSE, FilingKind.CANCEL]
        elif account.status == AccountStatus.CLOSED:
            kinds = [FilingKind.OPEN, FilingKind.CANCEL]
    return render(
        request,
        "newmedia/workspace/account.html",
        {
            "account": account,
            "verdict": services.verdict(account),
            "pending": pending,
            "filings": account.filings.select_related("submitted_by", "decided_by").order_by("-version"),
            "posts": account.posts.select_related("recorded_by")[:30],
            "reposts": account.reposts.select_related("record", "interpretation")[:30],
            "kinds": [(k, "重新开设" if k == FilingKind.OPEN else FilingKind(k).label) for k in kinds],
            "can_post": account.status == AccountStatus.OPEN
            and can(request.user, "newmedia.record_post", account),
            "post_form": f.PostForm(initial={"posted_on": timezone.localdate()}),
            "zombie_days": settings.NEWMEDIA_ZOMBIE_DAYS,
        },
    )


def _account_steps(account: Account) -> dict[str, Any]:
    def post(r: HttpRequest) -> str:
        form = f.PostForm(r.POST)
        if not form.is_valid():
            raise Refused("请填写更新日期和标题；链接须为完整的网页地址。")
        actions.record_post(account, form.cleaned_data, by=r.user)
        return "已登记更新。"

    def feed(r: HttpRequest) -> str:
        added = actions.read_feed(account, by=r.user)
        account.refresh_from_db()
        if account.feed_error:
            raise Refused(f"订阅源读取未成功：{account.feed_error}")
        return f"已读取订阅源，新增 {added} 条更新。"

    return {"post": post, "feed": feed}


FILE_FORMS = {
    FilingKind.CHANGE: f.ChangeForm,
    FilingKind.CLOSE: f.EndForm,
    FilingKind.CANCEL: f.EndForm,
    FilingKind.OPEN: f.ReopenForm,
}


@login_required
def file_change(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The form of a change, closure, cancellation or reopening of an existing account."""
    account = _account(request.user, pk)
    require(request.user, "newmedia.apply", account)
    if kind not in FILE_FORMS:
        raise Http404
    form_class = FILE_FORMS[FilingKind(kind)]
    initial = {name: getattr(account, name) for name in PARTICULARS} if kind == FilingKind.CHANGE else {}
    form = form_class(initial=initial)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                filing = actions.apply_filing(account, kind, form.cleaned_data, by=request.user)
            except Refused as exc:
                form.add_error(None, refusal_text(exc))
            else:
                messages.success(request, f"{filing.kind_label}申请已提交区政务公开办公室备案审核。")
                return redirect("newmedia:filing", filing.pk)
    label = "重新开设" if kind == FilingKind.OPEN else FilingKind(kind).label
    return render(request, "newmedia/workspace/file.html", {"form": form, "account": account, "label": label})


# --- filings ------------------------------------------------------------------------------------------


@login_required
@require_GET
def filings(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "newmedia.view"):
        raise PermissionDenied
    qs = Filing.objects.visible_to(request.user).select_related("account", "agency", "submitted_by")
    status = request.GET.get("status", "pending")
    if status == "pending":
        qs = qs.pending()
    elif status in FilingStatus.values:
        qs = qs.filter(status=status)
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                fl.agency.short_name,
                fl.account.platform_label,
                fl.name,
                fl.kind_label,
                fl.version,
                fl.status_label,
                fl.submitted_at,
                getattr(fl.submitted_by, "display_name", ""),
                fl.decided_at,
                fl.decision_note,
            ]
            for fl in qs
        ]
        headers = [
            "主办单位",
            "平台",
            "账号名称",
            "类别",
            "版本",
            "状态",
            "提交时间",
            "申请人",
            "审核时间",
            "审核意见",
        ]
        return xlsx_response("政务新媒体备案.xlsx", headers, rows, title="备案")
    return render(
        request,
        "newmedia/workspace/filings.html",
        {
            "page": paginate(request, qs, per_page=30),
            "status": status,
            "statuses": [("pending", "待办理"), *FilingStatus.choices, ("all", "全部")],
            "query": querystring_without_page(request),
        },
    )


@login_required
def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _filing(request.user, pk)
    url = f"/workspace/newmedia/filings/{filing.pk}/"
    if request.method == "POST":
        return run_action(request, _filing_steps(filing), redirect_to=url)
    account = filing.account
    changes = [
        (_label(name), getattr(account, name), getattr(filing, name))
        for name in PARTICULARS
        if filing.kind == FilingKind.CHANGE and getattr(account, name) != getattr(filing, name)
    ]
    others = (
        Account.objects.same_slot(filing.agency_id, account.platform).exclude(pk=account.pk)
        if filing.kind == FilingKind.OPEN
        else Account.objects.none()
    )
    moves = actions.FILING_FLOW.available_moves(filing, request.user)
    return render(
        request,
        "newmedia/workspace/filing.html",
        {
            "filing": filing,
            "account": account,
            "changes": changes,
            "others": others,
            "slot_problem": actions.slot_problem(filing) if filing.status == FilingStatus.SUBMITTED else None,
            "can_decide": FilingStatus.RETURNED in moves,
            "can_approve": FilingStatus.APPROVED in moves
            and filing.submitted_by_id != getattr(request.user, "pk", None),
            "can_withdraw": FilingStatus.WITHDRAWN in moves,
            "can_resubmit": FilingStatus.SUBMITTED in moves,
            "particulars": [(_label(name), getattr(filing, name)) for name in PARTICULARS],
        },
    )


def _filing_steps(filing: Filing) -> dict[str, Any]:
    def approve(r: HttpRequest) -> str:
        actions.approve(filing, by=r.user, note=r.POST.get("note", ""))
        return "已备案。"

    def back(r: HttpRequest) -> str:
        actions.return_filing(filing, by=r.user, note=r.POST.get("note", ""))
        return "已退回申请单位修改。"

    def withdraw(r: HttpRequest) -> str:
        actions.withdraw(filing, by=r.user)
        return "已撤回。"

    return {"approve": approve, "return": back, "withdraw": withdraw}


@login_required
def filing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a returned filing and submit it again."""
    filing = _filing(request.user, pk)
    require(request.user, "newmedia.apply", filing)
    if filing.status != FilingStatus.RETURNED:
        messages.error(request, "只有被退回的备案可以修改后重新提交。")
        return redirect("newmedia:filing", filing.pk)
    form_class: type[Any] = f.ChangeForm if filing.kind in (FilingKind.OPEN, FilingKind.CHANGE) else f.EndForm
    initial = {name: getattr(filing, name) for name in PARTICULARS}
    initial.update(reason=filing.reason, second_reason=filing.second_reason, effective_on=filing.effective_on)
    form = form_class(initial=initial)
    if filing.kind == FilingKind.OPEN:
        form.fields["reason"].required = False
        form.fields["reason"].label = "开设说明"
    if request.method == "POST":
        form = form_class(request.POST)
        if filing.kind == FilingKind.OPEN:
            form.fields["reason"].required = False
        if form.is_valid():
            data = dict(form.cleaned_data)
            if "second_reason" in request.POST:
                data["second_reason"] = request.POST.get("second_reason", "")
            try:
                actions.resubmit(filing, data, by=request.user)
            except Refused as exc:
                form.add_error(None, refusal_text(exc))
            else:
                messages.success(request, "已重新提交备案审核。")
                return redirect("newmedia:filing", filing.pk)
    return render(
        request,
        "newmedia/workspace/filing_edit.html",
        {
            "form": form,
            "filing": filing,
            "second_reason": request.POST.get("second_reason", filing.second_reason),
        },
    )


def _label(name: str) -> str:
    return str(getattr(Filing._meta.get_field(name), "verbose_name", name))


# --- reposts ------------------------------------------------------------------------------------------


def resolve_document(reference: str) -> Record | Interpretation | None:
    """A published record or interpretation named by its public page address or its 索引号."""
    reference = reference.strip()
    if not reference:
        return None
    if "/" in reference:
        path = urlsplit(reference).path or reference
        try:
            match = resolve(path)
        except Resolver404:
            return None
        pk = match.kwargs.get("pk") or 0
        if match.view_name == "documents:record":
            return Record.objects.public().filter(pk=pk).first()
        if match.view_name == "documents:interpretation":
            return Interpretation.objects.public().filter(pk=pk).first()
        return None
    return Record.objects.public().filter(index_no=reference).first()


REPOST_HEADERS = [
    "转载日期",
    "政策文件或解读",
    "发布单位",
    "转载账号",
    "平台",
    "账号主办单位",
    "转载地址",
    "登记人",
]


@login_required
def reposts(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "newmedia.view"):
        raise PermissionDenied
    accounts = Account.objects.visible_to(request.user)
    if not can(request.user, "newmedia.approve"):
        accounts = accounts.filter(agency_id__in=[a.pk for a in _own_agencies(request)])
    form = f.RepostForm(accounts=accounts)
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            repost = get_object_or_404(
                Repost.objects.select_related("account"), pk=request.POST.get("pk") or 0
            )
            require(request.user, "newmedia.view", repost)
            return run_action(
                request,
                {"remove": lambda r: (actions.remove_repost(repost, by=r.user), "已删除。")[1]},
                redirect_to="/workspace/newmedia/reposts/",
            )
        form = f.RepostForm(request.POST, accounts=accounts)
        if form.is_valid():
            document = resolve_document(form.cleaned_data["document"])
            if document is None:
                form.add_error("document", "没有找到这份已公开的政策文件或政策解读，请核对网页地址或索引号。")
            else:
                try:
                    actions.record_repost(
                        document,
                        form.cleaned_data["account"],
                        form.cleaned_data["url"],
                        form.cleaned_data["reposted_on"],
                        by=request.user,
                    )
                except Refused as exc:
                    form.add_error(None, refusal_text(exc))
                else:
                    messages.success(request, "已登记转载。")
                    return redirect("newmedia:reposts")
    qs = Repost.objects.visible_to(request.user).select_related(
        "account__agency", "record", "interpretation", "document_agency", "recorded_by"
    )
    record_pk = request.GET.get("record", "")
    if record_pk.isdigit():
        qs = qs.filter(record_id=int(record_pk))
    item_pk = request.GET.get("interpretation", "")
    if item_pk.isdigit():
        qs = qs.filter(interpretation_id=int(item_pk))
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                r.reposted_on,
                r.document.title,
                r.document_agency.short_name,
                r.account.name,
                r.account.platform_label,
                r.account.agency.short_name,
                r.url,
                getattr(r.recorded_by, "display_name", ""),
            ]
            for r in qs
        ]
        return xlsx_response("政策转载登记.xlsx", REPOST_HEADERS, rows, title="转载登记")
    return render(
        request,
        "newmedia/workspace/reposts.html",
        {
            "form": form,
            "page": paginate(request, qs, per_page=30),
            "query": querystring_without_page(request),
            "can_record": form.fields["account"].queryset.exists(),  # type: ignore[attr-defined]
        },
    )


def _own_agencies(request: HttpRequest) -> list[Any]:
    return list(Agency.objects.filter(pk__in=roles_by_agency(request.user).keys()))
