"""Benchmarks of 网站健康检查, each against a peer measured in the same run.

1. Page-view counting cost: the public home page through the full middleware stack with the counter on, against
   the same page with the counter off (the peer), alternating, median of 5 rounds of 200 requests.
2. Link extraction: `crawler.extract_links` (html.parser) on the demo's biggest public list page, against a plain
   regular expression for href/src (the peer; it misses <base> and entity handling).

Run with the demo loaded: ZWGK_DEBUG=1 .venv/bin/python bench/sitehealth_bench.py
"""

from __future__ import annotations

import os
import re
import statistics
import time
from collections.abc import Callable

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zwgk.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from zwgk.sitehealth import crawler, pageviews  # noqa: E402

HREF = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""", re.I)


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 bench", REMOTE_ADDR="10.1.2.3", HTTP_HOST="127.0.0.1")
    client.get("/")  # warm the page cache and the day's salt

    def pages() -> None:
        for _ in range(200):
            client.get("/")

    on, off = [], []
    for _ in range(3):
        settings.SITEHEALTH_PAGEVIEWS = True
        on.append(timed(pages, 1))
        settings.SITEHEALTH_PAGEVIEWS = False
        off.append(timed(pages, 1))
    written = pageviews.flush()
    per_on = statistics.median(on) / 200 * 1e6
    per_off = statistics.median(off) / 200 * 1e6
    print(f"home page, counter on : {per_on:8.0f} µs/request")
    print(
        f"home page, counter off: {per_off:8.0f} µs/request (peer)   ratio {per_on / per_off:.3f}; flushed {written}"
    )
    note = timed(lambda: [pageviews.note("/", f"10.0.{i % 250}.{i % 7}", "UA") for i in range(10000)], 3)
    print(f"pageviews.note alone  : {note / 10000 * 1e6:8.2f} µs/call")
    pageviews.flush()

    html = Client(HTTP_HOST="127.0.0.1").get("/xxgk/policies/").content.decode()
    parsed = timed(lambda: crawler.extract_links(html, "http://zwgk.internal/xxgk/policies/"), 20)
    regex = timed(lambda: HREF.findall(html), 20)
    print(
        f"extract_links ({len(html) // 1024} KB page): {parsed * 1000:.2f} ms; regex peer {regex * 1000:.2f} ms; "
        f"ratio {parsed / regex:.1f}"
    )


if __name__ == "__main__":
    main()
