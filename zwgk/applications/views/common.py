"""Helpers shared by the 依申请公开 views: session keys, duplicate and rate checks, letter files, phases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone

from zwgk.applications.models import (
    PHASES,
    Application,
    Letter,
)
from zwgk.core import ratelimit
from zwgk.core.context import current as request_context
from zwgk.core.files import serve_protected_file

SESSION_UNLOCKED = "zwgk_applications_unlocked"
SESSION_DONE = "zwgk_applications_done"


def _rate_limited(request: HttpRequest, bucket: str, limit: int) -> bool:
    """Per client address and hour, counted in the database or Redis (shared by every worker and node)."""
    address = request_context().ip or request.META.get("REMOTE_ADDR", "")
    return ratelimit.over_limit(f"apply-{bucket}", address, limit, 3600)


def _submission_digest(data: dict[str, Any]) -> str:
    """What makes two submissions "the same payload": every field typed, and the proof's name and size."""
    parts = []
    for name in sorted(data):
        value = data[name]
        if hasattr(value, "size") and hasattr(value, "name"):
            value = f"{value.name}:{value.size}"
        elif hasattr(value, "pk"):
            value = value.pk
        parts.append(f"{name}={value}")
    return "\n".join(parts)


def _earlier_duplicate(data: dict[str, Any]) -> Application | None:
    since = timezone.now() - timedelta(seconds=settings.APPLICATION_DEDUP_SECONDS)
    return (
        Application.objects.filter(
            agency=data["agency"], description=data.get("description", ""), created_at__gte=since
        )
        .order_by("-id")
        .first()
    )


def _letter_file(letter: Letter, fmt: str) -> FileResponse:
    if fmt == "docx":
        return serve_protected_file(letter.docx, filename=f"{letter.title}-{letter.application.number}.docx")
    if fmt == "pdf":
        return serve_protected_file(letter.pdf, filename=f"{letter.title}-{letter.application.number}.pdf")
    raise Http404


def _phases(app: Application) -> list[dict[str, Any]]:
    current = app.phase
    reached = True
    items = []
    for name, _ in PHASES:
        state = "current" if name == current else ("done" if reached else "todo")
        if name == current:
            reached = False
        items.append({"name": name, "state": state})
    return items
