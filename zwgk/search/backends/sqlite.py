"""SQLite FTS5 engine: two FTS5 tables whose rowids are entry and passage ids.

The FTS5 `unicode61` tokenizer splits the pre-segmented text at the spaces we put between jieba tokens (CJK
characters are token characters to it), so a Chinese word is one FTS5 token. Triggers delete the FTS rows
whenever entry or passage rows are deleted, however the deletion happens (ORM cascade, test flush).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from zwgk.search.backends import RECENCY_BONUS, RECENCY_YEARS, FacetRow, Filters, SearchBackend
from zwgk.search.models import SearchEntry
from zwgk.search.query import Expr, render_fts5

ENTRY_FTS = "zwgk_search_fts"
PASSAGE_FTS = "zwgk_search_passage_fts"
# A compact copy of the columns ranking and facets need: the engine joins every matching row, and reading them
# from search_searchentry (rows of several KB) would cost a page read per row.
ENTRY_META = "zwgk_search_meta"
# BM25 column weights: a word in the title counts ten times a word in the body.
TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0

INSTALL_SQL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {ENTRY_FTS} USING fts5(title, body, tokenize = 'unicode61')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {PASSAGE_FTS} USING fts5(text, tokenize = 'unicode61')",
    f"""CREATE TABLE IF NOT EXISTS {ENTRY_META} (id INTEGER PRIMARY KEY, kind TEXT NOT NULL,
        agency_name TEXT NOT NULL, year INTEGER, theme TEXT NOT NULL, validity TEXT NOT NULL, boost REAL NOT NULL,
        title TEXT NOT NULL DEFAULT '')""",
    "DROP TRIGGER IF EXISTS zwgk_search_entry_fts_delete",
    f"""CREATE TRIGGER zwgk_search_entry_fts_delete AFTER DELETE ON search_searchentry
        BEGIN DELETE FROM {ENTRY_FTS} WHERE rowid = old.id; DELETE FROM {ENTRY_META} WHERE id = old.id; END""",
    f"""CREATE TRIGGER IF NOT EXISTS zwgk_search_passage_fts_delete AFTER DELETE ON search_searchpassage
        BEGIN DELETE FROM {PASSAGE_FTS} WHERE rowid = old.id; END""",
]
UNINSTALL_SQL = [
    "DROP TRIGGER IF EXISTS zwgk_search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS zwgk_search_passage_fts_delete",
    f"DROP TABLE IF EXISTS {ENTRY_FTS}",
    f"DROP TABLE IF EXISTS {PASSAGE_FTS}",
    f"DROP TABLE IF EXISTS {ENTRY_META}",
]


def _score_sql(year_param: str = "%s") -> str:
    # bm25() is negative (more negative = better); the multipliers keep that sign.
    return (
        f"bm25({ENTRY_FTS}, {TITLE_WEIGHT}, {BODY_WEIGHT}) * e.boost * "
        f"(1.0 + {RECENCY_BONUS} * max(0.0, 1.0 - ({year_param} - coalesce(e.year, 0)) / {RECENCY_YEARS}))"
        # e is the compact zwgk_search_meta row
    )


class SqliteBackend(SearchBackend):
    vendor = "sqlite"

    def install(self) -> None:
        with connection.cursor() as cursor:
            for statement in INSTALL_SQL:
                cursor.execute(statement)

    def entry_vector(self, title_tokens: Sequence[str], body_tokens: Sequence[str]) -> str | None:
        return None

    def passage_vector(self, tokens: Sequence[str]) -> str | None:
        return None

    def add_entries(self, rows: Sequence[tuple[SearchEntry, Sequence[str], Sequence[str]]]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {ENTRY_FTS}(rowid, title, body) VALUES (%s, %s, %s)",
                [(e.pk, " ".join(title), " ".join(body)) for e, title, body in rows],
            )
            cursor.executemany(
                f"INSERT INTO {ENTRY_META}(id, kind, agency_name, year, theme, validity, boost, title) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (e.pk, e.kind, e.agency_name, e.year, e.theme, e.validity, e.boost, e.title)
                    for e, _, _ in rows
                ],
            )

    def add_passages(self, rows: Sequence[tuple[int, Sequence[str]]]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {PASSAGE_FTS}(rowid, text) VALUES (%s, %s)",
                [(pk, " ".join(tokens)) for pk, tokens in rows],
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {ENTRY_FTS}")
            cursor.execute(f"DELETE FROM {PASSAGE_FTS}")
            cursor.execute(f"DELETE FROM {ENTRY_META}")

    def ranked(self, match: Expr, filters: Filters, limit: int, year_now: int) -> list[tuple[int, float]]:
        where, params = filters.sql("e", "%s")
        sql = (
            f"SELECT e.id, {_score_sql()} AS s FROM {ENTRY_FTS} "
            f"CROSS JOIN {ENTRY_META} e ON e.id = {ENTRY_FTS}.rowid "
            f"WHERE {ENTRY_FTS} MATCH %s{where} ORDER BY s LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [year_now, render_fts5(match), *params, limit])
            return [(row[0], -float(row[1])) for row in cursor.fetchall()]

    def titles(self, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        if not ids:
            return {}
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, title, kind FROM {ENTRY_META} WHERE id IN ({placeholders})", list(ids)
            )
            return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}

    def matching_ids(self, match: Expr, ids: Sequence[int]) -> set[int]:
        if not ids:
            return set()
        placeholders = ", ".join(["%s"] * len(ids))
        sql = f"SELECT rowid FROM {ENTRY_FTS} WHERE {ENTRY_FTS} MATCH %s AND rowid IN ({placeholders})"
        with connection.cursor() as cursor:
            cursor.execute(sql, [render_fts5(match), *ids])
            return {row[0] for row in cursor.fetchall()}

    def facet_rows(self, match: Expr, filters: Filters) -> list[FacetRow]:
        where, params = filters.sql("e", "%s")
        sql = (
            f"SELECT e.kind, e.agency_name, e.year, e.theme, e.validity, count(*) FROM {ENTRY_FTS} "
            f"CROSS JOIN {ENTRY_META} e ON e.id = {ENTRY_FTS}.rowid "
            f"WHERE {ENTRY_FTS} MATCH %s{where} GROUP BY 1, 2, 3, 4, 5"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [render_fts5(match), *params])
            return [tuple(row) for row in cursor.fetchall()]

    def ranked_passages(
        self, match: Expr, filters: Filters, limit: int, *, in_force_only: bool = True
    ) -> list[tuple[int, float]]:
        where, params = filters.sql("e", "%s")
        if in_force_only:
            where += " AND e.validity = 'in_force'"
        sql = (
            f"SELECT p.id, bm25({PASSAGE_FTS}) * e.boost AS s FROM {PASSAGE_FTS} "
            f"CROSS JOIN search_searchpassage p ON p.id = {PASSAGE_FTS}.rowid "
            f"CROSS JOIN {ENTRY_META} e ON e.id = p.entry_id "
            f"WHERE {PASSAGE_FTS} MATCH %s{where} ORDER BY s LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [render_fts5(match), *params, limit])
            return [(row[0], -float(row[1])) for row in cursor.fetchall()]
