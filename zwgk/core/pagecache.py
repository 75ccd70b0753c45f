"""Cache of public pages, invalidated by any public change, and the HTTP caching headers they carry (issue 22).

The cache key holds a *validity token* (the `documents.PublicState` row) that changes after every public change
(`public_content_changed` → `bump`), so no process serves a withdrawn record once it knows the new token:

- with a shared cache (Redis, `ZWGK_REDIS_URL`) the token is read from that cache on every request (one GET, no
  database query) and `bump` writes it there: every process on every node sees a change at once;
- with the per-process memory cache of a single node the token is read from the database and held in the process
  for `ZWGK_PUBLIC_TOKEN_HOLD_MS` (default 1000 ms): the process that made the change drops it at once, the other
  processes of the node within that second.

A public page answered to an anonymous visitor carries `Cache-Control: public, max-age=0, s-maxage=N,
must-revalidate` (N = `ZWGK_SHARED_CACHE_SECONDS`, the nginx micro-cache of deploy/nginx/), a weak `ETag` derived
from the key (so it changes with the token), `Last-Modified` (the time of the last public change) and
`Vary: Cookie`; a browser revalidating gets 304 without the page being rendered.

`PublicCacheMiddleware` answers cache hits for anonymous GETs before sessions, locale, CSRF, authentication,
messages and axes run (none of them is needed to return stored bytes); the middleware above it — security
headers, CSP, input hygiene, degraded mode, request id — still applies. A miss takes the full chain and the view's
`@public_cache` stores the answer. Staff (a session cookie) are never served from or stored in the cache, nor is a
page that set a cookie or used a CSRF token.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache, wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.template.response import SimpleTemplateResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.http import http_date

_KEY = "public"
_SHARED_KEY = "zwgk-public-state"
_PAGE_PREFIX = "zwgk-public:"
# The 适老化 cookies change the page's markup (zwgk.core.views): part of every key, here and in nginx's.
DISPLAY_COOKIES = ("zwgk_display", "zwgk_pointer", "zwgk_simple")
MARK = "zwgk_public_cache"

State = tuple[str, datetime | None]
T = TypeVar("T")
_held: tuple[float, str, datetime | None] | None = None
_lock = threading.Lock()


def _public_state_model() -> Any:
    # Looked up by name: the model belongs to documents, which imports core (no import cycle).
    from django.apps import apps

    return apps.get_model("documents", "PublicState")


def shared_cache() -> bool:
    """True when the default cache is shared by every process and node (not the per-process memory cache)."""
    backend = str(settings.CACHES["default"]["BACKEND"])
    return not backend.endswith(("LocMemCache", "DummyCache"))


def bump(sender: Any = None, **kwargs: Any) -> None:
    """A public change: a new token (receiver of public_content_changed)."""
    global _held
    new = uuid.uuid4().hex
    now = timezone.now()
    _public_state_model().objects.update_or_create(key=_KEY, defaults={"token": new, "changed_at": now})
    with _lock:
        _held = None
    if shared_cache():
        cache.set(_SHARED_KEY, (new, now), 3600)


def _read_database() -> State:
    row = _public_state_model().objects.filter(key=_KEY).values_list("token", "changed_at").first()
    return (row[0], row[1]) if row else ("initial", None)


def state() -> State:
    """The current (token, changed_at), without a database query on the hot path."""
    global _held
    if shared_cache():
        found = cache.get(_SHARED_KEY)
        if found is not None:
            return (found[0], found[1])
        current = _read_database()
        # add, not set: a bump that wrote a newer token meanwhile must win.
        cache.add(_SHARED_KEY, current, 3600)
        return current
    hold = settings.PUBLIC_TOKEN_HOLD_MS / 1000
    now = time.monotonic()
    held = _held
    if hold and held is not None and held[0] > now:
        return held[1], held[2]
    current = _read_database()
    if hold:
        with _lock:
            _held = (now + hold, *current)
    return current


def token() -> str:
    return state()[0]


def forget_held() -> None:
    """Drop the per-process copy of the token (tests; a process that learns of a change by other means)."""
    global _held
    with _lock:
        _held = None


def _bypass(request: HttpRequest) -> bool:
    """Requests never answered from nor stored in the cache: not a GET, a session or messages cookie (staff, or
    a visitor with a pending message), an Authorization header, or the cache switched off."""
    if request.method != "GET" or not settings.DOCUMENTS_PUBLIC_CACHE_SECONDS:
        return True
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return True
    return "HTTP_AUTHORIZATION" in request.META


def page_key(request: HttpRequest, current: State) -> str:
    modes = "|".join(request.COOKIES.get(name, "") for name in DISPLAY_COOKIES)
    # The local date is part of the key: a 公示 ends at midnight without any write (RecordQuerySet.public() filters
    # on the date), so no page cached yesterday may be served today.
    raw = f"{current[0]}|{timezone.localdate().isoformat()}|{modes}|{request.get_full_path()}"
    return _PAGE_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _etag(key: str) -> str:
    return f'W/"{key[len(_PAGE_PREFIX) : len(_PAGE_PREFIX) + 32]}"'


def add_public_headers(response: HttpResponse, key: str, current: State) -> None:
    shared = settings.SHARED_CACHE_SECONDS
    response["Cache-Control"] = (
        f"public, max-age=0, s-maxage={shared}, must-revalidate"
        if shared
        else "public, max-age=0, must-revalidate"
    )
    response["ETag"] = _etag(key)
    changed_at = current[1]
    if changed_at is not None:
        response["Last-Modified"] = http_date(changed_at.timestamp())
    patch_vary_headers(response, ["Cookie"])


def _not_modified(request: HttpRequest, key: str) -> bool:
    sent = request.META.get("HTTP_IF_NONE_MATCH", "")
    return bool(sent) and _etag(key) in [tag.strip() for tag in sent.split(",")]


# Headers of the view's own answer that are not kept with a stored page (set again per request, or computed).
_NOT_STORED = {"content-type", "content-length", "set-cookie", "x-request-id", "date", "vary", "x-cache"}


def _stored(response: HttpResponse) -> tuple[bytes, str, tuple[tuple[str, str], ...]]:
    headers = tuple((k, v) for k, v in response.items() if k.lower() not in _NOT_STORED)
    return response.content, response["Content-Type"], headers


def _from_hit(request: HttpRequest, hit: tuple[Any, ...], key: str, current: State) -> HttpResponse:
    response: HttpResponse
    if _not_modified(request, key):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(hit[0], content_type=hit[1])
        for name, value in hit[2] if len(hit) > 2 else ():
            response[name] = value
    response["X-Cache"] = "hit"
    add_public_headers(response, key, current)
    return response


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # get_token() was called: the page holds this visitor's CSRF token and must not be shared.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (user is not None and user.is_authenticated)
        and "no-store" not in response.get("Cache-Control", "")
    )


def public_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cache an anonymous visitor's GET of a public page until the next public change (or the timeout)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = getattr(request, "user", None)
        if _bypass(request) or (user is not None and user.is_authenticated):
            return view(request, *args, **kwargs)
        found = getattr(request, "_zwgk_page", None)
        key, current = found if found is not None else (None, None)
        if key is None or current is None:
            current = state()
            key = page_key(request, current)
            hit = cache.get(key)
            if hit is not None:
                return _from_hit(request, hit, key, current)
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
            response.render()  # the sitemap views answer a TemplateResponse: its bytes are needed now
        if _storable(request, response):
            cache.set(key, _stored(response), settings.DOCUMENTS_PUBLIC_CACHE_SECONDS)
            add_public_headers(response, key, current)
        return response

    setattr(wrapped, MARK, True)
    return wrapped


@lru_cache(maxsize=8192)
def _resolves_to_public_cache(urlconf: str, path: str) -> bool:
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return bool(getattr(match.func, MARK, False))


def _is_public_cached(path: str) -> bool:
    """Whether the path's view is a `@public_cache` one (memoised per URLconf and path)."""
    return _resolves_to_public_cache(str(get_urlconf() or settings.ROOT_URLCONF), path)


class PublicCacheMiddleware:
    """Answer cache hits of anonymous public GETs before the middleware they do not need (see the module doc)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _bypass(request) or not _is_public_cached(request.path_info):
            return self.get_response(request)
        current = state()
        key = page_key(request, current)
        hit = cache.get(key)
        if hit is None:
            request._zwgk_page = (key, current)  # type: ignore[attr-defined]
            return self.get_response(request)
        response = _from_hit(request, hit, key, current)
        # What the skipped middleware would have added to a stored page.
        response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
        response["Content-Language"] = settings.LANGUAGE_CODE
        return response


def per_token(name: str, compute: Callable[[], T]) -> T:
    """A public figure (a count, a per-category table) cached until the next public change.

    Only for values computed from `.public()` querysets: the key holds the validity token, so publishing or
    withdrawing anything makes every figure be computed afresh. The timeout is the public page cache's, so a
    figure that moves with the clock (a record whose publication time arrives) is at most that old — as the
    page showing it would be."""
    seconds = settings.DOCUMENTS_PUBLIC_CACHE_SECONDS
    if not seconds:
        return compute()
    day = (
        timezone.localdate().isoformat()
    )  # an ended 公示 leaves every count at midnight, as it leaves the pages
    key = (
        "zwgk-figure:"
        + hashlib.sha256(f"{token()}|{day}|{name}".encode("utf-8", "surrogatepass")).hexdigest()
    )
    found = cache.get(key)
    if found is not None:
        return found
    value = compute()
    cache.set(key, value, seconds)
    return value


class PublicCountPaginator(Paginator):
    """A Paginator over a `.public()` queryset whose total is cached per validity token (per_token) under
    `key`, which must name the list and every filter applied (e.g. the path and the query without the page
    number) — not the SQL, which holds the current time."""

    def __init__(self, object_list: Any, per_page: int, *, key: str, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.key = key

    @cached_property
    def count(self) -> int:
        return per_token("count:" + self.key, self._count)

    def _count(self) -> int:
        counter = getattr(self.object_list, "count", None)
        if callable(counter):
            return int(counter())
        return len(self.object_list)
