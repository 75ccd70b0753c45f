"""Workspace pages of records: lists and queues, drafting, the detail page with its steps, attachments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zwgk.accounts.permissions import can, require
from zwgk.agencies.selection import current_agency
from zwgk.core.errors import Refused
from zwgk.core.exports import xlsx_response
from zwgk.core.paging import paginate, querystring_without_page
from zwgk.documents import access, actions
from zwgk.documents.files import max_bytes
from zwgk.documents.forms import (
    AttachmentForm,
    CorrectionForm,
    NoteForm,
    ReasonForm,
    RecordForm,
    SignForm,
    ValidityForm,
    WorkspaceFilterForm,
)
from zwgk.documents.models import (
    Interpretation,
    Record,
    Status,
)
from zwgk.documents.views_public import serve_attachment

from .common import (
    RECORD_DONE,
    RECORD_HEADERS,
    _attempt,
    _dispatch,
    _edit_draft,
    _record_rows,
    _refusal,
    _reviewed_context,
    _workflow_steps,
)

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
