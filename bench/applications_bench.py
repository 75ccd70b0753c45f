"""Benchmarks of the applications app's pure rules, each against a peer measured in the same run.

1. The statutory clock: `clock.evaluate([Received(d)])` (due date + full explanation) for every receipt day
   2024-01-01..2026-10-31, against chinesecalendar's own `find_workday(20, d)` (due date only).
2. Near-duplicate detection: one request against 500 earlier requests of the same applicant, rapidfuzz
   (`services.similarity`'s scorer) against the standard library's difflib.SequenceMatcher.

Run: .venv/bin/python bench/applications_bench.py
"""

from __future__ import annotations

import difflib
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from chinese_calendar import find_workday
from rapidfuzz import fuzz

from zwgk.applications.clock import Received, evaluate
from zwgk.calendar import WorkCalendar, package_schedules


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    cal = WorkCalendar(package_schedules())
    days = []
    day = date(2024, 1, 1)
    while day <= date(2026, 10, 31):
        days.append(day)
        day += timedelta(days=1)

    def ours() -> None:
        for d in days:
            evaluate([Received(d)], cal)

    def peer() -> None:
        for d in days:
            find_workday(20, d)

    working = [d for d in days if cal.is_working_day(d)]
    mismatches = sum(evaluate([Received(d)], cal).due != find_workday(20, d) for d in working)
    t_ours, t_peer = timed(ours), timed(peer)
    n = len(days)
    print(
        f"clock: {n} receipt days; on the {len(working)} working-day receipts, mismatches with "
        f"chinesecalendar.find_workday: {mismatches} (a receipt on a rest day differs by design: find_workday "
        "first moves to the next working day and counts from there, the clock counts day 1 as that day)"
    )
    print(f"  zwgk clock.evaluate (due + explanation): {t_ours / n * 1e6:8.1f} µs/call")
    print(f"  chinesecalendar.find_workday (due only): {t_peer / n * 1e6:8.1f} µs/call")
    print(f"  ratio: {t_ours / t_peer:.2f}×")

    rng = random.Random(7)
    topics = [
        "区政府常务会议纪要",
        "政府投资项目计划",
        "就业补助资金使用情况",
        "拆迁安置补偿方案",
        "价格监测报告",
    ]
    earlier = [
        f"请公开东丽区{rng.randint(2019, 2026)}年第{rng.randint(1, 40)}次{rng.choice(topics)}及附件材料"
        for _ in range(500)
    ]
    query = "请公开东丽区2024年第12次区政府常务会议纪要及附件材料"

    def rf() -> list[float]:
        return [fuzz.ratio(query, other) for other in earlier]

    def dl() -> list[float]:
        return [difflib.SequenceMatcher(None, query, other).ratio() * 100 for other in earlier]

    t_rf, t_dl = timed(rf, 20), timed(dl, 20)
    agree = sum((a >= 85) == (b >= 85) for a, b in zip(rf(), dl(), strict=True))
    print(f"near-duplicates: 1 request vs {len(earlier)} earlier ones (threshold 85 agrees on {agree}/500)")
    print(f"  rapidfuzz fuzz.ratio:         {t_rf * 1e3:8.2f} ms")
    print(f"  difflib.SequenceMatcher:      {t_dl * 1e3:8.2f} ms")
    print(f"  ratio: difflib is {t_dl / t_rf:.1f}× slower")


if __name__ == "__main__":
    main()
