"""Sources of the search index: an app registers what it publishes and how to read it as entries.

    from zwgk.search.registry import IndexEntry, register_search_source

    register_search_source(
        kind="政策文件",
        model=Record,
        to_entries=record_entries,            # Record -> Iterable[IndexEntry]
        public_queryset=lambda: Record.objects.public(),
    )

The index only ever holds entries built from objects that `public_queryset()` returns at the moment of
indexing; on `public_content_changed` for the model it re-reads the object through that queryset, so a
withdrawn or converted object disappears from results at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models

from zwgk.search.passages import Passage


@dataclass
class IndexEntry:
    """What a source returns for one public object (one object may give several entries, numbered by seq)."""

    title: str
    url: str
    body: str = ""
    kind: str = ""  # defaults to the source's kind
    summary: str = ""
    keywords: str = ""  # searchable but never shown: question variants, 主题词, former titles
    doc_number: str = ""  # 文号
    index_no: str = ""  # 索引号
    agency_name: str = ""
    agency_id: int | None = None
    date: date | None = None
    validity: str = ""  # a zwgk.search.models.Validity value: in_force / amended / repealed / expired / ""
    theme: str = ""  # 主题分类
    passages: Sequence[Passage] = field(default_factory=list)
    seq: int = 0
    successor_url: str = ""  # the public URL of the document that replaces this one (repealed, amended)


@dataclass(frozen=True)
class SearchSource:
    kind: str
    model: type[models.Model]
    to_entries: Callable[[Any], Iterable[IndexEntry]]
    public_queryset: Callable[[], models.QuerySet[Any]]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


REGISTERED: dict[str, SearchSource] = {}


def register_search_source(
    kind: str,
    model: type[models.Model],
    to_entries: Callable[[Any], Iterable[IndexEntry]],
    public_queryset: Callable[[], models.QuerySet[Any]],
) -> SearchSource:
    """Register (or replace) the source for `model`. Call it from the app's AppConfig.ready()."""
    source = SearchSource(kind=kind, model=model, to_entries=to_entries, public_queryset=public_queryset)
    REGISTERED[source.label] = source
    return source


def sources() -> list[SearchSource]:
    return list(REGISTERED.values())


def source_for(label_or_model: str | type[models.Model]) -> SearchSource | None:
    label = label_or_model if isinstance(label_or_model, str) else label_or_model._meta.label_lower
    return REGISTERED.get(label)
