"""工作台 tasks of the secrecy review: records awaiting the review whose screening found something the reviewer
must resolve."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse

from zwgk.accounts.permissions import agency_scope
from zwgk.accounts.roles import Role
from zwgk.core.registry import InboxItem
from zwgk.secrecy.models import Finding


def open_findings(request: HttpRequest) -> Iterable[InboxItem]:
    scope = agency_scope(request.user, [Role.SECRECY_REVIEWER])
    if scope is not None and not scope:
        return []
    findings = Finding.objects.open_blocking().of_records_in_review()
    if scope is not None:
        findings = findings.filter(agency_id__in=scope)
    rows = (
        findings.values(
            "screening__record_type_id",
            "screening__record_id",
            "screening__record_type__app_label",
            "screening__record_type__model",
        )
        .annotate(n=Count("id"))
        .order_by("-n")[:20]
    )
    items = []
    for row in rows:
        label = f"{row['screening__record_type__app_label']}.{row['screening__record_type__model']}"
        record = _record(label, row["screening__record_id"])
        if record is None:
            continue
        items.append(
            InboxItem(
                title=f"保密审查：《{record}》有 {row['n']} 处敏感信息待处理",
                url=reverse("secrecy:record", args=[label, row["screening__record_id"]]),
                kind="保密审查",
                severity="warning",
                detail="自动筛查发现身份证号、手机号、密级标志等，须逐项脱敏、确认可以公开或标记为误报。",
            )
        )
    return items


def _record(label: str, object_id: str) -> object | None:
    try:
        model = apps.get_model(label)
    except LookupError:
        return None
    return model._default_manager.filter(pk=object_id).first()
