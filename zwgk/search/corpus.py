"""Real texts from ../shared/data as index entries, for the relevance tests and the benchmark.

Statutes become 政策文件 with article passages and their real 文号-like identifiers; the State Council work
reports become 政府信息 entries with paragraph passages; the district's 2022 work plan is a 政策文件 that has
expired (a year's plan). Nothing is copied into the repository: the files are read where they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from zwgk.documents.issuers import DEMO_LAWS, statute_text
from zwgk.search.passages import split_passages
from zwgk.search.registry import IndexEntry
from zwgk.search.text import chinese_number

SHARED = Path(__file__).resolve().parents[3] / "shared"
STATUTES = SHARED / "data" / "prc-statutes"
REPORTS = SHARED / "data" / "gov-work-reports" / "government_work_reports.jsonl"
WORK_PLAN = SHARED / "mission" / "东丽区2022年政务公开工作要点.txt"

# File stem → (文号 as published, issuing body, date): the same table the demo files the laws with.
STATUTE_META = DEMO_LAWS


def available() -> bool:
    return STATUTES.is_dir() and REPORTS.is_file()


def statute_entries() -> Iterator[tuple[str, IndexEntry]]:
    for path in sorted(STATUTES.glob("*.md")):
        if path.stem not in STATUTE_META:
            continue
        doc_number, agency, day = STATUTE_META[path.stem]
        title, body = statute_text(path)
        yield (
            f"statute-{path.stem.split('(')[0]}",
            IndexEntry(
                title=title,
                url=f"/corpus/statutes/{path.stem.split('(')[0]}/",
                body=body,
                kind="政策文件",
                doc_number=doc_number,
                agency_name=agency,
                date=day,
                validity="in_force",
                theme="法律法规",
                passages=split_passages(body),
            ),
        )


def report_records() -> list[dict[str, object]]:
    return [json.loads(line) for line in REPORTS.read_text(encoding="utf-8").splitlines() if line.strip()]


# First year of each 全国人民代表大会 (届), to date the NPC resolutions on the reports (no year in the data).
_NPC_FIRST_YEAR = {2: 1959, 10: 2003, 11: 2008, 12: 2013, 13: 2018, 14: 2023}


def _resolution_year(title: str) -> int | None:
    match = re.match(r"第(.+?)届全国人民代表大会第(.+?)次会议", title)
    if not match:
        return None
    term, session = chinese_number(match.group(1)), chinese_number(match.group(2))
    if term not in _NPC_FIRST_YEAR or session is None:
        return None
    return _NPC_FIRST_YEAR[term] + session - 1


def report_entries() -> Iterator[tuple[str, IndexEntry]]:
    for record in report_records():
        title = str(record["title"])
        resolution = record.get("year") is None
        year = _resolution_year(title) if resolution else int(str(record["year"]))
        if year is None:
            continue
        body = str(record["content"])
        key = f"resolution-{year}" if resolution else f"report-{year}"
        yield (
            key,
            IndexEntry(
                title=title,
                url=f"/corpus/{key}/",
                body=body,
                kind="政府信息",
                agency_name="国务院",
                date=date(year, 3, 5),
                theme="政府工作报告",
                passages=split_passages(body),
            ),
        )


def work_plan_entry() -> Iterator[tuple[str, IndexEntry]]:
    if not WORK_PLAN.is_file():
        return
    text = WORK_PLAN.read_text(encoding="utf-8")
    yield (
        "workplan-2022",
        IndexEntry(
            title="东丽区2022年政务公开工作要点",
            url="/corpus/workplan/2022/",
            body=text,
            kind="政策文件",
            agency_name="区政府办",
            date=date(2022, 6, 30),
            validity="expired",
            theme="政务公开",
            passages=split_passages(text),
        ),
    )


def all_entries() -> list[tuple[str, IndexEntry]]:
    return [*statute_entries(), *report_entries(), *work_plan_entry()]


# --- the demo district's index as a snapshot (tests/data/search/demo_entries.jsonl) ---------------------------

DEMO_SNAPSHOT = Path(__file__).resolve().parents[2] / "tests" / "data" / "search" / "demo_entries.jsonl"


def eval_key(entry: object) -> str:
    """The stable key an indexed entry has in the relevance sets, whichever way it was indexed: records by the
    id they were loaded with (demo:norm-dibao-2022 → norm-dibao-2022; import:report-2019 → report-2019), annual
    reports by unit code and year, FAQs by question, interpretations by their demo id."""
    from zwgk.search.models import SearchEntry
    from zwgk.search.registry import sources

    assert isinstance(entry, SearchEntry)
    for source in sources():
        if source.label == entry.source:
            obj = source.model._default_manager.filter(pk=entry.source_pk).first()
            return object_key(source.label, obj) if obj is not None else entry.source_pk
    return entry.source_pk


def object_key(label: str, obj: Any) -> str:
    if label == "documents.record":
        return str(obj.source_key).partition(":")[2] or f"record-{obj.pk}"
    if label == "documents.interpretation":
        return f"interp-{str(obj.source_key or '').partition(':')[2] or obj.pk}"
    if label == "reports.annualreport":
        return f"annual-{obj.agency.code}-{obj.year}"
    if label == "qa.faq":
        return f"faq-{obj.question}"
    return f"{label}-{obj.pk}"


def export_snapshot(path: Path = DEMO_SNAPSHOT, exclude_prefixes: tuple[str, ...] = ("statute-",)) -> int:
    """Write what every registered source gives the index now (a demo database) as JSON lines that the
    relevance test indexes again (the statutes come from ../shared directly)."""
    from dataclasses import asdict

    from zwgk.search.registry import sources

    lines = []
    for source in sources():
        for obj in source.public_queryset():
            key = object_key(source.label, obj)
            if key.startswith(exclude_prefixes):
                continue
            for item in source.to_entries(obj):
                row = asdict(item)
                row["kind"] = item.kind or source.kind
                row["date"] = item.date.isoformat() if item.date else None
                row.pop("agency_id", None)
                row.pop("seq", None)
                lines.append(json.dumps({"key": key, **row}, ensure_ascii=False))
    lines.sort()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def snapshot_entries(path: Path = DEMO_SNAPSHOT) -> list[tuple[str, IndexEntry]]:
    from zwgk.search.passages import Passage

    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        key = row.pop("key")
        passages = [Passage(**p) for p in row.pop("passages")]
        day = row.pop("date")
        entries.append(
            (key, IndexEntry(**row, date=date.fromisoformat(day) if day else None, passages=passages))
        )
    return entries


def evaluation_entries() -> list[tuple[str, IndexEntry]]:
    """The relevance corpus: the demo district (with its 72 annual reports) plus the statutes, the State
    Council work reports with the NPC resolutions on them, and the 2022 work plan from ../shared."""
    demo = snapshot_entries()
    demo_keys = {key for key, _ in demo}
    return [*demo, *[(k, e) for k, e in all_entries() if k not in demo_keys]]


def index_evaluation_corpus() -> int:
    """Index the relevance corpus the way a rebuild would: learn the template text first, then write."""
    from zwgk.search.indexer import learn_boilerplate, write_entries

    entries = evaluation_entries()
    learn_boilerplate((e.kind or "政策文件", e) for _, e in entries)
    return write_entries("tests.corpus", "政策文件", entries)
