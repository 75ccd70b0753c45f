"""Background work of 政务新媒体: reading every operating account's public feed every few hours
(ZWGK_NEWMEDIA_FEED_EVERY_HOURS), one account at a time, each fetch bounded in time and size."""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zwgk.core.errors import Refused
from zwgk.newmedia import actions
from zwgk.newmedia.models import Account

logger = logging.getLogger(__name__)


def read_all_feeds() -> dict[str, int]:
    """Read each operating account's feed. Returns counts (accounts read, new items, failures)."""
    read = added = failed = 0
    for account in Account.objects.monitored().exclude(feed_url="").order_by("pk"):
        try:
            added += actions.read_feed(account)
        except Refused:
            continue
        except Exception:  # one broken account must not stop the others; the next run tries again
            logger.exception("newmedia: reading the feed of account %s failed", account.pk)
            failed += 1
            continue
        read += 1
        account.refresh_from_db(fields=["feed_error"])
        failed += bool(account.feed_error)
    return {"read": read, "added": added, "failed": failed}


@db_periodic_task(crontab(minute="25", hour=f"*/{settings.NEWMEDIA_FEED_EVERY_HOURS}"))
def periodic_feed_read() -> None:
    read_all_feeds()
