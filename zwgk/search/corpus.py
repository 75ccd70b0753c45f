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
