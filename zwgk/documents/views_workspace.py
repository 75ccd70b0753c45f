"""Workspace pages of the catalogue: drafting, the review/sign-off queues, interpretations, time limits,
periodic reviews, the normative inventory, the 公开指南 and the theme taxonomy."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zwgk.accounts.permissions import can, require
from zwgk.agencies.selection import current_agency
from zwgk.audit.models import AuditEvent
from zwgk.calendar import ScheduleMissing
from zwgk.core.actionviews import run_action
from zwgk.core.errors import Refused
from zwgk.core.exports import xlsx_response
from zwgk.core.paging import paginate, querystring_without_page
from zwgk.documents import access, actions
from zwgk.documents.files import AttachmentRejected, max_bytes
from zwgk.documents.forms import (
    AttachmentForm,
    CorrectionForm,
    GuideForm,
    InterpretationEditForm,
    NoteForm,
    PeriodicDecisionForm,
    ReasonForm,
    RecordForm,
    SignForm,
    ThemeForm,
    ValidityForm,
    WorkspaceFilterForm,
)
from zwgk.documents.guide import default_guide
from zwgk.documents.models import (
    GuideRevision,
    Interpretation,
    NormativeKind,
    Openness,
    PeriodicReview,
    Record,
    Status,
    Theme,
)
from zwgk.documents.reporting import normative_counts
from zwgk.documents.views_public import serve_attachment
from zwgk.secrecy.panel import panel_context
from zwgk.secrecy.service import approval_blockers as secrecy_blockers
from zwgk.workdays.service import get_calendar

EXPORT_LIMIT = 50000


def _refusal(request: HttpRequest, exc: Exception) -> None:
    if isinstance(exc, Refused):
        messages.error(request, exc.message)
        for problem in exc.problems:
            messages.error(request, f"· {problem}")
    elif isinstance(exc, AttachmentRejected):
        messages.error(request, exc.message)
    elif isinstance(exc, PermissionDenied):
        messages.error(request, str(exc) or "您没有权限执行此操作。")
    else:
        raise exc


def _attempt(request: HttpRequest, fn: Callable[[], Any], success: str) -> bool:
    try:
        fn()
    except (Refused, AttachmentRejected, PermissionDenied) as exc:
        _refusal(request, exc)
        return False
    messages.success(request, success)
    return True


def _local(dt: datetime | None) -> Any:
    return timezone.localtime(dt).replace(tzinfo=None) if dt else None


def _record_rows(records: QuerySet[Record]) -> Any:
    for r in records[:EXPORT_LIMIT]:
        yield (
            r.index_no or "",
            r.title,
            r.agency.short_name,
            r.doc_number,
            r.written_on,
            _local(r.published_at),
            r.get_status_display(),
            r.get_openness_display(),
            r.legal_ground_label,
            r.get_validity_display(),
            r.theme.path if r.theme else "",
            r.category_label,
            r.publish_due,
            "是" if r.published_late else "",
        )


RECORD_HEADERS = [
    "索引号",
    "标题",
    "发文机关",
    "发文字号",
    "成文日期",
    "发布时间",
    "状态",
    "公开属性",
    "不公开依据",
    "有效性",
    "主题分类",
    "法定主动公开类别",
    "公开时限",
    "超时限发布",
]


# --- records --------------------------------------------------------------------------------------------


@login_required
def records(request: HttpRequest) -> HttpResponse:
    require(request.user, "documents.view")
    qs = (
        Record.objects.visible_to(request.user)
        .select_related("agency", "theme__parent")
        .order_by("-updated_at", "-id")
    )
    form = WorkspaceFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    if data.get("q"):
        qs = qs.filter(
            Q(title__icontains=data["q"])
            | Q(doc_number__icontains=data["q"])
            | Q(index_no__icontains=data["q"])
        )
    for name in ("status", "openness", "kind"):
        if data.get(name):
            qs = qs.filter(**{name: data[name]})
    if data.get("year"):
        qs = qs.filter(written_on__year=int(data["year"]))
    if data.get("overdue"):
        qs = qs.overdue(timezone.localdate())
    if request.GET.get("export") == "xlsx":
        return xlsx_response("政府信息.xlsx", RECORD_HEADERS, _record_rows(qs), title="政府信息")
    return render(
        request,
        "documents/workspace/records.html",
        {
            "page": paginate(request, qs, per_page=30),
            "form": form,
            "query": querystring_without_page(request),
            "can_draft": can(request.user, "documents.draft"),
            "heading": "政府信息",
        },
    )


def _queue(request: HttpRequest, perm: str, status: str, heading: str, template_note: str) -> HttpResponse:
    require(request.user, perm)
    qs = (
        Record.objects.visible_to(request.user)
        .filter(status=status)
        .select_related("agency")
        .order_by("publish_due", "id")
    )
    qs = qs.filter(pk__in=[r.pk for r in qs if can(request.user, perm, r)])
    candidates = (
        Interpretation.objects.visible_to(request.user)
        .filter(status=status)
        .select_related("policy", "agency")
    )
    interps = [i for i in candidates if can(request.user, perm, i)]
    if request.GET.get("export") == "xlsx":
        return xlsx_response(f"{heading}.xlsx", RECORD_HEADERS, _record_rows(qs), title=heading)
    return render(
        request,
        "documents/workspace/queue.html",
        {
            "page": paginate(request, qs, per_page=50),
            "interpretations": interps,
            "heading": heading,
            "note": template_note,
            "query": querystring_without_page(request),
        },
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    return _queue(
        request,
        "documents.review",
        Status.IN_REVIEW,
        "待保密审查",
        "审查正文和全部附件，填写审查意见后通过或退回。",
    )


@login_required
def sign_queue(request: HttpRequest) -> HttpResponse:
    return _queue(
        request,
        "documents.sign",
        Status.AWAITING_SIGNOFF,
        "待审签",
        "审签后主动公开的文件立即（或按定时）发布，不公开的文件定稿入库。",
    )


@login_required
def record_new(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if agency is None:
        raise PermissionDenied("您的账号尚未分配单位角色。")
    require(request.user, "documents.draft", agency)
    form = RecordForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            record = actions.create_record(agency, data, by=request.user, co_agencies=data.pop("co_agencies"))
        except (Refused, PermissionDenied) as exc:
            _refusal(request, exc)
        else:
            messages.success(request, "草稿已保存。可以继续上传附件、添加解读，完成后提交保密审查。")
            return redirect("documents:ws_record", record.pk)
    return render(
        request, "documents/workspace/record_form.html", {"form": form, "agency": agency, "record": None}
    )


@login_required
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.staff_record(request, pk)
    require(request.user, "documents.draft", record)
    if record.status != Status.DRAFT:
        messages.error(request, "只有草稿可以修改。")
        return redirect("documents:ws_record", record.pk)
    return _edit_draft(
        request,
        record,
        RecordForm(request.POST or None, instance=record, agency=record.agency),
        done="草稿已保存。",
        back=reverse("documents:ws_record", args=[record.pk]),
        template="documents/workspace/record_form.html",
        agency=record.agency,
        record=record,
    )


def _history(obj: Any) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_object(obj).order_by("id")


def _moves(request: HttpRequest, obj: Record | Interpretation) -> dict[str, bool]:
    """{target: shown?} for every move of the object's transition table from its status (buttons)."""
    flow = type(obj).FLOW
    available = set(flow.available_moves(obj, request.user))
    return {target: target in available for target in flow.moves_from(obj.status)}


def _reviewed_context(request: HttpRequest, obj: Record | Interpretation) -> dict[str, Any]:
    """What a record's and an interpretation's workspace page share: the buttons of its workflow, the secrecy
    panel at the reviewer's stage, its attachments, sign-offs, history and what a draft still lacks."""
    allowed = _moves(request, obj)
    if obj.status == Status.IN_REVIEW:
        # 待保密审查 → 已定稿 is where the review's 退回 sends a 定期审查 conversion, not a button of its own.
        allowed.pop(Status.FILED, None)
    is_reviewer_stage = obj.status == Status.IN_REVIEW and allowed.get(Status.AWAITING_SIGNOFF, False)
    return {
        "allowed": allowed,
        "show_content": can(request.user, "documents.view_content", obj),
        **_review_panel(request, obj, shown=is_reviewer_stage, blocked_note=APPROVAL_BLOCKED),
        "attachments": list(obj.attachments.all()),
        "signoffs": list(obj.signoffs.select_related("by")),
        "history": _history(obj),
        "problems": actions.problems_of(obj) if obj.status == Status.DRAFT else [],
        "can_draft": can(request.user, "documents.draft", obj),
        "attachment_form": AttachmentForm(),
    }


def _edit_draft(
    request: HttpRequest,
    obj: Record | Interpretation,
    form: Any,
    *,
    done: str,
    back: str,
    template: str,
    **extra: Any,
) -> HttpResponse:
    """The draft form of a record or interpretation: saved through actions.update_draft."""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        co_agencies = data.pop("co_agencies", None)
        if _attempt(
            request, lambda: actions.update_draft(obj, data, by=request.user, co_agencies=co_agencies), done
        ):
            return redirect(back)
        obj.refresh_from_db()
    return render(request, template, {"form": form, **extra})


def _review_panel(
    request: HttpRequest, obj: Record | Interpretation, *, shown: bool, blocked_note: str
) -> dict[str, Any]:
    """The secrecy panel (it prints the approval blockers once), or the bare blockers for a user who may decide
    but not see the findings; nothing outside the reviewer's stage."""
    if not shown:
        return {"secrecy": None, "blockers": []}
    panel = panel_context(request, obj, blocked_note=blocked_note)
    blockers = [] if panel["secrecy"] else secrecy_blockers(obj)
    return {**panel, "blockers": blockers, "blocked_note": blocked_note}


def _dispatch(
    request: HttpRequest, action: str, steps: dict[str, Callable[[HttpRequest], Any]], redirect_to: str
) -> HttpResponse:
    """The URL names the step (…/do/<action>/): one POST dispatch through core.actionviews.run_action."""
    post = request.POST.copy()
    post["action"] = action
    request.POST = post  # type: ignore[assignment]
    return run_action(request, steps, redirect_to=redirect_to)


@login_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.staff_record(request, pk)
    user = request.user
    context = {
        "record": record,
        **_reviewed_context(request, record),
        "conversion": actions.pending_conversion(record),
        "co_agencies": list(record.co_agencies.all()),
        "interpretations": list(record.interpretations.all().order_by("id")),
        "note_form": NoteForm(),
        "sign_form": SignForm(),
        "reason_form": ReasonForm(),
        "can_validity": can(user, "documents.change_validity", record)
        and record.status in (Status.PUBLISHED, Status.FILED),
        "can_correct": can(user, "documents.correct", record)
        and record.status in (Status.PUBLISHED, Status.FILED),
        "ready_interpretations": [i for i in record.interpretations.all() if i.status == Status.APPROVED],
        "validity_changes": list(record.validity_changes.select_related("related")),
        "openness_changes": list(record.openness_changes.select_related("by")),
        "periodic_reviews": list(record.periodic_reviews.select_related("decided_by")),
        "today": timezone.localdate(),
    }
    return render(request, "documents/workspace/record_detail.html", context)


def _sign_step(request: HttpRequest, record: Record) -> str | None:
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写审签意见；定时发布的时间格式应为“年-月-日 时:分”。")
        return None
    actions.sign(
        record, by=request.user, note=form.cleaned_data["note"], publish_at=form.cleaned_data["publish_at"]
    )
    record.refresh_from_db()
    if record.status == Status.PUBLISHED:
        messages.info(
            request,
            f"索引号 {record.index_no}。"
            + ("已定时发布。" if record.is_scheduled else "已在政府信息公开专栏发布。"),
        )
    return "审签完成。"


def _workflow_steps(obj: Record | Interpretation, words: dict[str, str]) -> dict[str, Any]:
    """The moves of the shared workflow as run_action steps; `words` are the success messages."""

    def step(fn: Callable[[HttpRequest], Any], key: str) -> Callable[[HttpRequest], str]:
        return lambda r: (fn(r), words[key])[1]

    return {
        "submit": step(lambda r: actions.submit(obj, by=r.user), "submit"),
        "approve": step(
            lambda r: actions.approve_review(obj, by=r.user, note=r.POST.get("note", "")), "approve"
        ),
        "return": step(
            lambda r: actions.return_to_draft(obj, by=r.user, note=r.POST.get("note", "")), "return"
        ),
        "withdraw": step(
            lambda r: actions.withdraw(obj, by=r.user, reason=r.POST.get("reason", "")), "withdraw"
        ),
        "reopen": step(lambda r: actions.reopen(obj, by=r.user), "reopen"),
    }


RECORD_DONE = {
    "submit": "已提交保密审查。",
    "approve": "保密审查已通过，转审签。",
    "return": "已退回起草人修改。",
    "withdraw": "已撤回，公众网站不再显示该文件。",
    "reopen": "已转为草稿，可修改后重新提交。",
}
INTERPRETATION_DONE = {
    "submit": "解读已提交保密审查。",
    "approve": "解读保密审查通过。",
    "return": "解读已退回。",
    "withdraw": "解读已撤回。",
    "reopen": "解读已转为草稿。",
}
APPROVAL_BLOCKED = "保密审查尚有未解决的问题，暂不能通过："


@login_required
@require_POST
def record_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    record = access.staff_record(request, pk)
    steps = _workflow_steps(record, RECORD_DONE)
    steps["sign"] = lambda r: _sign_step(r, record)
    return _dispatch(request, action, steps, reverse("documents:ws_record", args=[record.pk]))


@login_required
def record_validity(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.staff_record(request, pk)
    require(request.user, "documents.change_validity", record)
    candidates = (
        Record.objects.visible_to(request.user).filter(status=Status.PUBLISHED).order_by("-published_at")
    )
    form = ValidityForm(request.POST or None, record=record, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            lambda: actions.change_validity(
                record,
                by=request.user,
                validity=data["validity"],
                changed_on=data["changed_on"],
                related=data["related"],
                note=data["note"],
            ),
            "有效性已变更。",
        ):
            return redirect("documents:ws_record", record.pk)
    return render(
        request,
        "documents/workspace/simple_form.html",
        {"form": form, "record": record, "heading": "变更有效性"},
    )


@login_required
def record_correct(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.staff_record(request, pk)
    require(request.user, "documents.correct", record)
    form = CorrectionForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        if _attempt(
            request,
            lambda: actions.correct_metadata(record, data, by=request.user, reason=reason),
            "元数据已更正。",
        ):
            return redirect("documents:ws_record", record.pk)
        record.refresh_from_db()
    return render(
        request,
        "documents/workspace/simple_form.html",
        {"form": form, "record": record, "heading": "更正元数据"},
    )


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int, owner: str = "record") -> HttpResponse:
    target: Record | Interpretation
    if owner == "record":
        target = access.staff_record(request, pk)
        back = reverse("documents:ws_record", args=[pk])
    else:
        target = access.staff_interpretation(request, pk)
        back = reverse("documents:ws_interpretation", args=[pk])
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
        return redirect(back)
    upload = form.cleaned_data["file"]
    if upload.size > max_bytes():
        messages.error(request, f"文件大小 {upload.size / 1024 / 1024:.1f} MB，超出上传上限。")
        return redirect(back)
    data = upload.read()
    _attempt(
        request,
        lambda: actions.add_attachment(
            target, data, upload.name, by=request.user, title=form.cleaned_data["title"]
        ),
        f"附件“{upload.name}”已上传；发布的副本已清除作者、修订记录等文档属性。",
    )
    return redirect(back)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = access.staff_attachment(request, pk)
    owner = attachment.owner
    back = (
        reverse("documents:ws_record", args=[owner.pk])
        if isinstance(owner, Record)
        else reverse("documents:ws_interpretation", args=[owner.pk])
    )
    _attempt(request, lambda: actions.remove_attachment(attachment, by=request.user), "附件已删除。")
    return redirect(back)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    attachment = access.staff_attachment(request, pk)
    return serve_attachment(attachment, public_copy=request.GET.get("copy") == "public", private=True)


# --- interpretations ------------------------------------------------------------------------------------


@login_required
def interpretations(request: HttpRequest) -> HttpResponse:
    require(request.user, "documents.view")
    qs = (
        Interpretation.objects.visible_to(request.user)
        .select_related("policy", "agency")
        .order_by("-updated_at")
    )
    waiting = Record.objects.visible_to(request.user).awaiting_interpretation().select_related("agency")
    if request.GET.get("export") == "xlsx":
        rows = (
            (
                i.title,
                i.get_form_display(),
                i.policy.title,
                i.agency.short_name,
                i.get_status_display(),
                _local(i.published_at),
            )
            for i in qs[:EXPORT_LIMIT]
        )
        return xlsx_response(
            "政策解读.xlsx",
            ["标题", "形式", "解读的文件", "解读机关", "状态", "发布时间"],
            rows,
            title="政策解读",
        )
    return render(
        request,
        "documents/workspace/interpretations.html",
        {
            "page": paginate(request, qs, per_page=30),
            "waiting": waiting,
            "query": querystring_without_page(request),
        },
    )


@login_required
def interpretation_new(request: HttpRequest, policy_pk: int) -> HttpResponse:
    policy = access.staff_record(request, policy_pk)
    agency = current_agency(request) or policy.agency
    form = InterpretationEditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = actions.create_interpretation(policy, data, by=request.user, agency=agency)
        except (Refused, PermissionDenied) as exc:
            _refusal(request, exc)
        else:
            messages.success(request, "解读草稿已保存。")
            return redirect("documents:ws_interpretation", item.pk)
    return render(
        request,
        "documents/workspace/interpretation_form.html",
        {"form": form, "policy": policy, "item": None},
    )


@login_required
def interpretation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.staff_interpretation(request, pk)
    require(request.user, "documents.draft", item)
    return _edit_draft(
        request,
        item,
        InterpretationEditForm(request.POST or None, instance=item),
        done="解读已保存。",
        back=reverse("documents:ws_interpretation", args=[item.pk]),
        template="documents/workspace/interpretation_form.html",
        policy=item.policy,
        item=item,
    )


@login_required
def interpretation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.staff_interpretation(request, pk)
    return render(
        request,
        "documents/workspace/interpretation_detail.html",
        {"item": item, **_reviewed_context(request, item)},
    )


@login_required
@require_POST
def interpretation_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = access.staff_interpretation(request, pk)
    steps = _workflow_steps(item, INTERPRETATION_DONE)
    steps["sign"] = lambda r: (
        actions.sign_interpretation(item, by=r.user, note=r.POST.get("note", "")),
        "解读审签完成。",
    )[1]
    return _dispatch(request, action, steps, reverse("documents:ws_interpretation", args=[item.pk]))


# --- time limits (Art 26) -------------------------------------------------------------------------------


@login_required
def timeliness(request: HttpRequest) -> HttpResponse:
    require(request.user, "documents.view")

    today = timezone.localdate()
    visible = Record.objects.visible_to(request.user).select_related("agency")
    pending = visible.unpublished().filter(openness=Openness.PROACTIVE).order_by("publish_due", "id")
    calendar = get_calendar()
    rows: list[dict[str, Any]] = []
    for record in pending:
        remaining: int | None = None
        note = record.publish_due_note
        if record.publish_due:
            try:
                remaining = (
                    calendar.working_days_between(today, record.publish_due)
                    - (1 if calendar.is_working_day(today) else 0)
                    if record.publish_due >= today
                    else -calendar.working_days_between(record.publish_due, today)
                )
            except ScheduleMissing as exc:
                note = f"{exc.year} 年节假日安排尚未录入，无法计算剩余工作日。"
        severity = (
            "danger"
            if record.publish_due and record.publish_due < today
            else ("warning" if remaining is not None and remaining <= request_due_soon() else "")
        )
        rows.append({"record": record, "remaining": remaining, "note": note, "severity": severity})
    late = visible.filter(published_late=True).order_by("-published_at")
    if request.GET.get("export") == "xlsx":
        data: list[tuple[Any, ...]] = [
            (
                row["record"].title,
                row["record"].agency.short_name,
                row["record"].get_status_display(),
                row["record"].formed_on or row["record"].written_on,
                row["record"].publish_due,
                row["remaining"],
                row["note"],
            )
            for row in rows
        ]
        data += [
            (
                r.title,
                r.agency.short_name,
                "已发布（超时限）",
                r.formed_on or r.written_on,
                r.publish_due,
                None,
                "",
            )
            for r in late[:EXPORT_LIMIT]
        ]
        return xlsx_response(
            "公开时限.xlsx",
            ["标题", "单位", "状态", "信息形成日期", "公开时限", "剩余工作日", "说明"],
            data,
            title="公开时限",
        )
    return render(
        request, "documents/workspace/timeliness.html", {"rows": rows, "late": late[:200], "today": today}
    )


def request_due_soon() -> int:
    return int(settings.DOCUMENTS_DUE_SOON_WORKING_DAYS)


# --- periodic reviews (定期审查) -------------------------------------------------------------------------


@login_required
def periodic_reviews(request: HttpRequest) -> HttpResponse:
    require(request.user, "documents.view")
    visible = Record.objects.visible_to(request.user)
    qs = PeriodicReview.objects.filter(record__in=visible).select_related("record__agency", "decided_by")
    open_items = qs.filter(decided_at__isnull=True).order_by("due_on")
    decided = qs.filter(decided_at__isnull=False).order_by("-decided_at")
    upcoming = (
        visible.filter(status=Status.FILED, next_review_on__isnull=False)
        .select_related("agency")
        .order_by("next_review_on")
    )
    if request.GET.get("export") == "xlsx":
        rows = (
            (
                p.record.title,
                p.record.agency.short_name,
                p.record.get_openness_display(),
                p.due_on,
                p.get_outcome_display() if p.outcome else "待审查",
                p.reason,
                p.decided_by or "",
                _local(p.decided_at),
            )
            for p in qs.order_by("-due_on")[:EXPORT_LIMIT]
        )
        return xlsx_response(
            "定期审查.xlsx",
            ["标题", "单位", "原公开属性", "应审查日期", "结论", "理由", "审查人", "审查时间"],
            rows,
            title="定期审查",
        )
    return render(
        request,
        "documents/workspace/periodic_reviews.html",
        {"open_items": open_items, "decided": decided[:100], "upcoming": upcoming[:100]},
    )


@login_required
def periodic_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.staff_periodic_review(request, pk)
    record = item.record
    form = PeriodicDecisionForm(
        request.POST or None, initial={"statutory_category": record.statutory_category}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            lambda: actions.decide_periodic_review(
                item,
                by=request.user,
                outcome=data["outcome"],
                reason=data["reason"],
                statutory_category=data["statutory_category"],
            ),
            "审查结论已保存。"
            if data["outcome"] == "keep"
            else "已提议转为主动公开：须经保密审查和审签后才在“政策文件”栏目发布。",
        ):
            return redirect("documents:ws_periodic_reviews")
    can_decide = item.decided_at is None and can(request.user, "documents.periodic_review", record)
    return render(
        request,
        "documents/workspace/periodic_review.html",
        {
            "item": item,
            "record": record,
            "form": form,
            "can_decide": can_decide,
            "show_content": can(request.user, "documents.view_content", record),
            "attachments": list(record.attachments.all()),
            **_review_panel(
                request, record, shown=can_decide, blocked_note="尚有未解决的保密审查问题，不能转为主动公开："
            ),
        },
    )


# --- normative inventory, guide, themes -----------------------------------------------------------------


@login_required
def normative_inventory(request: HttpRequest) -> HttpResponse:
    require(request.user, "documents.view")
    agency = current_agency(request)
    qs = Record.objects.visible_to(request.user).normative().select_related("agency").order_by("-written_on")
    if agency is not None and request.GET.get("all") != "1":
        qs = qs.filter(agency=agency)
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - 5, -1))
    agency_id = agency.pk if agency is not None and request.GET.get("all") != "1" else None
    if agency_id is None and not can(request.user, "documents.manage_themes"):
        agency_id = agency.pk if agency else None
    counts = [(y, normative_counts(agency_id, y)) for y in years]
    if request.GET.get("export") == "xlsx":
        rows = (
            (
                r.normative_reg_no,
                r.title,
                r.agency.short_name,
                r.doc_number,
                r.get_normative_kind_display(),
                r.written_on,
                r.effective_on,
                r.amended_on,
                r.repealed_on,
                r.expires_on,
                r.get_validity_display(),
                r.get_status_display(),
            )
            for r in qs[:EXPORT_LIMIT]
        )
        return xlsx_response(
            "行政规范性文件台账.xlsx",
            [
                "登记编号",
                "标题",
                "制发机关",
                "发文字号",
                "类型",
                "成文日期",
                "施行日期",
                "修改日期",
                "废止/失效日期",
                "有效期至",
                "有效性",
                "状态",
            ],
            rows,
            title="规范性文件台账",
        )
    return render(
        request,
        "documents/workspace/normative.html",
        {
            "records": qs[:500],
            "counts": counts,
            "agency": agency,
            "show_all": request.GET.get("all") == "1",
            "kinds": NormativeKind,
        },
    )


@login_required
def guide_edit(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if agency is None:
        raise PermissionDenied("您的账号尚未分配单位角色。")
    require(request.user, "documents.edit_guide", agency)
    revisions = list(GuideRevision.objects.filter(agency=agency).order_by("-version"))

    initial = {
        "body": revisions[0].body if revisions else default_guide(agency),
        "revised_on": timezone.localdate(),
    }
    form = GuideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            lambda: actions.publish_guide(
                agency, body=data["body"], revised_on=data["revised_on"], note=data["note"], by=request.user
            ),
            "公开指南新版本已发布，公众网站显示新的修订时间。",
        ):
            return redirect("documents:ws_guide")
    return render(
        request, "documents/workspace/guide.html", {"form": form, "agency": agency, "revisions": revisions}
    )


@login_required
def themes(request: HttpRequest) -> HttpResponse:
    require(request.user, "documents.manage_themes")
    editing = (
        Theme.objects.filter(pk=request.GET.get("edit") or 0).first()
        if (request.GET.get("edit") or "").isdigit()
        else None
    )
    initial = (
        {
            "name": editing.name,
            "parent": editing.parent,
            "sort_order": editing.sort_order,
            "is_active": editing.is_active,
        }
        if editing
        else None
    )
    form = ThemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            lambda: actions.save_theme(
                editing,
                name=data["name"],
                parent=data["parent"],
                sort_order=data["sort_order"],
                is_active=data["is_active"],
                by=request.user,
            ),
            "主题分类已保存。",
        ):
            return redirect("documents:ws_themes")
    items = list(Theme.objects.select_related("parent").order_by("sort_order", "id"))
    tree = [(t, [c for c in items if c.parent_id == t.pk]) for t in items if t.parent_id is None]
    if request.GET.get("export") == "xlsx":
        rows = [(t.name, "", "启用" if t.is_active else "停用") for t, _ in tree] + [
            (c.parent.name if c.parent else "", c.name, "启用" if c.is_active else "停用")
            for t, cs in tree
            for c in cs
        ]
        return xlsx_response("主题分类.xlsx", ["一级分类", "二级分类", "状态"], rows, title="主题分类")
    return render(
        request, "documents/workspace/themes.html", {"tree": tree, "form": form, "editing": editing}
    )
