"""Template context every page needs: site name, display mode, navigation, the workspace agency."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from zwgk.accounts.permissions import can
from zwgk.agencies.selection import current_agency, switchable_agencies
from zwgk.core import registry
from zwgk.core.views import DISPLAY_COOKIE, DISPLAY_MODES, POINTER_COOKIE, SIMPLE_COOKIE


def site(request: HttpRequest) -> dict[str, Any]:
    mode = request.COOKIES.get(DISPLAY_COOKIE, "standard")
    if mode not in DISPLAY_MODES:
        mode = "standard"
    large_pointer = request.COOKIES.get(POINTER_COOKIE) == "on"
    simple = request.COOKIES.get(SIMPLE_COOKIE) == "on"
    classes = [f"mode-{part}" for part in mode.split("-")]
    classes += ["mode-pointer"] * large_pointer + ["mode-simple"] * simple
    ctx: dict[str, Any] = {
        "site_name": settings.SITE_NAME,
        "site_short_name": settings.SITE_SHORT_NAME,
        "site_footer": {
            "organiser": settings.SITE_ORGANISER or f"{settings.SITE_NAME}办公室",
            "code": settings.SITE_CODE,
            "icp": settings.SITE_ICP,
            "icp_url": settings.SITE_ICP_URL,
            "psb": settings.SITE_PSB,
        },
        "display_mode": mode,
        "display_classes": " ".join(classes),
        "large_pointer": large_pointer,
        "simple_mode": simple,
        "display_modes": DISPLAY_MODES,
        "public_nav": registry.public_nav(),
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        ctx["workspace_menu"] = [
            e for e in registry.workspace_menu() if e.permission is None or can(user, e.permission)
        ]
        ctx["current_agency"] = current_agency(request)
        ctx["switchable_agencies"] = switchable_agencies(user)
    return ctx
