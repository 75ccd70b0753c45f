"""Fake sources for the annual-report tests: ledgers of applications and review cases with known counts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from zwgk.reports.sources import REGISTERED
from zwgk.testing import registered as registered


@dataclass
class App:
    applicant_column: str
    received: date
    concluded: date | None = None
    outcome: str | None = None
    reference: str = ""


@dataclass
class Case:
    kind: str
    result: str
    filed: date
    concluded: date | None = None
    reference: str = ""


@dataclass
class Ledgers:
    """Per-agency records, keyed by Agency.pk, plus per-agency-and-year facts."""

    applications: dict[int, list[App]] = field(default_factory=dict)
    cases: dict[int, list[Case]] = field(default_factory=dict)
    fees: dict[tuple[int, int], Decimal] = field(default_factory=dict)
    normative: dict[tuple[int, int], dict[str, dict[str, int]]] = field(default_factory=dict)
    publication: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    workplan: dict[tuple[int, int], str] = field(default_factory=dict)
    trainings: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)

    def sources(self, *names: str) -> dict[str, Callable[..., Any]]:
        every: dict[str, Callable[..., Any]] = {
            "applications": lambda agency_id: iter(self.applications.get(agency_id, [])),
            "review_cases": lambda agency_id: iter(self.cases.get(agency_id, [])),
            "fees": lambda agency_id, year: self.fees.get((agency_id, year), Decimal("0")),
            "normative": lambda agency_id, year: self.normative.get(
                (agency_id, year),
                {
                    "规章": {"issued": 0, "repealed": 0, "in_force": 0},
                    "行政规范性文件": {"issued": 0, "repealed": 0, "in_force": 0},
                },
            ),
            "publication_facts": lambda agency_id, year: self.publication.get((agency_id, year), {}),
            "workplan_summary": lambda agency_id, year: self.workplan.get((agency_id, year), ""),
            "trainings": lambda agency_id, year: self.trainings.get((agency_id, year), {}),
        }
        return {name: every[name] for name in (names or every)}


@contextmanager
def ledger_sources(ledgers: Ledgers, *names: str) -> Iterator[Ledgers]:
    with registered(REGISTERED, ledgers.sources(*names), only=True):
        yield ledgers
