"""工作台 tasks of 网站健康检查: each open link task of the user's agencies (the 公开办 sees the unowned ones)."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django.urls import reverse

from zwgk.accounts.permissions import agency_scope, can
from zwgk.core.registry import InboxItem
from zwgk.sitehealth.models import VIEW_ROLES, LinkTask


def link_tasks(request: HttpRequest) -> Iterable[InboxItem]:
    user = request.user
    if not getattr(user, "is_authenticated", False) or not can(user, "sitehealth.view"):
        return []
    scope = agency_scope(user, VIEW_ROLES)
    qs = LinkTask.objects.open()
    qs = qs.filter(agency__isnull=True) if scope is None else qs.filter(agency_id__in=scope)
    items = []
    for t in qs.order_by("-on_home", "first_seen_at")[:50]:
        items.append(
            InboxItem(
                title=f"整改链接：{t.get_problem_display()} {t.url_shown[:80]}",
                url=reverse("sitehealth:tasks") + f"?status=open&q={t.pk}",
                kind="网站健康检查",
                severity="danger" if t.on_home or t.problem == "denied_host" else "warning",
                detail=f"所在页面 {t.page_shown[:80]} · {t.status_text}",
            )
        )
    return items
