"""Build N published records (real text from ../shared/data/gov-work-reports) for the public-page benchmark.

Usage (from the repository root, with ZWGK_DATABASE_URL / ZWGK_DATA_DIR set):
    python bench/documents_build.py 100000
Prints a JSON line {"records": N, "min_id": …, "max_id": …, "seconds": …}.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zwgk.settings")
import django

django.setup()

from django.db import transaction  # noqa: E402
from tqdm import tqdm  # noqa: E402

from zwgk.agencies.demo import load_agencies  # noqa: E402
from zwgk.documents.grounds import STATUTORY_CATEGORIES  # noqa: E402
from zwgk.documents.models import IndexCounter, Record, Theme  # noqa: E402

CORPUS = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "gov-work-reports"
    / "government_work_reports.jsonl"
)
GENRES = ["notice", "opinion", "measures", "plan", "decision", "report"]
PREFIXES = ["东丽政发", "东丽政办发", "东丽发改", "东丽人社规", "东丽民规", "东丽建规", "东丽财预"]


def paragraphs() -> list[str]:
    if not CORPUS.is_file():
        sys.exit(f"corpus not found: {CORPUS} (the benchmark uses real text from ../shared/data)")
    out = []
    with CORPUS.open(encoding="utf-8") as handle:
        for line in handle:
            for para in json.loads(line)["content"].split("\n"):
                para = para.strip()
                if 40 <= len(para) <= 1500:
                    out.append(para)
    return out


def main(count: int) -> None:
    started = time.monotonic()
    rng = random.Random(20250101)
    texts = paragraphs()
    agencies = list(load_agencies().values())
    themes = list(Theme.objects.filter(parent__isnull=False))
    categories = list(STATUTORY_CATEGORIES)
    tz = ZoneInfo("Asia/Shanghai")
    serials: dict[tuple[int, int], int] = {}
    batch: list[Record] = []
    existing = Record.objects.count()
    with tqdm(total=count, desc="records", file=sys.stderr) as bar:
        for n in range(existing, existing + count):
            agency = rng.choice(agencies)
            written = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 3950))
            published = datetime.combine(
                written + timedelta(days=rng.randrange(1, 25)), datetime.min.time(), tzinfo=tz
            )
            year = published.year
            serial = serials.get((agency.pk, year), 0) + 1
            serials[(agency.pk, year)] = serial
            body = "\n".join(rng.sample(texts, 4))
            title_seed = rng.choice(texts)
            batch.append(
                Record(
                    agency=agency,
                    title=f"关于{title_seed[: rng.randint(12, 30)].rstrip('，。；、')}的通知",
                    index_no=f"{agency.code}/{year}-{serial:05d}",
                    index_year=year,
                    index_serial=serial,
                    doc_number=f"{rng.choice(PREFIXES)}〔{written.year}〕{rng.randint(1, 200)}号",
                    written_on=written,
                    published_at=published,
                    went_live_at=published,
                    theme=rng.choice(themes),
                    genre=rng.choice(GENRES),
                    kind="policy" if rng.random() < 0.7 else "information",
                    summary=body[:120],
                    body=body,
                    validity="current" if rng.random() < 0.9 else "repealed",
                    validity_changed_on=None,
                    openness="proactive",
                    statutory_category=rng.choice(categories),
                    status="published",
                    source_key=f"bench:{n}",
                )
            )
            if batch[-1].validity == "repealed":
                batch[-1].validity_changed_on = written + timedelta(days=400)
                batch[-1].repealed_on = batch[-1].validity_changed_on
            if len(batch) == 5000:
                with transaction.atomic():
                    Record.objects.bulk_create(batch)
                bar.update(len(batch))
                batch = []
        if batch:
            with transaction.atomic():
                Record.objects.bulk_create(batch)
            bar.update(len(batch))
    IndexCounter.objects.bulk_create(
        [IndexCounter(agency_id=a, year=y, last=s) for (a, y), s in serials.items()], ignore_conflicts=True
    )
    ids = Record.objects.public().order_by("id").values_list("id", flat=True)
    print(
        json.dumps(
            {
                "records": Record.objects.public().count(),
                "min_id": ids.first(),
                "max_id": ids.last(),
                "seconds": round(time.monotonic() - started, 1),
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
