"""One scheduler across nodes (issue 22 item 6): every huey consumer runs huey's scheduler, but the periodic
tasks of a given minute are enqueued by the first consumer that claims that minute, on any node.

The claim is an atomic "add if absent": in Redis (`SET NX`, through the shared cache) when ZWGK_REDIS_URL is
set, else a `Heartbeat` row named `periodic:<minute>` in the database (primary key: a second insert fails). A
node that dies simply stops claiming; the next minute is claimed by another. Claims older than a day are deleted.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from huey import RedisHuey, SqliteHuey

logger = logging.getLogger(__name__)
PREFIX = "periodic:"


def claim_minute(timestamp: datetime) -> bool:
    """True for exactly one caller per minute across every process and node sharing the database or Redis."""
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from zwgk.core.models import Heartbeat
    from zwgk.core.pagecache import shared_cache

    minute = timestamp.replace(second=0, microsecond=0).strftime("%Y%m%d%H%M")
    if shared_cache():
        from django.core.cache import cache

        return bool(cache.add(f"zwgk-{PREFIX}{minute}", 1, 24 * 3600))
    try:
        with transaction.atomic():
            Heartbeat.objects.create(name=PREFIX + minute, beat_at=timezone.now())
    except IntegrityError:
        return False
    if minute.endswith("0000"):  # once an hour: forget day-old claims
        cutoff = timezone.now() - timedelta(days=1)
        Heartbeat.objects.filter(name__startswith=PREFIX, beat_at__lt=cutoff).delete()
    return True


class _OncePeriodic:
    def read_periodic(self, timestamp: Any) -> list[Any]:
        tasks: list[Any] = super().read_periodic(timestamp)  # type: ignore[misc]
        if not tasks:
            return tasks
        when = timestamp if timestamp is not None else datetime.now(UTC)
        try:
            if not claim_minute(when):
                logger.debug("periodic tasks of %s already enqueued by another consumer", when)
                return []
        except Exception:  # the claim store is down: enqueue here rather than skip the minute everywhere
            logger.exception("could not claim the periodic minute %s; enqueueing here", when)
        return tasks


class OnceSqliteHuey(_OncePeriodic, SqliteHuey):
    pass


class OnceRedisHuey(_OncePeriodic, RedisHuey):
    pass
