"""Daily statistics counters written while answering public requests (search queries, questions asked).

A citizen's search must not wait for the database to flush its log to disk: on PostgreSQL the counter is written
with `synchronous_commit` off for that one transaction (a crash may lose the last fraction of a second of counts,
never make the database inconsistent). SQLite in WAL mode with synchronous=NORMAL already behaves this way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import F


@contextmanager
def relaxed_durability() -> Iterator[None]:
    """A transaction whose commit does not wait for the WAL flush (PostgreSQL); plain atomic elsewhere."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def bump_daily(
    model: type[models.Model],
    key: dict[str, Any],
    increments: dict[str, int],
    *,
    values: dict[str, Any] | None = None,
    on_create: dict[str, Any] | None = None,
) -> None:
    """Add `increments` to the row of `model` identified by `key` (unique together), creating it when missing.

    `values` are set on every call, `on_create` only when the row is created. Safe under concurrent requests:
    a create that loses the race to the unique constraint turns into the update."""
    values = values or {}
    delta = {name: F(name) + n for name, n in increments.items()}
    manager = model._default_manager
    with relaxed_durability():
        if manager.filter(**key).update(**delta, **values):
            return
        try:
            with transaction.atomic():
                manager.create(**key, **increments, **values, **(on_create or {}))
        except IntegrityError:
            manager.filter(**key).update(**delta, **values)
