"""A column holding a PostgreSQL tsvector; on SQLite (where FTS5 tables do the work) it stays empty text."""

from __future__ import annotations

from typing import Any

from django.db import models


class TsVectorField(models.TextField):
    description = "PostgreSQL tsvector of pre-segmented text (unused on SQLite)"

    def db_type(self, connection: Any) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"

    def get_placeholder(self, value: Any, compiler: Any, connection: Any) -> str:
        return "%s::tsvector" if connection.vendor == "postgresql" else "%s"
