"""One access helper per protected object: fetch (with related rows) and check, raising 404/403."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from zwgk.accounts.permissions import require
from zwgk.core.queries import one_or_none
from zwgk.documents.models import Attachment, Interpretation, PeriodicReview, Record


def public_record(pk: int) -> Record:
    # Not replaced_by / amended_by: the page shows them only when they are public themselves, from one
    # `.public()` query of the linked records (views_public.record_detail).
    record = one_or_none(
        Record.objects.public().select_related("agency", "issuer", "theme__parent").filter(pk=pk)
    )
    if record is None:
        raise Http404("没有找到该文件")
    return record


def public_interpretation(pk: int) -> Interpretation:
    item = one_or_none(
        Interpretation.objects.public().select_related("policy__agency", "agency").filter(pk=pk)
    )
    if item is None:
        raise Http404("没有找到该解读")
    return item


def public_attachment(pk: int) -> Attachment:
    attachment = one_or_none(Attachment.objects.public().filter(pk=pk))
    if attachment is None:
        raise Http404("没有找到该附件")
    return attachment


def staff_record(request: HttpRequest, pk: int) -> Record:
    require(request.user, "documents.view")
    record = one_or_none(
        Record.objects.visible_to(request.user)
        .select_related("agency", "theme__parent", "replaced_by", "amended_by", "submitted_by", "created_by")
        .filter(pk=pk)
    )
    if record is None:
        raise Http404("没有找到该文件，或您无权查看")
    return record


def staff_interpretation(request: HttpRequest, pk: int) -> Interpretation:
    require(request.user, "documents.view")
    item = one_or_none(
        Interpretation.objects.visible_to(request.user)
        .select_related("policy__agency", "agency")
        .filter(pk=pk)
    )
    if item is None:
        raise Http404("没有找到该解读，或您无权查看")
    return item


def staff_attachment(request: HttpRequest, pk: int) -> Attachment:
    require(request.user, "documents.view")
    attachment = one_or_none(
        Attachment.objects.select_related("record", "interpretation__policy").filter(pk=pk)
    )
    if attachment is None:
        raise Http404("没有找到该附件")
    visible: Any
    if attachment.record_id is not None:
        visible = Record.objects.visible_to(request.user).filter(pk=attachment.record_id)
    else:
        visible = Interpretation.objects.visible_to(request.user).filter(pk=attachment.interpretation_id or 0)
    if not visible.exists():
        raise Http404("没有找到该附件，或您无权查看")
    require(
        request.user,
        "documents.view_content",
        attachment,
        "未公开文件的附件原件仅限起草人、本单位保密审查员、审签人和单位管理员查看。",
    )
    return attachment


def staff_periodic_review(request: HttpRequest, pk: int) -> PeriodicReview:
    require(request.user, "documents.view")
    item = one_or_none(PeriodicReview.objects.select_related("record__agency", "decided_by").filter(pk=pk))
    if item is None or not Record.objects.visible_to(request.user).filter(pk=item.record_id).exists():
        raise Http404("没有找到该审查事项，或您无权查看")
    return item
