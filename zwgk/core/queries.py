"""Query helpers every app uses for the same small job (issue 22 item 4: less Python per uncached page)."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def one_or_none(qs: QuerySet[M]) -> M | None:
    """The row of a lookup by a unique key (a pk, a number, a slug), or None — compiled without ORDER BY.

    `.first()` orders by the model's `Meta.ordering`, and compiling an ORDER BY makes Django hash every selected
    column; with `select_related` that is a hundred columns and about 2.5 ms per query on this machine, for a
    lookup that has one row and nothing to order (docs/performance.md, "Serving like a static site", the in-process table). Use `.first()` where
    several rows match and the order decides which one is wanted.
    """
    rows = list(qs.order_by()[:1])
    return rows[0] if rows else None
