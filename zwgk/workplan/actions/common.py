"""Helpers shared by the action modules."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zwgk.accounts.permissions import require


def today() -> date:
    return timezone.localdate()


def require_actor(by: Any, perm: str, obj: Any = None) -> None:
    """Permission check for users; `by=None` is the system (management commands, periodic tasks)."""
    if by is None:
        return
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied("请先登录。")
    require(by, perm, obj)


def actor_or_none(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None
