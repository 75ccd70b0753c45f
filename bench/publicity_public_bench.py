"""What the 公开方式 / 公示 predicates cost the public counts (issue 17).

`RecordQuerySet.public()` now also filters `on_internet = True` and `publicity_ends IS NULL OR >= today`; the list
indexes carry both columns so that counts stay index-only. This builds N published records in a fresh SQLite
database (2 % of them 公示 with an end date, 1 % 特定范围公开), then times, in the same run and alternating, the
count queries of the public column with the old definition of public (status, openness, published_at) — the peer
— and with the new one, and prints the query plans.

Usage (from the repository root; builds its own database under a temporary directory):
    .venv/bin/python bench/publicity_public_bench.py 100000
Prints one JSON line per query: {"query", "old_ms", "new_ms", "ratio", "covering"}.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

TMP = tempfile.mkdtemp(prefix="zwgk-publicity-bench-")
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "zwgk.settings",
        "ZWGK_DEBUG": "1",
        "ZWGK_DATA_DIR": TMP,
        "ZWGK_DATABASE_URL": f"sqlite:///{TMP}/bench.sqlite3",
    }
)
import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from zwgk.agencies.demo import load_agencies  # noqa: E402
from zwgk.documents.grounds import STATUTORY_CATEGORIES  # noqa: E402
from zwgk.documents.models import Openness, Record, Status, Theme  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")


def build(count: int) -> None:
    rng = random.Random(17)
    agencies = list(load_agencies().values())
    theme = Theme.objects.filter(parent__isnull=False).first()
    categories = list(STATUTORY_CATEGORIES)
    today = timezone.localdate()
    rows = []
    for i in range(count):
        published = datetime(2020, 1, 1, 9, tzinfo=TZ) + timedelta(minutes=37 * i)
        roll = rng.random()
        modes, on_internet, ends = ["internet"], True, None
        if roll < 0.02:
            modes, ends = ["internet", "publicity"], today + timedelta(days=rng.randint(-400, 10))
        elif roll < 0.03:
            modes, on_internet = ["limited"], False
        rows.append(
            Record(
                agency=rng.choice(agencies),
                title=f"测试文件{i}",
                index_no=f"B17/{i:07d}",
                written_on=published.date(),
                theme=theme,
                kind=rng.choice(["policy", "information"]),
                statutory_category=rng.choice(categories),
                status=Status.PUBLISHED,
                openness=Openness.PROACTIVE,
                published_at=published,
                went_live_at=published,
                disclosure_modes=modes,
                on_internet=on_internet,
                publicity_ends=ends,
                summary="概述",
                body="正文",
            )
        )
        if len(rows) == 5000:
            with transaction.atomic():
                Record.objects.bulk_create(rows)
            rows = []
    with transaction.atomic():
        Record.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def old_public():  # the definition before issue 17: the peer
    return Record.objects.filter(
        status=Status.PUBLISHED, openness=Openness.PROACTIVE, published_at__lte=timezone.now()
    )


QUERIES = {
    "count": lambda qs: qs.count(),
    "by_category": lambda qs: list(qs.values_list("statutory_category").annotate(n=Count("id")).order_by()),
    "by_agency": lambda qs: list(qs.values_list("agency").annotate(n=Count("id")).order_by()),
    "policies_count": lambda qs: qs.filter(kind="policy").count(),
    "page_1": lambda qs: list(qs.order_by("-published_at", "-id").values_list("id", "title")[:20]),
}


def timed(fn, qs) -> float:
    started = time.perf_counter()
    fn(qs)
    return (time.perf_counter() - started) * 1000


def plan(fn, qs) -> str:
    captured = []

    class Capture:
        def __call__(self, execute, sql, params, many, context):
            captured.append((sql, params))
            return execute(sql, params, many, context)

    with connection.execute_wrapper(Capture()):
        fn(qs)
    sql, params = captured[-1]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


def main(count: int) -> None:
    call_command("migrate", verbosity=0)
    started = time.monotonic()
    build(count)
    print(json.dumps({"records": count, "build_s": round(time.monotonic() - started, 1)}), flush=True)
    for name, fn in QUERIES.items():
        old, new = [], []
        for _ in range(7):  # alternate peer and subject
            old.append(timed(fn, old_public()))
            new.append(timed(fn, Record.objects.public()))
        o, n = statistics.median(old), statistics.median(new)
        new_plan = plan(fn, Record.objects.public())
        print(
            json.dumps(
                {
                    "query": name,
                    "old_ms": round(o, 2),
                    "new_ms": round(n, 2),
                    "ratio": round(n / o, 2) if o else None,
                    "covering": "COVERING INDEX" in new_plan,
                    "plan": new_plan,
                },
                ensure_ascii=False,
            ),
            flush=True,
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
