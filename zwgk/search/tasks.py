"""Background work of the search index: rebuild on request, and the nightly reconciliation."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from zwgk.search.indexer import rebuild, reconcile
from zwgk.search.models import IndexStatus

logger = logging.getLogger(__name__)


@db_task()
def rebuild_index_task() -> dict[str, int]:

    counts = rebuild()
    logger.info("search: index rebuilt %s", counts)
    return counts


@db_periodic_task(crontab(hour="2", minute="30"))
def nightly_search_maintenance() -> None:
    """Remove whatever is no longer public, add what is missing, and re-segment everything when the
    dictionary (synonyms, unit names) changed since the last rebuild. Idempotent."""

    result = reconcile()
    status = IndexStatus.objects.filter(name="main").first()
    if status is not None and status.indexed_dictionary_version < status.dictionary_version:
        rebuild()
    logger.info("search: nightly reconciliation %s", result)
