"""工作台 tasks of 政务新媒体: filings to decide (公开办), returned filings to correct, and the unit's accounts that
are 僵尸号 or about to become one."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.permissions import can
from zwgk.core.registry import InboxItem
from zwgk.newmedia import services
from zwgk.newmedia.freshness import Freshness
from zwgk.newmedia.models import Account, Filing, FilingStatus


def newmedia_tasks(request: HttpRequest) -> Iterable[InboxItem]:
    user = request.user
    if not getattr(user, "is_authenticated", False) or not can(user, "newmedia.view"):
        return []
    items: list[InboxItem] = []
    if can(user, "newmedia.approve"):
        for f in Filing.objects.filter(status=FilingStatus.SUBMITTED).select_related("account", "agency")[
            :50
        ]:
            items.append(
                InboxItem(
                    title=f"审核政务新媒体{f.kind_label}备案：{f.agency.short_name}「{f.name}」",
                    url=reverse("newmedia:filing", args=[f.pk]),
                    kind="政务新媒体",
                    severity="warning" if f.second_reason else "info",
                    detail=f"提交于 {timezone.localtime(f.submitted_at):%Y-%m-%d}"
                    + ("（同一平台第二个账号，附理由）" if f.second_reason else ""),
                )
            )
    for f in (
        Filing.objects.visible_to(user).filter(status=FilingStatus.RETURNED).select_related("agency")[:20]
    ):
        if can(user, "newmedia.apply", f):
            items.append(
                InboxItem(
                    title=f"修改退回的政务新媒体备案：「{f.name}」",
                    url=reverse("newmedia:filing", args=[f.pk]),
                    kind="政务新媒体",
                    severity="warning",
                    detail=f.decision_note[:80],
                )
            )
    today = timezone.localdate()
    for account, verdict in services.with_verdicts(
        Account.objects.visible_to(user).monitored().select_related("agency")[:200], today
    ):
        if verdict is None or verdict.state not in (Freshness.ZOMBIE, Freshness.DUE_SOON):
            continue
        if not can(user, "newmedia.record_post", account) and not can(user, "newmedia.approve"):
            continue
        zombie = verdict.state == Freshness.ZOMBIE
        items.append(
            InboxItem(
                title=f"{'僵尸号警示' if zombie else '即将超过两周未更新'}：{account.agency.short_name}{account}",
                url=reverse("newmedia:account", args=[account.pk]),
                kind="政务新媒体",
                severity="danger" if zombie else "warning",
                detail=verdict.detail,
            )
        )
    return items
