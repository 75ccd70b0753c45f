"""Annual report: counting table 3/4 from a large ledger, the 勾稽 checks, and rendering .docx/PDF.

Peers measured in the same run: a bare `collections.Counter` over the same records (the least work any counting
can do: no validation, no boundary rules), and an empty PdfDocument / python-docx Document (library start-up
and save cost). Run:  .venv/bin/python bench/reports_bench.py [records]
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from zwgk.reports.checks import run_checks
from zwgk.reports.compute import count_applications, count_review_cases
from zwgk.reports.document import ReportDocument, render_docx, render_pdf
from zwgk.reports.format import APPLICANT_COLUMNS, OUTCOME_KEYS
from zwgk.reports.narrative import NarrativeFacts, draft_sections


class App:
    __slots__ = ("applicant_column", "concluded", "outcome", "received")

    def __init__(self, column: str, received: date, concluded: date | None, outcome: str | None) -> None:
        self.applicant_column, self.received, self.concluded, self.outcome = (
            column,
            received,
            concluded,
            outcome,
        )


class Case:
    __slots__ = ("concluded", "filed", "kind", "result")

    def __init__(self, kind: str, result: str, filed: date, concluded: date | None) -> None:
        self.kind, self.result, self.filed, self.concluded = kind, result, filed, concluded


def ledger(n: int) -> tuple[list[App], list[Case]]:
    rng = random.Random(2025)
    apps = []
    for _ in range(n):
        received = date(2023, 1, 1) + timedelta(days=rng.randint(0, 1094))
        concluded = received + timedelta(days=rng.randint(0, 60)) if rng.random() < 0.95 else None
        apps.append(
            App(
                rng.choice(APPLICANT_COLUMNS),
                received,
                concluded,
                rng.choice(OUTCOME_KEYS) if concluded else None,
            )
        )
    cases = [
        Case(rng.choice(["review", "litigation_direct", "litigation_after_review"]), rng.choice(["维持", "纠正", "其他"]),
             date(2025, 1, 1) + timedelta(days=rng.randint(0, 364)), None)
        for _ in range(n // 100)
    ]  # fmt: skip
    return apps, cases


def best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    apps, cases = ledger(n)
    start, end = date(2025, 1, 1), date(2025, 12, 31)

    def peer() -> Counter:
        return Counter(
            (a.outcome, a.applicant_column)
            for a in apps
            if a.concluded is not None and start <= a.concluded <= end
        )

    counted = count_applications(apps, 2025)
    table4 = count_review_cases(cases, 2025).table
    ours = best(lambda: count_applications(apps, 2025))
    bare = best(peer)
    checks = best(
        lambda: run_checks(counted.table, table4, previous_carried_out=counted.table["carried_out"]), 50
    )
    texts = draft_sections(
        NarrativeFacts("天津市东丽区测试局", 2025, "东丽区人民政府", table3=counted.table, table4=table4)
    )
    doc = ReportDocument("天津市东丽区测试局", 2025, texts, {}, counted.table, table4, draft=True)

    from docx import Document

    from zwgk.core.pdf import PdfDocument

    pdf = best(lambda: render_pdf(doc), 3)
    pdf_peer = best(lambda: PdfDocument("x").paragraph("测试").render(), 3)
    docx = best(lambda: render_docx(doc), 3)

    def docx_empty() -> None:
        import io

        Document().save(io.BytesIO())

    docx_peer = best(docx_empty, 3)
    print(f"records: {n:,} applications, {len(cases):,} review cases")
    print(f"count table 3 (zwgk):           {ours * 1000:8.1f} ms  ({n / ours / 1e6:.2f} M records/s)")
    print(f"bare Counter (peer):            {bare * 1000:8.1f} ms  ratio {ours / bare:.2f}x")
    print(f"勾稽 checks (all rules):         {checks * 1000:8.3f} ms")
    print(
        f"render PDF (3 tables, 6 parts): {pdf * 1000:8.1f} ms  peer one-paragraph PDF {pdf_peer * 1000:.1f} ms"
    )
    print(
        f"render .docx:                   {docx * 1000:8.1f} ms  peer empty .docx {docx_peer * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
