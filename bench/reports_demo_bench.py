"""The whole district's annual reports end to end: `zwgk demo load` with case sources registered.

Times each demo loader on a fresh SQLite database under a temporary directory, with APPS applications and a few
review cases per agency (deterministic), and then the district overview page. The peers are the foundation's
agencies and accounts loaders in the same run. Run:  .venv/bin/python bench/reports_demo_bench.py [APPS]
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
DATA = tempfile.mkdtemp(prefix="zwgk-bench-")
os.environ.update({"ZWGK_DEBUG": "1", "ZWGK_DATA_DIR": DATA, "DJANGO_SETTINGS_MODULE": "zwgk.settings"})

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from zwgk.agencies.models import Agency  # noqa: E402
from zwgk.core.registry import DemoContext, demo_loaders  # noqa: E402
from zwgk.reports.format import APPLICANT_COLUMNS, OUTCOME_KEYS  # noqa: E402
from zwgk.reports.sources import register_report_source  # noqa: E402


class Record:
    def __init__(self, **fields: object) -> None:
        self.__dict__.update(fields)


def main() -> None:
    per_agency = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    cache: dict[int, tuple[list[Record], list[Record]]] = {}

    def records(agency_id: int) -> tuple[list[Record], list[Record]]:
        if agency_id not in cache:
            rng = random.Random(agency_id)
            apps = []
            for _ in range(per_agency):
                received = date(2024, 1, 1) + timedelta(days=rng.randint(0, 720))
                concluded = received + timedelta(days=rng.randint(1, 40)) if rng.random() < 0.9 else None
                apps.append(
                    Record(
                        applicant_column=rng.choice(APPLICANT_COLUMNS),
                        received=received,
                        concluded=concluded,
                        outcome=rng.choice(OUTCOME_KEYS) if concluded else None,
                    )
                )
            cases = [
                Record(kind="review", result="维持", filed=date(2025, 3, 1), concluded=date(2025, 5, 1))
                for _ in range(3)
            ]
            cache[agency_id] = (apps, cases)
        return cache[agency_id]

    register_report_source("applications", lambda agency_id: records(agency_id)[0])
    register_report_source("review_cases", lambda agency_id: records(agency_id)[1])
    call_command("migrate", verbosity=0)
    ctx = DemoContext(verbose=False)
    timings = []
    with transaction.atomic():
        for name, loader in demo_loaders():
            start = time.perf_counter()
            loader(ctx)
            timings.append((name, time.perf_counter() - start))
    agencies = Agency.objects.count()
    for name, seconds in timings:
        print(f"demo loader {name:<10} {seconds:7.2f} s")
    print(f"({agencies} agencies, {per_agency} applications each; notes: {'; '.join(ctx.notes)})")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(ctx.data["users"]["gkb"])
    for url in (
        "/workspace/reports/overview/?year=2025",
        "/workspace/reports/?year=2025",
        "/annual-reports/",
    ):
        client.get(url)
        start = time.perf_counter()
        for _ in range(5):
            assert client.get(url).status_code == 200
        print(f"GET {url:<42} {(time.perf_counter() - start) / 5 * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
