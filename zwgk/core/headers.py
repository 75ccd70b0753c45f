"""Security and caching headers of every response (issue 13, item 6).

- Content-Security-Policy: scripts only from our origin (`script-src 'self'`, no inline scripts or handlers —
  JavaScript lives in static files); styles from our origin plus the one inline `<style>` of the bare 500 page,
  allowed by its hash. File responses keep the stricter sandbox policy `serve_protected_file` sets.
- Permissions-Policy: no camera, microphone, geolocation, payment … for any page.
- `Cache-Control: private, no-store` for every response to a logged-in user, every /workspace/ URL (pages,
  exports, letters, files) and the applicant's own pages (/apply/done/, /apply/status/…), so no shared cache
  or browser history keeps personal data.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

# sha256 of the inline style of core/templates/500.html (tested: the hash must match the template).
ERROR_PAGE_STYLE_HASH = "sha256-xhji+t97/U1js39mQL1F17QtGLvCBbeTSj2to17EvkM="
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        f"style-src 'self' '{ERROR_PAGE_STYLE_HASH}'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
PRIVATE_PREFIXES = ("/workspace/", "/apply/done/", "/apply/status/", "/accounts/")


def is_private(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated) or request.path.startswith(PRIVATE_PREFIXES)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_private(request):
            cache_control = response.get("Cache-Control", "")
            if "no-store" not in cache_control or "private" not in cache_control:
                if "Cache-Control" in response:
                    del response["Cache-Control"]
                add_never_cache_headers(response)
                response["Cache-Control"] = "private, no-store, no-cache, must-revalidate, max-age=0"
        return response
