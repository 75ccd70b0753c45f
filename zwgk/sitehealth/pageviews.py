"""A server-side page-view counter without personal data (PV/UV for the 《政府网站工作年度报表》).

- **No third-party script, no cookie.** A public HTML page answered with 200 to a GET counts one view of its path
  (without the query string). Staff pages, the API, static files, bots and the platform's own link checker and
  probe are not counted.
- **No database write per request.** Each web process adds views and visitor marks to an in-memory buffer and
  writes it at most every ZWGK_SITEHEALTH_PAGEVIEW_FLUSH_SECONDS (one transaction), and at exit.
- **Unique visitors (独立用户) without storing who.** A mark is the keyed hash (HMAC-SHA256, first 32 hex digits)
  of the client address and the browser string under a random salt created for the day. Marks and the salt live
  only until the day is counted (`rollup`, a task after midnight): then only the count of distinct marks remains.
  During the day a mark cannot be reversed without the salt, which never leaves the database.
- **Behind nginx's micro-cache** a cached answer never reaches Django, so the middleware undercounts. With
  ZWGK_SITEHEALTH_PAGEVIEW_MIRROR=1 the middleware counts nothing and nginx mirrors every page request to the
  internal location /_pv (`mirror /_pv;` with `proxy_set_header X-Original-URI $request_uri;`), which counts it;
  see docs/subsystems/sitehealth.md.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import logging
import re
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

NOT_COUNTED_PREFIXES = (
    "/workspace/",
    "/api/",
    "/static/",
    "/django-admin/",
    "/healthz",
    "/accounts/",
    "/_pv",
)
BOTS = re.compile(r"bot|spider|crawl|slurp|curl|wget|python-|httpclient|zwgk-sitehealth|monitor", re.I)

_lock = threading.Lock()
_views: Counter[tuple[date, str]] = Counter()
_marks: dict[date, set[str]] = {}
_salts: dict[date, bytes] = {}
_last_flush = time.monotonic()


def countable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200:
        return False
    if "text/html" not in response.get("Content-Type", ""):
        return False
    return _countable_path(request.path) and not BOTS.search(request.META.get("HTTP_USER_AGENT", ""))


def _countable_path(path: str) -> bool:
    return not path.startswith(NOT_COUNTED_PREFIXES)


def _salt(day: date) -> bytes:
    cached = _salts.get(day)
    if cached is not None:
        return cached
    from zwgk.sitehealth.models import DailySalt

    try:
        row, _ = DailySalt.objects.get_or_create(day=day, defaults={"salt": secrets.token_hex(32)})
    except IntegrityError:  # another process created it first
        row = DailySalt.objects.get(day=day)
    _salts.clear()  # yesterday's salt leaves memory with the day
    _salts[day] = bytes.fromhex(row.salt)
    return _salts[day]


def mark(salt: bytes, address: str, agent: str) -> str:
    return hmac.new(salt, f"{address}\n{agent[:300]}".encode(), hashlib.sha256).hexdigest()[:32]


def note(path: str, address: str, agent: str, *, now: Callable[[], float] = time.monotonic) -> None:
    """Count one view (buffered)."""
    day = timezone.localdate()
    try:
        digest = mark(_salt(day), address, agent)
    except DatabaseError:  # counting must never break a page
        logger.warning("page-view salt unavailable", exc_info=True)
        return
    with _lock:
        _views[(day, path[:300])] += 1
        _marks.setdefault(day, set()).add(digest)
        due = now() - _last_flush >= settings.SITEHEALTH_PAGEVIEW_FLUSH_SECONDS
    if due:
        flush()


def flush() -> int:
    """Write the buffer: one upsert per (day, path) and the new marks. Returns the views written."""
    global _last_flush
    from zwgk.sitehealth.models import PageViewDay, VisitorMark

    with _lock:
        views = dict(_views)
        marks = {d: set(s) for d, s in _marks.items()}
        _views.clear()
        _marks.clear()
        _last_flush = time.monotonic()
    if not views and not marks:
        return 0
    try:
        with transaction.atomic():
            for (day, path), n in views.items():
                updated = PageViewDay.objects.filter(day=day, path=path).update(views=F("views") + n)
                if not updated:
                    try:
                        with transaction.atomic():
                            PageViewDay.objects.create(day=day, path=path, views=n)
                    except IntegrityError:
                        PageViewDay.objects.filter(day=day, path=path).update(views=F("views") + n)
            VisitorMark.objects.bulk_create(
                [VisitorMark(day=d, digest=m) for d, s in marks.items() for m in s], ignore_conflicts=True
            )
    except DatabaseError:
        logger.warning("page views not written; kept for the next flush", exc_info=True)
        with _lock:
            _views.update(views)
            for d, s in marks.items():
                _marks.setdefault(d, set()).update(s)
        return 0
    return sum(views.values())


atexit.register(lambda: flush() if _views else None)


def rollup(today: date | None = None) -> int:
    """Count the finished days: views and distinct marks into VisitorDay, then delete the marks and the salt.
    Returns the number of days counted."""
    from zwgk.sitehealth.models import DailySalt, PageViewDay, VisitorDay, VisitorMark

    flush()
    day = today or timezone.localdate()
    days = sorted(
        set(VisitorMark.objects.filter(day__lt=day).values_list("day", flat=True))
        | set(DailySalt.objects.filter(day__lt=day).values_list("day", flat=True))
    )
    for d in days:
        with transaction.atomic():
            views = PageViewDay.objects.filter(day=d).aggregate(n=Sum("views"))["n"] or 0
            # Marks a process flushed after an earlier roll-up of the same day add to its count (those
            # counted before are gone, so they cannot be counted twice).
            earlier = VisitorDay.objects.filter(day=d).values_list("visitors", flat=True).first() or 0
            visitors = earlier + VisitorMark.objects.filter(day=d).count()
            VisitorDay.objects.update_or_create(day=d, defaults={"views": views, "visitors": visitors})
            VisitorMark.objects.filter(day=d).delete()
            DailySalt.objects.filter(day=d).delete()
    return len(days)


def totals(first: date, last: date) -> tuple[int, int]:
    """(page views, visitors) over [first, last]: finished days from VisitorDay, today from the live marks.
    Visitors are summed per day (a person coming back another day counts again, as daily UV does)."""
    from zwgk.sitehealth.models import PageViewDay, VisitorDay, VisitorMark

    done = VisitorDay.objects.filter(day__gte=first, day__lte=last)
    agg = done.aggregate(v=Sum("views"), u=Sum("visitors"))
    views, visitors = agg["v"] or 0, agg["u"] or 0
    counted = set(done.values_list("day", flat=True))
    live_days = [
        d
        for d in set(VisitorMark.objects.filter(day__gte=first, day__lte=last).values_list("day", flat=True))
        if d not in counted
    ]
    for d in live_days:
        views += PageViewDay.objects.filter(day=d).aggregate(n=Sum("views"))["n"] or 0
        visitors += VisitorMark.objects.filter(day=d).count()
    return views, visitors


def daily(first: date, last: date) -> list[tuple[date, int, int]]:
    out = []
    day = first
    while day <= last:
        out.append((day, *totals(day, day)))
        day += timedelta(days=1)
    return out


class PageViewMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.SITEHEALTH_PAGEVIEWS
            and not settings.SITEHEALTH_PAGEVIEW_MIRROR
            and countable(request, response)
        ):
            from zwgk.core.middleware import client_ip

            note(request.path, client_ip(request) or "", request.META.get("HTTP_USER_AGENT", ""))
        return response
