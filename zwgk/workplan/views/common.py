"""Helpers shared by the ledger views."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from zwgk.accounts.permissions import can
from zwgk.workplan import indicators
from zwgk.workplan.charts import SERIES
from zwgk.workplan.models import ItemIndicator, Plan, PlanItem, Task


def plan_years() -> list[int]:
    return list(Plan.objects.order_by("-year").values_list("year", flat=True))


def default_year() -> int | None:
    """The plan being carried out (see PlanQuerySet.year_being_carried_out)."""
    return Plan.objects.year_being_carried_out(timezone.localdate())


def status_counts(tasks: QuerySet[Task], by: str) -> dict[Any, Counter[str]]:
    """{value of `by`: Counter(status → n)} in one grouped query."""
    counts: dict[Any, Counter[str]] = {}
    for row in tasks.values(by, "status").annotate(n=Count("id")):
        counts.setdefault(row[by], Counter())[row["status"]] += row["n"]
    return counts


def chart_counts(counter: Counter[str] | None) -> dict[str, int]:
    counter = counter or Counter()
    return {key: counter.get(key, 0) for key, _, _ in SERIES}


def shown_indicator_keys(plan: Plan, items: Iterable[PlanItem]) -> dict[int, list[str]]:
    """Indicator keys per item seq: the default links by hint, with the 公开办's overrides applied."""
    items = list(items)
    all_items = list(plan.items.only("seq", "title", "text")) if len(items) < plan.items.count() else items
    links = indicators.default_links(indicators.ItemText(i.seq, f"{i.title}{i.text}") for i in all_items)
    overrides = {
        (seq, key): shown
        for seq, key, shown in ItemIndicator.objects.filter(item__plan=plan).values_list(
            "item__seq", "key", "shown"
        )
    }
    result: dict[int, list[str]] = {}
    for item in items:
        keys = [k for k in links.get(item.seq, []) if overrides.get((item.seq, k), True)]
        keys += [k for (seq, k), shown in overrides.items() if seq == item.seq and shown and k not in keys]
        result[item.seq] = [k for k in keys if indicators.get(k) is not None]
    return result


def evaluate_keys(
    keys: Iterable[str], year: int, agency_id: int | None
) -> dict[str, indicators.ShownIndicator]:
    values = {}
    for key in dict.fromkeys(keys):
        indicator = indicators.get(key)
        if indicator is not None:
            values[key] = indicators.evaluate(indicator, year, agency_id)
    return values


def nav(request: Any, plan: Plan, name: str) -> dict[str, Any]:
    """Context of the ledger's sub-navigation (workplan/_nav.html)."""

    return {
        "plan": plan,
        "nav": name,
        "years": plan_years(),
        "supervisor": can(request.user, "workplan.supervise"),
    }


def in_ledger_order(tasks: Iterable[Task]) -> list[Task]:
    """Ledger rows by item, each followed by its sub-tasks (sub-tasks whose row is filtered out come last)."""
    tasks = list(tasks)
    mains = [t for t in tasks if t.parent_id is None]
    subs: dict[int, list[Task]] = {}
    for task in tasks:
        if task.parent_id is not None:
            subs.setdefault(task.parent_id, []).append(task)
    ordered: list[Task] = []
    for main in sorted(mains, key=lambda t: (t.item.seq, t.id)):
        ordered.append(main)
        ordered.extend(sorted(subs.pop(main.pk, []), key=lambda t: (t.due_date, t.id)))
    for rest in subs.values():
        ordered.extend(rest)
    return ordered
