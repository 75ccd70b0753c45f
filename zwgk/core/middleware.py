"""Middleware that fills zwgk.core.context for the duration of a request."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import replace

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict

from zwgk.core import context

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, with `ZWGK_TRUSTED_PROXIES` reverse proxies in front of the application.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so the entry
    `TRUSTED_PROXIES` places from the right (counting REMOTE_ADDR, the nearest proxy, as the last) is the
    client's; anything to its left was written by the client and is never trusted (issue 23: a random first
    entry per request let 40 of 40 submissions through a limit of 10).
    """
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote[:45] or None
    forwarded = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    chain = [*forwarded, remote] if remote else forwarded
    if not chain:
        return None
    return chain[max(len(chain) - 1 - proxies, 0)][:45] or None


# C0 control characters and DEL. NUL makes PostgreSQL raise DataError on any lookup (issue 23 item 4); the others
# have no business in a URL or a form field. Tab, LF and CR stay allowed in query and form values (textareas).
_PATH_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_VALUE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def control_character_problem(request: HttpRequest) -> str | None:
    """Where the request carries a control character that is refused (path, a form field), or None.

    Query parameters are not refused but cleaned (`strip_query_controls`): a search for "a\x00b" is a search.
    """
    if _PATH_CONTROL.search(request.path_info):
        return "网址"
    if request.method == "POST" and request.content_type in _FORM_TYPES:
        for key, values in request.POST.lists():
            if _VALUE_CONTROL.search(key) or any(_VALUE_CONTROL.search(v) for v in values):
                return "表单内容"
    return None


def strip_query_controls(request: HttpRequest) -> None:
    """Replace request.GET by a copy without control characters, before any view looks anything up."""
    if not _VALUE_CONTROL.search(request.META.get("QUERY_STRING", "")) and not any(
        _VALUE_CONTROL.search(k) or any(_VALUE_CONTROL.search(v) for v in vs) for k, vs in request.GET.lists()
    ):
        return
    cleaned = QueryDict(mutable=True)
    for key, values in request.GET.lists():
        cleaned.setlist(_VALUE_CONTROL.sub("", key), [_VALUE_CONTROL.sub("", v) for v in values])
    cleaned._mutable = False
    request.GET = cleaned  # type: ignore[assignment]


class InputHygieneMiddleware:
    """Refuse control characters in the path and form fields, strip them from the query, before any lookup.

    One place instead of a check per view: a 400 page in Chinese, never a database error (PostgreSQL refuses
    NUL in text). The page is plain HTML with no context processors, so it works before sessions and auth.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        strip_query_controls(request)
        where = control_character_problem(request)
        if where is not None:
            from django.template import loader

            body = loader.get_template("core/bad_input.html").render({"where": where})
            return HttpResponse(body, status=400, content_type="text/html; charset=utf-8")
        return self.get_response(request)


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = context.set_current(context.RequestContext(request_id=request_id, ip=client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestUserMiddleware:
    """Adds the authenticated user to the request context (runs after AuthenticationMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            token = context.set_current(replace(context.current(), user=user))
            try:
                return self.get_response(request)
            finally:
                context.reset(token)
        return self.get_response(request)
