"""Coverage of the standard catalogues: per unit, 事项 adopted, with published content, empty, and late.

- with content: the 事项's column (or one of its sub-columns) lists at least one public record;
- empty: no public content yet (no column linked, or the column shows nothing);
- late: empty although its 公开时限 has passed — counted in working days from the day the unit adopted the 事项
  (the day the unit declared the information its own), by the item's limit, or Art 26's 20 working days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from zwgk.catalogues.models import AgencyItem, Catalogue
from zwgk.columns import content
from zwgk.columns.models import Column
from zwgk.core.charts import paired_bars
from zwgk.workdays.service import get_calendar

# 《政府信息公开条例》第二十六条: within 20 working days of the information being formed or changed.
DEFAULT_LIMIT_DAYS = 20


@dataclass
class ItemState:
    entry: AgencyItem
    has_content: bool
    late: bool
    due: date | None


@dataclass
class CoverageRow:
    agency_id: int
    agency: str
    adopted: int = 0
    with_content: int = 0
    empty: int = 0
    late: int = 0
    gaps: list[ItemState] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return self.with_content / self.adopted if self.adopted else None


def _column_has_content(column: Column, cache: dict[int, bool]) -> bool:
    if column.pk not in cache:
        tree = content.children_map(Column.objects.public().of_site(column.agency_id))
        group = [column, *content.descendants(column, tree)]
        public = Column.objects.public().filter(pk=column.pk).exists()
        cache[column.pk] = public and content.tree_records(group).exists()
    return cache[column.pk]


def item_states(entries: list[AgencyItem], today: date) -> list[ItemState]:
    calendar = get_calendar(provisional=True)
    cache: dict[int, bool] = {}
    states = []
    for entry in entries:
        has = entry.column is not None and _column_has_content(entry.column, cache)
        due = None
        late = False
        if not has:
            limit = entry.item.time_limit_days or DEFAULT_LIMIT_DAYS
            due = calendar.add_working_days(entry.adopted_on, limit)[0]
            late = due < today
        states.append(ItemState(entry, has, late, due))
    return states


def coverage(
    today: date, catalogue: Catalogue | None = None, agency_id: int | None = None
) -> list[CoverageRow]:
    qs = AgencyItem.objects.select_related("agency", "item", "column", "column__agency")
    if catalogue is not None:
        qs = qs.filter(item__catalogue=catalogue)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    entries = list(qs.order_by("agency__sort_order", "agency_id", "item__seq"))
    rows: dict[int, CoverageRow] = {}
    for state in item_states(entries, today):
        agency = state.entry.agency
        row = rows.setdefault(agency.pk, CoverageRow(agency.pk, agency.short_name))
        row.adopted += 1
        if state.has_content:
            row.with_content += 1
        else:
            row.empty += 1
            row.gaps.append(state)
            if state.late:
                row.late += 1
    return list(rows.values())


def chart(rows: list[CoverageRow]) -> dict[str, object] | None:
    """The SVG bar chart (adopted / with content per unit); the table has the data."""
    return paired_bars(
        [(r.agency, r.adopted, r.with_content, f"{r.with_content} / {r.adopted}") for r in rows], plot=520
    )
