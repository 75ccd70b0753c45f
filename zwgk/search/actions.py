"""State changes of the search app: synonyms, best bets, dismissed zero-result queries, index rebuilds.

Each checks `search.manage`, changes rows, writes an audit event and schedules follow-up work on commit.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zwgk.accounts.permissions import require
from zwgk.audit.log import record, snapshot
from zwgk.search import dictionary
from zwgk.search.models import BestBet, DismissedQuery, SearchEntry, Synonym
from zwgk.search.query import query_key, split_terms
from zwgk.search.tasks import rebuild_index_task

SYNONYM_FIELDS = ["terms", "one_way", "note", "is_active"]
BEST_BET_FIELDS = ["queries", "title", "url", "description", "sort_order", "is_active", "entry_key"]


def save_synonym(synonym: Synonym | None, data: dict[str, Any], *, by: Any) -> Synonym:
    require(by, "search.manage")
    with transaction.atomic():
        creating = synonym is None
        target = (
            Synonym(created_by=by)
            if synonym is None
            else Synonym.objects.select_for_update().get(pk=synonym.pk)
        )
        before = None if creating else snapshot(target, SYNONYM_FIELDS)
        for field in SYNONYM_FIELDS:
            if field in data:
                setattr(target, field, data[field])
        target.terms = "，".join(split_terms(target.terms))
        target.full_clean()
        target.save()
        record(
            "search.synonym_created" if creating else "search.synonym_updated",
            obj=target,
            actor=by,
            before=before,
            after=snapshot(target, SYNONYM_FIELDS),
        )
        # New words join the segmentation dictionary of every process; the nightly job re-segments the index.
        dictionary.bump_version()
    return target


def delete_synonym(synonym: Synonym, *, by: Any) -> None:
    require(by, "search.manage")
    with transaction.atomic():
        record("search.synonym_deleted", obj=synonym, actor=by, before=snapshot(synonym, SYNONYM_FIELDS))
        synonym.delete()
        dictionary.bump_version()


def entry_key_for_url(url: str) -> str:
    """The key of the indexed entry this URL points to, if any (so a best bet follows its target's status)."""
    entry = SearchEntry.objects.filter(url=url).only("source", "source_pk", "seq").first()
    return entry.key if entry else ""


def save_best_bet(bet: BestBet | None, data: dict[str, Any], *, by: Any) -> BestBet:
    require(by, "search.manage")
    with transaction.atomic():
        creating = bet is None
        target = BestBet(created_by=by) if bet is None else BestBet.objects.select_for_update().get(pk=bet.pk)
        before = None if creating else snapshot(target, BEST_BET_FIELDS)
        for field in BEST_BET_FIELDS:
            if field in data:
                setattr(target, field, data[field])
        target.queries = "\n".join(
            dict.fromkeys(q for q in (query_key(x) for x in target.queries.splitlines()) if q)
        )
        target.entry_key = entry_key_for_url(target.url)
        target.full_clean()
        target.save()
        record(
            "search.best_bet_created" if creating else "search.best_bet_updated",
            obj=target,
            actor=by,
            before=before,
            after=snapshot(target, BEST_BET_FIELDS),
        )
    return target


def delete_best_bet(bet: BestBet, *, by: Any) -> None:
    require(by, "search.manage")
    with transaction.atomic():
        record("search.best_bet_deleted", obj=bet, actor=by, before=snapshot(bet, BEST_BET_FIELDS))
        bet.delete()


def dismiss_query(query: str, *, by: Any) -> DismissedQuery:
    require(by, "search.manage")
    with transaction.atomic():
        dismissed, created = DismissedQuery.objects.get_or_create(
            query=query[:100], defaults={"dismissed_by": by}
        )
        if created:
            record("search.query_dismissed", obj=dismissed, actor=by, after={"query": dismissed.query})
    return dismissed


def request_rebuild(*, by: Any) -> None:
    require(by, "search.manage")

    with transaction.atomic():
        record("search.rebuild_requested", actor=by, summary="重建检索索引")
        transaction.on_commit(rebuild_index_task)
