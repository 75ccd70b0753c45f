"""Rate limits and failure counters that hold across processes and nodes (issue 23 item 7, issue 13 item 5).

Counters live in the database (`core.RateCounter`), or in Redis when `ZWGK_REDIS_URL` is set — never in the
per-process LocMem cache, with which each gunicorn worker counted on its own (29 of 40 submissions passed a
limit of 10). A counter counts hits of one key in one bucket since the first hit of its window; the window
restarts when it has passed. Keys are hashed: no address is stored in clear.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone


@dataclass(frozen=True)
class Count:
    count: int  # hits in the current window, this one included (for `hit`)
    last_at: datetime | None  # the latest hit before now (for `peek`) or now (for `hit`)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


_redis: Any = None


def _redis_client() -> Any:
    global _redis
    if _redis is None:
        import redis

        _redis = redis.Redis.from_url(settings.REDIS_URL)
    return _redis


# Rows untouched this long are deleted as new ones are made: longer than any window in use (≤ 7 days).
RETENTION = timedelta(days=8)


def _redis_name(bucket: str, digest: str) -> str:
    return f"zwgk:rate:{bucket}:{digest}"


def _use_redis() -> bool:
    return (bool(settings.REDIS_URL) and not settings.TESTING) or _redis is not None


def hit(bucket: str, key: str, window_seconds: int) -> Count:
    """Count one hit of `key` in `bucket` and return the count in the current window (exact under concurrency)."""
    now = timezone.now()
    digest = _digest(key)
    if _use_redis():
        client = _redis_client()
        name = _redis_name(bucket, digest)
        count = int(client.incr(name))
        if count == 1:
            client.expire(name, window_seconds)
        client.set(name + ":last", now.timestamp(), ex=window_seconds)
        return Count(count, now)
    from zwgk.core.models import RateCounter

    rows = RateCounter.objects.filter(bucket=bucket, key=digest)
    with transaction.atomic():
        # A window that has passed restarts (only one concurrent request wins this conditional update).
        rows.filter(window_start__lte=now - timedelta(seconds=window_seconds)).update(
            count=0, window_start=now
        )
        if not rows.update(count=F("count") + 1, last_at=now):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(
                        bucket=bucket, key=digest, window_start=now, last_at=now, count=1
                    )
            except IntegrityError:
                rows.update(count=F("count") + 1, last_at=now)
            else:
                # Old counters go away with each new one (indexed on last_at): no sweep needed.
                RateCounter.objects.filter(last_at__lt=now - RETENTION).delete()
        count = rows.values_list("count", flat=True).first() or 0
    return Count(int(count), now)


def peek(bucket: str, key: str, window_seconds: int) -> Count:
    """The count of the current window without adding to it (0 when the window has passed)."""
    now = timezone.now()
    digest = _digest(key)
    if _use_redis():
        name = _redis_name(bucket, digest)
        count, last = _redis_client().mget(name, name + ":last")
        stamp = datetime.fromtimestamp(float(last), tz=timezone.get_current_timezone()) if last else None
        return Count(int(count or 0), stamp)
    from zwgk.core.models import RateCounter

    row = (
        RateCounter.objects.filter(
            bucket=bucket, key=digest, window_start__gt=now - timedelta(seconds=window_seconds)
        )
        .values_list("count", "last_at")
        .first()
    )
    return Count(row[0], row[1]) if row else Count(0, None)


def reset(bucket: str, key: str) -> None:
    digest = _digest(key)
    if _use_redis():
        name = _redis_name(bucket, digest)
        _redis_client().delete(name, name + ":last")
        return
    from zwgk.core.models import RateCounter

    RateCounter.objects.filter(bucket=bucket, key=digest).delete()


def over_limit(bucket: str, key: str, limit: int, window_seconds: int = 3600) -> bool:
    """Count this request; True when it is beyond `limit` in the window."""
    return hit(bucket, key, window_seconds).count > limit


def claim(bucket: str, key: str, window_seconds: int) -> bool:
    """True for the first caller with `key` in the window, False for every later one (duplicate detection)."""
    return hit(bucket, key, window_seconds).count == 1
