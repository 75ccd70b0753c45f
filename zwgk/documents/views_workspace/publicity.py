"""Workspace pages of 公开方式 and 公示: the panel's POSTs on a record (end a 公示 early, extend it), the display log
of a record shown outside the website (特定范围公开, 公示栏, 公开查阅点) and its photo."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zwgk.accounts.permissions import require
from zwgk.core.actionviews import refusal_text, run_action
from zwgk.core.errors import Refused
from zwgk.core.files import serve_protected_file
from zwgk.documents import access, publicity
from zwgk.documents.forms import DisplayLogForm, PublicityChangeForm
from zwgk.documents.models import DisplayLog, Record


@login_required
@require_POST
def change(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.staff_record(request, pk)
    back = reverse("documents:ws_record", args=[record.pk])

    def end(r: HttpRequest) -> str:
        publicity.end_publicity(record, by=r.user, reason=r.POST.get("reason", ""))
        return "公示已提前结束，已从政府网站撤下。"

    def extend(r: HttpRequest) -> str:
        form = PublicityChangeForm(r.POST)
        if not form.is_valid():
            raise Refused("请正确填写延长的工作日数或新的截止日期（格式 年-月-日）。")
        publicity.extend_publicity(
            record,
            by=r.user,
            reason=form.cleaned_data["reason"],
            ends=form.cleaned_data["ends"],
            working_days=form.cleaned_data["working_days"],
        )
        return "公示期已延长。"

    return run_action(request, {"end": end, "extend": extend}, redirect_to=back)


@login_required
def display(request: HttpRequest, pk: int) -> HttpResponse:
    """Log where, to whom and when the record was shown outside the website (with a photo as evidence)."""
    record = access.staff_record(request, pk)
    require(request.user, "documents.log_display", record)
    form = DisplayLogForm(request.POST or None, request.FILES or None, record=record)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo", None)
        try:
            publicity.log_display(record, data, by=request.user, photo=photo)
        except Refused as exc:
            form.add_error(None, refusal_text(exc))
        else:
            messages.success(request, "已登记公开情况。")
            return redirect("documents:ws_record", record.pk)
    return render(request, "documents/workspace/display_form.html", {"form": form, "record": record})


@login_required
def display_photo(request: HttpRequest, pk: int) -> FileResponse:
    log = DisplayLog.objects.select_related("record").filter(pk=pk).first()
    if log is None or not log.photo:
        raise Http404("没有找到该照片")
    if not Record.objects.visible_to(request.user).filter(pk=log.record_id).exists():
        raise PermissionDenied("只有本单位工作人员可以查看公开情况的照片。")
    require(request.user, "documents.view", log.record)
    return serve_protected_file(log.photo, filename=log.photo_name or "公开情况照片.jpg", private=True)
