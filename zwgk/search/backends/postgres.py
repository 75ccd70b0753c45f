"""PostgreSQL engine: tsvector columns on the entry and passage rows, with GIN indexes.

The tsvector is written as a literal from our own tokens (title words weight A, body words weight D), not
through `to_tsvector`, so the result does not depend on the database's text-search parser or locale; the
query is a tsquery literal built the same way. Relevance: `ts_rank` with weights {D 0.1, C 0.2, B 0.4, A 1.0}
and length normalisation 1 (divide by 1 + log of the document length).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from zwgk.search.backends import RECENCY_BONUS, RECENCY_YEARS, FacetRow, Filters, SearchBackend
from zwgk.search.models import SearchEntry
from zwgk.search.query import Expr, render_tsquery

MAX_POSITION = 16383  # PostgreSQL's limit for a position in a tsvector
MAX_POSITIONS_PER_WORD = 256

INSTALL_SQL = [
    "CREATE INDEX IF NOT EXISTS search_entry_tsv_gin ON search_searchentry USING gin (tsv)",
    "CREATE INDEX IF NOT EXISTS search_passage_tsv_gin ON search_searchpassage USING gin (tsv)",
]
UNINSTALL_SQL = [
    "DROP INDEX IF EXISTS search_entry_tsv_gin",
    "DROP INDEX IF EXISTS search_passage_tsv_gin",
]
RANK_WEIGHTS = "'{0.1, 0.2, 0.4, 1.0}'"


def tsvector_literal(weighted: Sequence[tuple[Sequence[str], str]]) -> str:
    """'word':1A,4A 'other':2 … from token lists, each with a weight letter ('' for the default D)."""
    positions: dict[str, list[str]] = {}
    position = 0
    for tokens, weight in weighted:
        for token in tokens:
            position = min(position + 1, MAX_POSITION)
            slots = positions.setdefault(token, [])
            if len(slots) < MAX_POSITIONS_PER_WORD:
                slots.append(f"{position}{weight}")
    return " ".join(f"'{token}':{','.join(slots)}" for token, slots in positions.items())


def _score_sql() -> str:
    return (
        f"ts_rank({RANK_WEIGHTS}, e.tsv, q, 1) * e.boost * "
        f"(1.0 + {RECENCY_BONUS} * greatest(0.0, 1.0 - (%s - coalesce(e.year, 0)) / {RECENCY_YEARS}))"
    )


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def install(self) -> None:
        with connection.cursor() as cursor:
            for statement in INSTALL_SQL:
                cursor.execute(statement)

    def entry_vector(self, title_tokens: Sequence[str], body_tokens: Sequence[str]) -> str | None:
        return tsvector_literal([(title_tokens, "A"), (body_tokens, "")])

    def passage_vector(self, tokens: Sequence[str]) -> str | None:
        return tsvector_literal([(tokens, "")])

    def add_entries(self, rows: Sequence[tuple[SearchEntry, Sequence[str], Sequence[str]]]) -> None:
        """Nothing to do: the tsvector was stored with the row."""

    def add_passages(self, rows: Sequence[tuple[int, Sequence[str]]]) -> None:
        """Nothing to do: the tsvector was stored with the row."""

    def clear(self) -> None:
        """Nothing to do: the vectors go with the rows."""

    def ranked(self, match: Expr, filters: Filters, limit: int, year_now: int) -> list[tuple[int, float]]:
        where, params = filters.sql("e", "%s")
        sql = (
            f"SELECT e.id, {_score_sql()} AS s FROM search_searchentry e, CAST(%s AS tsquery) q "
            f"WHERE e.tsv @@ q{where} ORDER BY s DESC, e.id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [year_now, render_tsquery(match), *params, limit])
            return [(row[0], float(row[1])) for row in cursor.fetchall()]

    def candidates(
        self, match: Expr, facet_filters: Filters, filters: Filters, limit: int, year_now: int
    ) -> tuple[list[FacetRow], list[tuple[int, float]], dict[int, tuple[str, str]]]:
        """One statement: the matches are found and scored once (a materialised CTE), then grouped for the
        facets and cut to the best `limit` with their titles — instead of a facet query, a ranking query and a
        title query that each read every match again."""
        facet_where, facet_params = facet_filters.sql("e", "%s")
        where, params = filters.sql("m", "%s")
        sql = (
            "WITH m AS MATERIALIZED ("
            f"SELECT e.id, e.kind, e.agency_name, e.year, e.theme, e.validity, e.title, {_score_sql()} AS s "
            f"FROM search_searchentry e, CAST(%s AS tsquery) q WHERE e.tsv @@ q{facet_where}) "
            "SELECT 0, kind, agency_name, year, theme, validity, count(*), NULL::float8, NULL::text "
            "FROM m GROUP BY 2, 3, 4, 5, 6 "
            "UNION ALL (SELECT 1, kind, agency_name, year, theme, validity, id::bigint, s, title "
            f"FROM m WHERE TRUE{where} ORDER BY s DESC, id LIMIT %s)"
        )
        rows: list[FacetRow] = []
        ranked: list[tuple[int, float]] = []
        titles: dict[int, tuple[str, str]] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [year_now, render_tsquery(match), *facet_params, *params, limit])
            for part, kind, agency, year, theme, validity, number, score, title in cursor.fetchall():
                if part == 0:
                    rows.append((kind, agency, year, theme, validity, number))
                else:
                    ranked.append((number, float(score)))
                    titles[number] = (title, kind)
        return rows, ranked, titles

    def titles(self, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        if not ids:
            return {}
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, title, kind FROM search_searchentry WHERE id = ANY(%s)", [list(ids)])
            return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}

    def matching_ids(self, match: Expr, ids: Sequence[int]) -> set[int]:
        if not ids:
            return set()
        sql = "SELECT id FROM search_searchentry WHERE id = ANY(%s) AND tsv @@ CAST(%s AS tsquery)"
        with connection.cursor() as cursor:
            cursor.execute(sql, [list(ids), render_tsquery(match)])
            return {row[0] for row in cursor.fetchall()}

    def facet_rows(self, match: Expr, filters: Filters) -> list[FacetRow]:
        where, params = filters.sql("e", "%s")
        sql = (
            "SELECT e.kind, e.agency_name, e.year, e.theme, e.validity, count(*) "
            f"FROM search_searchentry e WHERE e.tsv @@ CAST(%s AS tsquery){where} GROUP BY 1, 2, 3, 4, 5"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [render_tsquery(match), *params])
            return [tuple(row) for row in cursor.fetchall()]

    def ranked_passages(
        self, match: Expr, filters: Filters, limit: int, *, in_force_only: bool = True
    ) -> list[tuple[int, float]]:
        where, params = filters.sql("e", "%s")
        if in_force_only:
            where += " AND e.validity = 'in_force'"
        sql = (
            f"SELECT p.id, ts_rank(p.tsv, q, 1) * e.boost AS s "
            f"FROM search_searchpassage p JOIN search_searchentry e ON e.id = p.entry_id, CAST(%s AS tsquery) q "
            f"WHERE p.tsv @@ q{where} ORDER BY s DESC, p.id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [render_tsquery(match), *params, limit])
            return [(row[0], float(row[1])) for row in cursor.fetchall()]
