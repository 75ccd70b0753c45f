"""Glue between the pure parser/matcher and the agency directory (reads only; saving is actions.plan)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zwgk.agencies.models import Agency
from zwgk.workplan.matching import Directory, DirectoryEntry, ItemMatch
from zwgk.workplan.parser import LEAD, ParsedItem, ParsedPlan, parse_plan, read_document


def build_directory() -> Directory:
    entries = []
    for agency in Agency.objects.active().prefetch_related("members"):
        entries.append(
            DirectoryEntry(
                id=agency.pk,
                short_name=agency.short_name,
                names=tuple(agency.names()),
                kind=agency.kind,
                member_ids=tuple(m.pk for m in agency.members.all() if m.is_active),
                sort_order=agency.sort_order,
            )
        )
    return Directory(entries)


@dataclass
class MatchedPlan:
    parsed: ParsedPlan
    items: list[tuple[ParsedItem, ItemMatch]]
    names: dict[int, str]  # agency id → short name

    @property
    def unmatched(self) -> list[tuple[str, str]]:
        """(item number, name) for every unit name that matched no agency."""
        return [(item.number, name) for item, match in self.items for name in match.unmatched]

    def to_json(self, year: int) -> dict[str, Any]:
        """The `zwgk workplan import --json` contract (issue 8)."""
        return {
            "year": year,
            "items": [
                {
                    "number": item.number,
                    "section": item.section,
                    "title": item.title,
                    "lead_units": [self.names[u.agency_id] for u in match.units if u.role == LEAD],
                    "units": [self.names[u.agency_id] for u in match.units],
                    "unmatched": list(match.unmatched),
                }
                for item, match in self.items
            ],
        }


def prepare_text(text: str) -> MatchedPlan:
    """Parse and match; raises parser.PlanParseError with a Chinese message on unusable input."""
    parsed = parse_plan(text)
    directory = build_directory()
    items = [(item, directory.match_item(item.units)) for item in parsed.items]
    names = {entry.id: entry.short_name for entry in directory.entries.values()}
    return MatchedPlan(parsed, items, names)


def prepare_file(path: str | Path) -> MatchedPlan:
    return prepare_text(read_document(path))
