"""工作台 tasks of the secrecy review: records, interpretations and replies awaiting the review whose screening
found something that must be resolved."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.http import HttpRequest
from django.urls import reverse

from zwgk.accounts.permissions import can
from zwgk.core.registry import InboxItem
from zwgk.secrecy.models import Finding, Owner
from zwgk.secrecy.subjects import owner_label


def open_findings(request: HttpRequest) -> Iterable[InboxItem]:
    findings = (
        Finding.objects.open_blocking()
        .of_owners_in_review()
        .visible_to(request.user)
        .select_related(
            "screening__record",
            "screening__interpretation",
            "screening__attachment__record",
            "screening__attachment__interpretation",
            "screening__reply__application",
        )
    )
    counts: Counter[tuple[str, int]] = Counter()
    owners: dict[tuple[str, int], Owner] = {}
    for finding in findings:
        if not _may_resolve(request, finding):
            continue
        owner = finding.screening.owner
        key = (owner_label(owner), owner.pk)
        counts[key] += 1
        owners[key] = owner
    return [
        InboxItem(
            title=f"保密审查：《{owners[key]}》有 {n} 处敏感信息待处理",
            url=reverse("secrecy:record", args=list(key)),
            kind="保密审查",
            severity="warning",
            detail="自动筛查发现身份证号、手机号、密级标志等，须逐项脱敏、确认可以公开或标记为误报。",
        )
        for key, n in counts.most_common(20)
    ]


def _may_resolve(request: HttpRequest, finding: Finding) -> bool:
    return can(request.user, "secrecy.resolve_finding", finding)
