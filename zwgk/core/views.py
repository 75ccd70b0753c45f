"""Public home, staff workspace shell, display-mode switch, health check, error pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from zwgk.accounts.permissions import require
from zwgk.core import registry
from zwgk.core.models import Heartbeat
from zwgk.core.pagecache import public_cache

DISPLAY_COOKIE = "zwgk_display"
DISPLAY_MODES = {
    "standard": "标准模式",
    "large": "大字模式",
    "contrast": "高对比度模式",
    "large-contrast": "大字高对比度模式",
}
# Two further 适老化 switches, each a cookie of its own: 特大鼠标 (large pointer) and 简约版 (text-only, one column).
POINTER_COOKIE = "zwgk_pointer"
SIMPLE_COOKIE = "zwgk_simple"


@require_GET
@public_cache
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"panels": registry.home_panels()})


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    # Staff with a role only: a superuser (reference-data admin) or an account without roles gets no workspace.
    require(
        request.user,
        "accounts.use_workspace",
        message="您的账号没有工作台角色；系统管理员账号只用于参考数据管理。",
    )
    items = registry.inbox_items(request)
    return render(request, "workspace/home.html", {"inbox": items})


@require_GET
def display_mode(request: HttpRequest) -> HttpResponse:
    """Switch the visitor's 适老化 display mode; remembered in a cookie for a year. Works without JavaScript.

    A GET form on purpose: public pages then carry no CSRF token and stay cacheable.
    """
    mode = request.GET.get("mode") or "standard"
    if mode not in DISPLAY_MODES:
        mode = "standard"
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    year = 365 * 24 * 3600
    if "mode" in request.GET or not ({"pointer", "simple"} & set(request.GET)):
        response.set_cookie(DISPLAY_COOKIE, mode, max_age=year, samesite="Lax", httponly=True)
    for key, cookie in (("pointer", POINTER_COOKIE), ("simple", SIMPLE_COOKIE)):
        if key in request.GET:
            if request.GET[key] == "on":
                response.set_cookie(cookie, "on", max_age=year, samesite="Lax", httponly=True)
            else:
                response.delete_cookie(cookie, samesite="Lax")
    return response


@require_GET
@public_cache
def site_page(request: HttpRequest, page: str) -> HttpResponse:
    """The fixed pages the government-site footer links to: 网站地图, 隐私声明, 纠错 (how to report an error)."""
    context: dict[str, object] = {"page": page}
    if page == "sitemap":
        context["sections"] = registry.public_nav()
    return render(request, f"core/site_{page}.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database reachable and worker heartbeat age; 503 when either is unhealthy."""
    body: dict[str, object] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        body["database"] = "ok"
    except Exception as exc:  # noqa: BLE001  (the point of a health check is to report any failure)
        body["database"] = f"error: {exc.__class__.__name__}"
        healthy = False
    age: float | None = None
    if body["database"] == "ok":
        beat = Heartbeat.objects.filter(name="worker").first()
        if beat is not None:
            age = round((timezone.now() - beat.beat_at).total_seconds(), 1)
    body["worker_heartbeat_age_seconds"] = age
    body["worker"] = "ok" if age is not None and age <= settings.HEARTBEAT_MAX_AGE else "stale"
    if body["worker"] != "ok":
        healthy = False
    body["status"] = "ok" if healthy else "unhealthy"
    return JsonResponse(body, status=200 if healthy else 503)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors here: the failure may come from them.
    import sys

    from django.template import loader

    from zwgk.core import degraded

    failure = sys.exc_info()[1]  # Django calls the handler inside its `except` block
    if failure is not None and degraded.is_storage_failure(failure):
        return degraded.degraded_response(request, failure)

    return HttpResponse(loader.get_template("500.html").render(), status=500)
