"""Cache of public column pages, invalidated by any public change.

The cache key includes a token stored in the database (`PublicState`) that changes after every public change
(`public_content_changed`), so all server processes stop serving a withdrawn record at once even with the
per-process memory cache of the embedded installation. Staff (logged-in) requests are never cached.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from zwgk.core.views import DISPLAY_COOKIE
from zwgk.documents.models import PublicState

_KEY = "public"


def bump(sender: Any = None, **kwargs: Any) -> None:
    PublicState.objects.update_or_create(
        key=_KEY, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    )


def token() -> str:
    return PublicState.objects.filter(key=_KEY).values_list("token", flat=True).first() or "initial"


def public_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = settings.DOCUMENTS_PUBLIC_CACHE_SECONDS
        user = getattr(request, "user", None)
        if not seconds or request.method != "GET" or (user is not None and user.is_authenticated):
            return view(request, *args, **kwargs)
        mode = request.COOKIES.get(DISPLAY_COOKIE, "standard")
        # The local date is part of the key: a 公示 ends at midnight without any write (RecordQuerySet.public()
        # filters on the date), so no page cached yesterday may be served today.
        raw = f"{token()}|{timezone.localdate().isoformat()}|{mode}|{request.get_full_path()}"
        key = "zwgk-public:" + hashlib.sha256(raw.encode()).hexdigest()
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["X-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), seconds)
        return response

    return wrapped
