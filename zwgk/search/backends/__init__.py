"""One search interface, two engines: SQLite FTS5 (embedded default) and PostgreSQL full-text search.

Both receive text already segmented by `zwgk.search.segmenter` (tokens separated by spaces) and a match
expression from `zwgk.search.query`; neither segments Chinese itself. Raw SQL is confined to these modules and
the migrations that create the engine tables.

Ranking inside the engine: relevance (BM25 on SQLite, ts_rank on PostgreSQL; title weighted above body) ×
the entry's `boost` (validity: 已废止 below 现行有效) × a recency factor (up to +30% for this year's entries,
fading linearly over ten years). The service then re-ranks the best candidates (title coverage).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection

from zwgk.search.query import Expr

if TYPE_CHECKING:
    from zwgk.search.models import SearchEntry

RECENCY_BONUS = 0.3
RECENCY_YEARS = 10.0


@dataclass
class Filters:
    kinds: list[str] = field(default_factory=list)
    agency: str = ""
    year: int | None = None
    theme: str = ""
    validity: str = ""
    exclude_kinds: list[str] = field(default_factory=list)

    def sql(self, alias: str = "e", placeholder: str = "%s") -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.kinds:
            clauses.append(f"{alias}.kind IN ({', '.join([placeholder] * len(self.kinds))})")
            params.extend(self.kinds)
        if self.exclude_kinds:
            clauses.append(f"{alias}.kind NOT IN ({', '.join([placeholder] * len(self.exclude_kinds))})")
            params.extend(self.exclude_kinds)
        for column, value in (("agency_name", self.agency), ("theme", self.theme)):
            if value:
                clauses.append(f"{alias}.{column} = {placeholder}")
                params.append(value)
        if self.validity:
            clauses.append(f"{alias}.validity = {placeholder}")
            params.append(self.validity)
        if self.year:
            clauses.append(f"{alias}.year = {placeholder}")
            params.append(self.year)
        return ("".join(f" AND {c}" for c in clauses), params)


# (kind, agency_name, year, theme, validity, count)
FacetRow = tuple[str, str, int | None, str, str, int]


class SearchBackend(ABC):
    vendor: str = ""

    @abstractmethod
    def install(self) -> None:
        """Create the engine tables/indexes (idempotent; called by the migration)."""

    @abstractmethod
    def entry_vector(self, title_tokens: Sequence[str], body_tokens: Sequence[str]) -> str | None:
        """Value for `SearchEntry.tsv` (PostgreSQL) or None."""

    @abstractmethod
    def passage_vector(self, tokens: Sequence[str]) -> str | None:
        """Value for `SearchPassage.tsv` (PostgreSQL) or None."""

    @abstractmethod
    def add_entries(self, rows: Sequence[tuple[SearchEntry, Sequence[str], Sequence[str]]]) -> None:
        """(entry, title tokens, body tokens) of entries just inserted (with their ids)."""

    @abstractmethod
    def add_passages(self, rows: Sequence[tuple[int, Sequence[str]]]) -> None:
        """(passage id, tokens) of passages just inserted."""

    @abstractmethod
    def clear(self) -> None:
        """Empty the engine tables (the entry rows are deleted by the caller)."""

    @abstractmethod
    def ranked(self, match: Expr, filters: Filters, limit: int, year_now: int) -> list[tuple[int, float]]:
        """Best `limit` (entry id, score) pairs, highest score first."""

    @abstractmethod
    def titles(self, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """id → (title, kind) of candidate entries (what the re-ranking reads)."""

    @abstractmethod
    def matching_ids(self, match: Expr, ids: Sequence[int]) -> set[int]:
        """Which of `ids` match the expression (no ranking)."""

    @abstractmethod
    def facet_rows(self, match: Expr, filters: Filters) -> list[FacetRow]:
        """Counts of matching entries per (kind, agency, year, theme, validity)."""

    def candidates(
        self, match: Expr, facet_filters: Filters, filters: Filters, limit: int, year_now: int
    ) -> tuple[list[FacetRow], list[tuple[int, float]], dict[int, tuple[str, str]]]:
        """What one search needs from the engine: the facet rows of the matches passing `facet_filters`, and (if
        there are any) the best `limit` (id, score) pairs passing `filters` with their (title, kind).
        Engines may answer in one statement; this default runs the three reads above."""
        rows = self.facet_rows(match, facet_filters)
        if not rows:
            return [], [], {}
        ranked = self.ranked(match, filters, limit, year_now)
        return rows, ranked, self.titles([pk for pk, _ in ranked])

    @abstractmethod
    def ranked_passages(
        self, match: Expr, filters: Filters, limit: int, *, in_force_only: bool = True
    ) -> list[tuple[int, float]]:
        """Best `limit` (passage id, score) pairs of entries passing `filters` (and in force)."""


_backends: dict[str, SearchBackend] = {}


def get_backend(using: object = None) -> SearchBackend:
    """The engine for the default database connection."""
    vendor = connection.vendor
    if vendor not in _backends:
        # the engines import this module's types; they are imported when first chosen, not at the top
        if vendor == "postgresql":
            from zwgk.search.backends.postgres import PostgresBackend

            _backends[vendor] = PostgresBackend()
        elif vendor == "sqlite":
            from zwgk.search.backends.sqlite import SqliteBackend

            _backends[vendor] = SqliteBackend()
        else:  # pragma: no cover - settings only allow the two
            raise RuntimeError(f"unsupported database vendor {vendor}")
    return _backends[vendor]
