"""Inbox items: the signed-in user's sites with empty or stale columns (CHK2019 “空白栏目”/“栏目不更新”)."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.permissions import agency_scope
from zwgk.accounts.roles import Role
from zwgk.columns import freshness
from zwgk.core.registry import InboxItem

ROLES = (Role.AGENCY_ADMIN, Role.DRAFTER, Role.DISTRICT_ADMIN)


def column_tasks(request: HttpRequest) -> Iterable[InboxItem]:
    scope = agency_scope(request.user, ROLES)
    if scope is not None and not scope:
        return []
    rows = freshness.freshness_rows(timezone.localdate(), None if scope is None else sorted(scope))
    if scope is not None:
        rows = [r for r in rows if r[0].agency_id is not None]
    empty = sum(1 for _, f in rows if f.status == "empty")
    stale = sum(1 for _, f in rows if f.status == "stale")
    if not empty and not stale:
        return []
    return [
        InboxItem(
            title=f"栏目需要更新：空白栏目 {empty} 个，未按时更新 {stale} 个",
            url=reverse("columns:ws_columns") + "?problems=1",
            kind="栏目维护",
            severity="danger" if empty >= 5 else "warning",
            detail="国家政府网站检查：空白栏目达 5 个、应更新而未更新栏目达 5 个的，网站单项否决。",
        )
    ]
