"""Workspace pages of the secrecy review: resolving findings, the list of screenings, the lexicon."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zwgk.accounts.permissions import can, require
from zwgk.core.actionviews import Step, run_action
from zwgk.core.exports import xlsx_response
from zwgk.core.paging import paginate
from zwgk.screening import CATEGORY_LABELS
from zwgk.secrecy import actions, service
from zwgk.secrecy.forms import LexiconTermForm, ResolveForm, TryTextForm
from zwgk.secrecy.models import Finding, LexiconTerm, Owner, Resolution, Screening, ScreeningStatus
from zwgk.secrecy.panel import panel_context
from zwgk.secrecy.subjects import OWNER_MODELS, owner_label, owner_url

# ---------------------------------------------------------------------- access helpers


def _get_finding_for_user(request: HttpRequest, pk: int) -> Finding:
    finding = get_object_or_404(Finding.objects.visible_to(request.user).select_related("screening"), pk=pk)
    require(request.user, "secrecy.view_findings", finding)
    return finding


def _get_screening_for_user(request: HttpRequest, pk: int) -> Screening:
    screening = get_object_or_404(Screening.objects.visible_to(request.user), pk=pk)
    require(request.user, "secrecy.view_findings", screening)
    return screening


def _get_record_for_user(request: HttpRequest, label: str, object_id: str) -> Owner:
    """A record, interpretation or reply by its label and id; 404 for anything else (bad id included)."""
    model = OWNER_MODELS.get(label.lower())
    if model is None:
        raise Http404
    try:
        owner = get_object_or_404(model.objects.all(), pk=object_id)
    except (ValueError, ValidationError):
        raise Http404 from None
    require(request.user, "secrecy.view_findings", owner)
    return owner


def _record_page(screening: Screening) -> str:
    owner = screening.owner
    return reverse("secrecy:record", args=[owner_label(owner), owner.pk])


def _back_url(request: HttpRequest, fallback: str) -> str:
    """The page the button was on (a same-host `next`), else the fallback."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    return redirect(_back_url(request, fallback))


# ---------------------------------------------------------------------- review


@login_required
def record_review(request: HttpRequest, label: str, object_id: str) -> HttpResponse:
    """The review panel of one record on its own page (linked from the 工作台 and the screening list)."""
    record = _get_record_for_user(request, label, object_id)
    context = panel_context(request, record)
    return render(
        request,
        "secrecy/record.html",
        {
            **context,
            "record": record,
            "kind": record._meta.verbose_name,
            "record_url": owner_url(record),
        },
    )


@login_required
@require_POST
def record_start_screening(request: HttpRequest, label: str, object_id: str) -> HttpResponse:
    record = _get_record_for_user(request, label, object_id)

    def start(r: HttpRequest) -> str:
        count = actions.start_screening(record, by=r.user)
        return f"已开始自动筛查 {count} 项，较大的文件在后台筛查，请稍后刷新页面。"

    back = _back_url(request, reverse("secrecy:record", args=[owner_label(record), record.pk]))
    return run_action(request, {"start": start}, name="start", redirect_to=back)


@login_required
@require_POST
def finding_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _get_finding_for_user(request, pk)
    form = ResolveForm(request.POST)
    fallback = _record_page(finding.screening)
    if not form.is_valid():
        messages.error(request, "请求无效，请重新操作。")
        return _back(request, fallback)
    reason = form.cleaned_data["reason"]

    def mask(r: HttpRequest) -> str:
        count = actions.mask_findings([finding], by=r.user, reason=reason)
        return f"已脱敏 {count} 处，发布时将使用脱敏后的内容。"

    def resolve(choice: str) -> Step:
        def step(r: HttpRequest) -> str:
            actions.resolve_finding(finding, choice, by=r.user, reason=reason)
            return f"已{dict(ResolveForm.ACTIONS)[choice]}：{finding.category_label}。"

        return step

    steps: dict[str, Step] = {
        choice: resolve(choice) for choice, _label in ResolveForm.ACTIONS if choice != "mask"
    }
    steps["mask"] = mask
    return run_action(
        request, steps, name=form.cleaned_data["action"], redirect_to=_back_url(request, fallback)
    )


@login_required
@require_POST
def screening_mask_all(request: HttpRequest, pk: int) -> HttpResponse:
    screening = _get_screening_for_user(request, pk)
    findings = list(
        screening.findings.open_blocking().filter(Q(masked__isnull=False) | Q(category="aggregation"))
    )

    def mask_all(r: HttpRequest) -> str:
        count = actions.mask_findings(findings, by=r.user, reason=r.POST.get("reason", ""))
        return f"《{screening.label}》已脱敏 {count} 处。"

    back = _back_url(request, _record_page(screening))
    return run_action(request, {"mask_all": mask_all}, name="mask_all", redirect_to=back)


@login_required
@require_POST
def screening_rescreen(request: HttpRequest, pk: int) -> HttpResponse:
    screening = _get_screening_for_user(request, pk)

    def rescreen(r: HttpRequest) -> str:
        actions.rescreen(screening, by=r.user)
        return "已重新筛查。"

    back = _back_url(request, _record_page(screening))
    return run_action(request, {"rescreen": rescreen}, name="rescreen", redirect_to=back)


@login_required
def screenings(request: HttpRequest) -> HttpResponse:
    """Screenings the user may see, newest first; filter by state; ?export=xlsx."""
    require(request.user, "secrecy.view_findings")
    state = request.GET.get("state", "open")
    visible = Screening.objects.visible_to(request.user)
    if state == "open":
        # A to-do list: only records the reviewer can act on, i.e. awaiting the review now.
        visible = visible.of_owners_in_review()
    rows = (
        visible.select_related(
            "agency", "record", "interpretation", "attachment__record", "attachment__interpretation", "reply"
        )
        .annotate(
            open_blocks=Count(
                "findings",
                filter=Q(
                    findings__is_current=True,
                    findings__severity="block",
                    findings__resolution=Resolution.OPEN,
                ),
            ),
            total=Count("findings", filter=Q(findings__is_current=True)),
        )
        .order_by("-requested_at", "-pk")
    )
    if state == "open":
        rows = rows.filter(
            Q(open_blocks__gt=0) | Q(status__in=[ScreeningStatus.PENDING, ScreeningStatus.RUNNING])
        )
    elif state == "failed":
        rows = rows.filter(status=ScreeningStatus.FAILED)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "保密审查筛查记录.xlsx",
            ["单位", "类型", "名称", "状态", "发现", "待处理（须处理）", "请求时间", "完成时间"],
            (
                [
                    s.agency.short_name,
                    s.get_kind_display(),
                    s.label,
                    s.get_status_display(),
                    s.total,
                    s.open_blocks,
                    s.requested_at,
                    s.finished_at,
                ]
                for s in rows
            ),
            title="保密审查",
        )
    page = paginate(request, rows)
    for screening in page:
        owner = screening.owner
        screening.page_url = reverse("secrecy:record", args=[owner_label(owner), owner.pk])
    return render(request, "secrecy/screenings.html", {"page": page, "state": state})


# ---------------------------------------------------------------------- lexicon


@login_required
def lexicon(request: HttpRequest) -> HttpResponse:
    require(request.user, "secrecy.view_lexicon")
    can_manage = can(request.user, "secrecy.manage_lexicon")
    terms = LexiconTerm.objects.order_by("category", "term")
    category = request.GET.get("category", "")
    severity = request.GET.get("severity", "")
    if category:
        terms = terms.filter(category=category)
    if severity in ("block", "warn"):
        terms = terms.filter(severity=severity)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "敏感词库.xlsx",
            ["敏感词", "分类", "严重程度", "说明", "启用", "更新时间"],
            (
                [
                    t.term,
                    t.category,
                    t.get_severity_display(),
                    t.note,
                    "是" if t.is_active else "否",
                    t.updated_at,
                ]
                for t in terms
            ),
            title="敏感词库",
        )
    form = LexiconTermForm()
    try_form = TryTextForm()
    tried = None
    if request.method == "POST":
        intent = request.POST.get("intent")
        if intent == "try":
            try_form = TryTextForm(request.POST)
            if try_form.is_valid():
                text = try_form.cleaned_data["text"]
                tried = {"text": text, "findings": service.screener_for(None, wording=True).scan(text)}
        elif intent == "import":
            require(request.user, "secrecy.manage_lexicon")
            added = actions.import_default_lexicon(by=request.user)
            messages.success(request, f"已导入默认敏感词 {added} 个。")
            return redirect("secrecy:lexicon")
        else:
            require(request.user, "secrecy.manage_lexicon")
            form = LexiconTermForm(request.POST)
            if form.is_valid():
                try:
                    actions.add_term(form.cleaned_data, by=request.user)
                except ValidationError as exc:
                    form.add_error("term", exc.messages[0])
                else:
                    messages.success(request, f"已添加敏感词“{form.cleaned_data['term']}”。")
                    return redirect("secrecy:lexicon")
    return render(
        request,
        "secrecy/lexicon.html",
        {
            "terms": terms,
            "form": form,
            "try_form": try_form,
            "tried": tried,
            "can_manage": can_manage,
            "using_default": not LexiconTerm.objects.exists(),
            "categories": LexiconTerm.objects.values_list("category", flat=True)
            .distinct()
            .order_by("category"),
            "category": category,
            "severity": severity,
            "category_labels": CATEGORY_LABELS,
        },
    )


@login_required
def lexicon_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "secrecy.manage_lexicon")
    term = get_object_or_404(LexiconTerm, pk=pk)
    form = LexiconTermForm(instance=term)
    if request.method == "POST":
        form = LexiconTermForm(request.POST, instance=LexiconTerm.objects.get(pk=pk))
        if form.is_valid():
            try:
                actions.update_term(term, form.cleaned_data, by=request.user)
            except ValidationError as exc:
                form.add_error("term", exc.messages[0])
            else:
                messages.success(request, "已保存。")
                return redirect("secrecy:lexicon")
    return render(request, "secrecy/lexicon_edit.html", {"form": form, "term": term})


@login_required
@require_POST
def lexicon_delete(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(LexiconTerm, pk=pk)
    try:
        actions.delete_term(term, by=request.user)
    except PermissionDenied:
        raise
    messages.success(request, f"已删除敏感词“{term.term}”。")
    return redirect("secrecy:lexicon")
