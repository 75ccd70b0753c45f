"""What a column shows: only `Record.objects.public()`, by its content rule or hand-picked.

A sub-site column's rule matches only its own agency's records (an agency's site publishes that agency's
information); hand-picked records may come from anyone (e.g. the 主管部门's policy on a school's site).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from zwgk.columns.models import Column, ColumnItem, ColumnKind
from zwgk.documents.models import Record, Theme


def _theme_ids(column: Column) -> list[int]:
    chosen = [t.pk for t in column.themes.all()]  # prefetched by list pages and freshness
    if not chosen:
        return []
    return chosen + list(Theme.objects.filter(parent_id__in=chosen).values_list("pk", flat=True))


def rule_filter(column: Column) -> Q | None:
    """The column's content rule as one condition; None when it has none (hand-picked only)."""
    if column.kind in (ColumnKind.PAGE, ColumnKind.LINK):
        return None
    condition = Q()
    given = False
    if column.record_kinds:
        condition &= Q(kind__in=column.record_kinds)
        given = True
    if column.categories:
        condition &= Q(statutory_category__in=column.categories)
        given = True
    if column.pk is not None:
        themes = _theme_ids(column)
        if themes:
            condition &= Q(theme_id__in=themes)
            given = True
        agencies = [a.pk for a in column.source_agencies.all()]
        if agencies and not column.agency_id:
            condition &= Q(agency_id__in=agencies)
            given = True
    words = column.keyword_list()
    if words:
        any_word = Q()
        for word in words:
            any_word |= Q(title__contains=word)
        condition &= any_word
        given = True
    if not given:
        return None
    if column.agency_id:
        condition &= Q(agency_id=column.agency_id)
    return condition


def column_records(column: Column) -> QuerySet[Record]:
    """The public records the column lists itself (not its sub-columns'), newest first."""
    public = Record.objects.public()
    if column.kind in (ColumnKind.PAGE, ColumnKind.LINK) or column.pk is None:
        return public.none()
    picked = Q(pk__in=ColumnItem.objects.filter(column_id=column.pk).values("record_id"))
    rule = rule_filter(column)
    wanted = picked if rule is None else (rule | picked)
    return public.filter(wanted).select_related("agency").order_by("-published_at", "-id")


def tree_records(columns: Iterable[Column]) -> QuerySet[Record]:
    """Public records listed by any of `columns` (e.g. a 专题 and its sub-columns), each once."""
    condition = Q(pk__in=[])
    for column in columns:
        if column.kind in (ColumnKind.PAGE, ColumnKind.LINK):
            continue
        condition |= Q(pk__in=ColumnItem.objects.filter(column_id=column.pk).values("record_id"))
        rule = rule_filter(column)
        if rule is not None:
            condition |= rule
    return Record.objects.public().filter(condition).select_related("agency").order_by("-published_at", "-id")


def _day(value: object) -> date | None:
    if value is None:
        return None
    return timezone.localdate(value)  # type: ignore[arg-type]


def own_last_update(column: Column) -> date | None:
    """The last publication date of what the column itself shows."""
    if column.kind == ColumnKind.PAGE:
        return timezone.localdate(column.updated_at) if column.intro.strip() else None
    if column.kind == ColumnKind.LINK:
        if column.link.startswith("/xxgk/"):
            return _day(Record.objects.public().own().aggregate(last=Max("published_at"))["last"])
        return None
    return _day(column_records(column).aggregate(last=Max("published_at"))["last"])


def descendants(column: Column, tree: dict[int | None, list[Column]]) -> list[Column]:
    out: list[Column] = []
    for child in tree.get(column.pk, []):
        out.append(child)
        out.extend(descendants(child, tree))
    return out


def children_map(columns: Iterable[Column]) -> dict[int | None, list[Column]]:
    tree: dict[int | None, list[Column]] = {}
    for column in columns:
        tree.setdefault(column.parent_id, []).append(column)
    return tree
