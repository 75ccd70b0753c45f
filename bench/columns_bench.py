"""Column pages and column freshness on the demo district (run `zwgk demo load` first; reads ./var).

Peers in the same run: the uncached 政策文件 list (/xxgk/policies/) for the column pages, and one uncached
/xxgk/ page render for `column_freshness`. Then 300 extra keyword-rule columns (made in a transaction that is
rolled back) to see how freshness grows. Run:  .venv/bin/python bench/columns_bench.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.update(
    {"ZWGK_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "zwgk.settings", "ZWGK_PUBLIC_CACHE_SECONDS": "0"}
)

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from zwgk.columns.freshness import column_freshness  # noqa: E402
from zwgk.columns.models import Column  # noqa: E402

ROUNDS = 3
N = 30


def per_request(client: Client, path: str) -> float:
    start = time.perf_counter()
    for _ in range(N):
        assert client.get(path).status_code == 200, path
    return (time.perf_counter() - start) / N * 1000


def main() -> None:
    client = Client(HTTP_HOST="localhost")
    today = timezone.localdate()
    paths = ["/xxgk/policies/", "/columns/yqfk/", "/columns/zs2026/", "/sites/120110303/szgg/", "/columns/"]
    results: dict[str, list[float]] = {p: [] for p in paths}
    fresh: list[float] = []
    peer: list[float] = []
    for _ in range(ROUNDS):
        for path in paths:
            results[path].append(per_request(client, path))
        start = time.perf_counter()
        rows = column_freshness(today)
        fresh.append((time.perf_counter() - start) * 1000)
        peer.append(per_request(client, "/xxgk/"))
    base = min(results["/xxgk/policies/"])
    print(f"columns: {Column.objects.count()}, freshness rows: {len(rows)}")
    for path, times in results.items():
        print(f"{path:28s} best {min(times):7.1f} ms/request  ({min(times) / base:.2f}× /xxgk/policies/)")
    print(
        f"column_freshness            best {min(fresh):7.1f} ms  ({min(fresh) / min(peer):.2f}× one /xxgk/ render)"
    )
    with transaction.atomic():
        for i in range(300):
            Column.objects.create(
                name=f"压测栏目{i}", slug=f"bench-{i}", keywords="补贴 通知", update_rule="notice"
            )
        start = time.perf_counter()
        rows = column_freshness(today)
        print(f"column_freshness, {len(rows)} columns: {(time.perf_counter() - start) * 1000:.0f} ms")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
