"""Degraded but up (issue 23 item 8): with a full disk or an unreachable database, public pages that were seen
recently are served from their last good copy, everything else gets a plain Chinese 503 page, and commands
print a Chinese and English message instead of a traceback.

Copies are kept of anonymous GET responses that are public by their own headers (status 200, no cookies set,
no `private`/`no-store`/`no-cache`), per path and display mode, in the `pages` cache (a file cache under the
data directory, or Redis): readable when the database is not. Any public change (`public_content_changed`)
drops every copy, so a withdrawn record is never served from one.
"""

from __future__ import annotations

import errno
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

_STORAGE_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EROFS, errno.EDQUOT}
_NO_COPY_PREFIXES = ("/workspace/", "/accounts/", "/django-admin/", "/apply/", "/healthz", "/static/")
_KEY_PREFIX = "zwgk-copy:"


def is_storage_failure(exc: BaseException | None) -> bool:
    """A full disk, a read-only or failing disk, or a database that cannot be reached or written."""
    from django.db import InterfaceError, OperationalError

    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        if isinstance(exc, OSError) and exc.errno in _STORAGE_ERRNOS:
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def describe(exc: BaseException) -> tuple[str, str]:
    """(Chinese, English) one-line reason for a storage failure."""
    text = str(exc).lower()
    if ("disk" in text and "full" in text) or (
        isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
    ):
        return "磁盘空间已满", "the disk is full"
    if (isinstance(exc, OSError) and exc.errno == errno.EROFS) or "readonly" in text or "read-only" in text:
        return "磁盘为只读状态", "the disk is read-only"
    if "locked" in text:
        return "数据库正忙", "the database is busy (locked)"
    if "no such table" in text or ("does not exist" in text and "relation" in text):
        return "数据库尚未初始化（请先运行 zwgk migrate）", "the database is not migrated (run zwgk migrate)"
    return "数据库无法连接或读写", "the database cannot be reached or written"


class PageCopyCache(FileBasedCache):
    """The file cache of the page copies, culled every `CULL_EVERY` writes of a process instead of on every write.

    Django's FileBasedCache lists its whole directory on every `set` to decide whether to cull: with a copy per
    public page that is O(pages) per page-cache miss — 9 ms at 2,700 copies, most of the miss (issue 22, the
    uncached record page). Between culls a directory holds at most `CULL_EVERY` copies per process more than
    `MAX_ENTRIES`.
    """

    CULL_EVERY = 100

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writes = 0

    def _cull(self) -> None:
        self._writes += 1
        if self._writes % self.CULL_EVERY == 1:
            super()._cull()  # type: ignore[misc]  # private in django-stubs, real in Django 5.2


def _pages() -> Any:
    from django.core.cache import caches

    return caches["pages"]


def _key(request: HttpRequest) -> str:
    from zwgk.core.views import DISPLAY_COOKIE

    # Per local day: what is public can change at midnight without any write (a 公示 ends), so a copy kept
    # yesterday is never served today.
    raw = f"{timezone.localdate().isoformat()}|{request.COOKIES.get(DISPLAY_COOKIE, 'standard')}|{request.get_full_path()}"
    return _KEY_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _copyable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.path.startswith(_NO_COPY_PREFIXES):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def remember(request: HttpRequest, response: HttpResponse) -> None:
    """Keep the last good copy of a public page (at most one write per page per DEGRADED_COPY_SECONDS)."""
    if response.get("X-Cache") == "hit":
        return  # a page-cache hit: its copy was kept when it was rendered (and is dropped with it)
    if not _copyable(request, response):
        return
    try:
        _pages().add(
            _key(request),
            (response.content, response["Content-Type"]),
            settings.DEGRADED_COPY_SECONDS,
        )
    except Exception:  # a full disk must not break the page being answered
        logger.debug("could not keep a copy of %s", request.path, exc_info=True)


def forget_all(sender: Any = None, **kwargs: Any) -> None:
    """Drop every copy (receiver of public_content_changed)."""
    try:
        _pages().clear()
    except Exception:
        logger.warning("could not clear the page copies", exc_info=True)


def degraded_response(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """The last good copy of a public page, or the plain 503 page."""
    zh, _ = describe(exc)
    logger.error("storage failure on %s: %s", request.path, exc)
    if request.method == "GET":
        try:
            hit = _pages().get(_key(request))
        except Exception:  # noqa: BLE001  (the cache may be down too: then the plain 503 page)
            hit = None
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["X-Degraded"] = "copy"
            response["Cache-Control"] = "no-cache"
            return response
    from django.template import loader

    body = loader.get_template("503.html").render({"reason": zh})
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = "120"
    response["Cache-Control"] = "no-store"
    return response


def command_failure_message(exc: BaseException) -> str:
    """What a management command prints instead of a traceback (Chinese, then English)."""
    zh, en = describe(exc)
    return (
        f"错误：{zh}，命令未完成，未写入的内容已回滚（{exc}）。请检查磁盘空间和数据库连接后重试。\n"
        f"Error: {en}; the command did not complete and was rolled back ({exc}). "
        "Check the disk space and the database connection, then retry."
    )


class LastGoodCopyMiddleware:
    """Keeps copies of public pages on the way out; `zwgk.core.views.error_500` serves them on a failure."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 200:
            remember(request, response)
        return response
