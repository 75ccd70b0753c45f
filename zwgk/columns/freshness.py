"""Column freshness for the site-health check (CHK2019 “栏目不更新” and “空白栏目”) and the workspace.

`column_freshness(today)` is a stable contract read by another part of the platform: one `ColumnFreshness` per
public column of every site, with the last publication date and whether it is empty or overdue against its
update rule (zwgk/columns/periods.py; the periods are ZWGK_COLUMNS_DYNAMIC_DAYS / ZWGK_COLUMNS_NOTICE_MONTHS).
A column with sub-columns counts what it and all its sub-columns show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from zwgk.columns import content, periods
from zwgk.columns.models import Column, ColumnKind


@dataclass(frozen=True)
class ColumnFreshness:
    column: str  # the column's name
    url: str  # its public path
    agency_id: int | None  # the site's owner; None = the district portal
    rule: str  # "dynamic" | "notice" | "static"
    last_update: date | None
    status: str  # "ok" | "stale" | "empty"


def _evaluate(
    column: Column, tree: dict[int | None, list[Column]], own: dict[int, date | None], today: date
) -> ColumnFreshness:
    days = [own[c.pk] for c in [column, *content.descendants(column, tree)]]
    known = [d for d in days if d is not None]
    last = max(known) if known else None
    rule = column.effective_rule(today)
    if column.kind == ColumnKind.LINK:
        # A link leads to a column kept elsewhere (e.g. the national 政府信息公开 column): checked there.
        status = periods.OK
    else:
        status = periods.status_for(
            rule,
            last,
            today,
            dynamic_days=settings.COLUMNS_DYNAMIC_DAYS,
            notice_months=settings.COLUMNS_NOTICE_MONTHS,
        )
    return ColumnFreshness(
        column=column.name,
        url=column.public_url(),
        agency_id=column.agency_id,
        rule=rule,
        last_update=last,
        status=status,
    )


def freshness_rows(today: date, agency_ids: list[int] | None = None) -> list[tuple[Column, ColumnFreshness]]:
    """Each public column (of the given sites' owners, or every site) with its freshness, in tree order."""
    qs = (
        Column.objects.public()
        .select_related("agency", "parent", "parent__parent")
        .prefetch_related("themes", "source_agencies")
    )
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    columns = list(qs.order_by("agency__sort_order", "agency_id", "sort_order", "id"))
    tree = content.children_map(columns)
    own = {c.pk: content.own_last_update(c) for c in columns}  # once per column, not once per ancestor
    return [(c, _evaluate(c, tree, own, today)) for c in _tree_order(columns, tree)]


def _tree_order(columns: list[Column], tree: dict[int | None, list[Column]]) -> list[Column]:
    present = {c.pk for c in columns}
    ordered: list[Column] = []

    def walk(node: Column) -> None:
        ordered.append(node)
        for child in tree.get(node.pk, []):
            walk(child)

    for column in columns:
        if column.parent_id is None or column.parent_id not in present:
            walk(column)
    return ordered


def column_freshness(today: date) -> list[ColumnFreshness]:
    """Every public column of every site with its last publication date and status on `today`."""
    return [row for _, row in freshness_rows(today)]
