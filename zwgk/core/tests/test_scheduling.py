"""Issue 22 item 6: two consumers (two nodes) each run huey's scheduler, but a minute's periodic tasks are
enqueued once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from huey import crontab

from zwgk.core import scheduling

pytestmark = pytest.mark.django_db


def _consumer_huey(name: str) -> scheduling.OnceSqliteHuey:
    huey = scheduling.OnceSqliteHuey(name, filename=":memory:", immediate=False)

    @huey.periodic_task(crontab(minute="*"))
    def every_minute() -> None:  # pragma: no cover - never run, only scheduled
        pass

    return huey


@pytest.mark.parametrize("shared", [False, True], ids=["database", "shared cache"])
def test_each_minute_is_enqueued_by_one_consumer_only(shared, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr("zwgk.core.pagecache.shared_cache", lambda: shared)
    node_a, node_b = _consumer_huey("a"), _consumer_huey("b")
    minute = datetime(2026, 12, 7, 9, 30, 0, tzinfo=UTC)
    assert len(node_a.read_periodic(minute)) == 1
    assert node_b.read_periodic(minute.replace(second=40)) == []  # same minute, other node: nothing
    nxt = datetime(2026, 12, 7, 9, 31, 0, tzinfo=UTC)
    assert node_b.read_periodic(nxt) and node_a.read_periodic(nxt) == []
