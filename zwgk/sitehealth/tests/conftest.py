"""Fixtures of 网站健康检查: published records written through the import path, no politeness delay in tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def _fast_checks(settings: Any) -> None:
    settings.SITEHEALTH_HOST_DELAY_MS = 0
    settings.SITEHEALTH_TIMEOUT_SECONDS = 3
    settings.SITEHEALTH_CRAWL_BASE_URL = ""
    settings.SITE_URL = "http://127.0.0.1:8000"


@pytest.fixture
def publish(db: Any) -> Any:
    """publish(key, agency, title, days_ago=1, body="", category="art20_15", by=None) → a public record."""
    from zwgk.documents.demo import ensure_default_themes, historical
    from zwgk.documents.models import Record

    ensure_default_themes()

    def make(
        key: str,
        agency: Any,
        title: str,
        *,
        days_ago: int = 1,
        body: str = "",
        category: str = "art20_15",
        by: Any = None,
        kind: str = "policy",
    ) -> Record:
        today = timezone.localdate()
        record = historical(
            key,
            agency,
            title,
            written=today - timedelta(days=days_ago + 1),
            published=today - timedelta(days=days_ago),
            theme_path="劳动、人事、监察\\就业",
            category=category,
            body=body or title,
            kind=kind,
        )
        if by is not None:
            Record.objects.filter(pk=record.pk).update(created_by=by)
        return Record.objects.get(pk=record.pk)

    return make
