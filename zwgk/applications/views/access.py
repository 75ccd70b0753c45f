"""Access helpers for staff views: one fetch-and-check per protected object."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from zwgk.accounts.permissions import can, require
from zwgk.applications.models import (
    Application,
)

# --- staff: access helpers ---------------------------------------------------------------------------


def _staff_app(request: HttpRequest, pk: int) -> Application:
    """The access helper of staff pages: fetch with relations, 404 if missing, 403 without permission."""
    app = get_object_or_404(
        Application.objects.select_related("agency", "handler", "correction", "fee", "reply"), pk=pk
    )
    require(request.user, "applications.view", app, "您无权查看该申请：申请由其他单位办理。")
    return app


def _personal(request: HttpRequest, app: Application) -> bool:
    return can(request.user, "applications.view_personal", app)
