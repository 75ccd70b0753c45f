"""Benchmark of the 工作要点 ledger (not part of the test suite).

    .venv/bin/python bench/workplan.py      (uses a fresh temporary data directory, removed at the end)

Measures, in one run on a fresh embedded database with the demo district loaded:
  1. parsing + matching the 2022 plan (pure functions) — and, as its peer, only reading the file;
  2. the supervision page (every unit, two SVG charts, indicators) and a unit's ledger page — and, as their peer,
     the foundation's audit-log list page (a plain paginated list) rendered by the same test client;
  3. the overdue sweep over the whole ledger with nothing to do (the periodic task's steady state).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# Always a fresh embedded database of its own (never the installation's ZWGK_DATA_DIR).
DATA = Path(tempfile.mkdtemp(prefix="zwgk-workplan-bench-"))
os.environ["ZWGK_DATA_DIR"] = str(DATA)
os.environ.pop("ZWGK_DATABASE_URL", None)
os.environ.setdefault("ZWGK_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zwgk.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402


def timed(fn, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs), max(runs)


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("demo", "load", stdout=StringIO())
    print(f"demo load (all loaders): {time.perf_counter() - start:.1f} s")

    from zwgk.agencies.models import Agency
    from zwgk.workplan.actions.ledger import sweep_overdue
    from zwgk.workplan.importer import prepare_text
    from zwgk.workplan.models import Task
    from zwgk.workplan.parser import read_document

    path = settings.WORKPLAN_DEMO_PLAN
    text = read_document(path)
    print(f"tasks in the ledger: {Task.objects.count()}")
    rows = [
        ("read the plan file (peer)", lambda: read_document(path), 50),
        ("parse + match the 2022 plan", lambda: prepare_text(text), 50),
    ]
    from django.contrib.auth import get_user_model

    gkb = get_user_model().objects.get(username="gkb")
    client = Client()
    client.force_login(gkb)
    fgw = Agency.objects.get(short_name="区发改委")
    pages = [
        ("audit log list page (peer)", "/workspace/audit/"),
        ("supervision page (all units, 2 charts)", "/workspace/workplan/2022/supervision/"),
        ("unit ledger page (区发改委)", f"/workspace/workplan/2022/units/{fgw.pk}/"),
        ("plan page (19 items, chart)", "/workspace/workplan/2022/"),
    ]
    for label, url in pages:
        assert client.get(url).status_code == 200, url
        rows.append((label, lambda url=url: client.get(url), 20))
    rows.append(("overdue sweep, nothing to do", sweep_overdue, 20))
    print(f"{'measure':45} {'median ms':>10} {'max ms':>10}")
    for label, fn, repeat in rows:
        median, worst = timed(fn, repeat)
        print(f"{label:45} {median:10.1f} {worst:10.1f}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(DATA, ignore_errors=True)
