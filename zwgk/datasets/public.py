"""What 数据公开 contributes to other public surfaces: the 首页 panel, the sitemap section and the search source.
Each reads `Dataset.objects.public()` only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from zwgk.core.registry import HomeLink
from zwgk.datasets import services
from zwgk.datasets.models import Dataset, DatasetRow

HOME_LINKS = 6
# The index gets the dataset's words, its filter values (村, 学校 …) and this much of its masked rows.
SAMPLE_ROWS = 300
MAX_BODY = 60_000


def latest_datasets() -> list[HomeLink]:
    rows = (
        Dataset.objects.public()
        .select_related("record")
        .order_by("-record__published_at", "-pk")[:HOME_LINKS]
    )
    return [
        HomeLink(
            d.record.title, reverse("datasets:detail", args=[d.pk]), timezone.localdate(d.record.published_at)
        )
        for d in rows
    ]


class DatasetSitemap(Sitemap):
    changefreq = "weekly"
    limit = 10000

    def items(self) -> Any:
        return ["index", *Dataset.objects.public().select_related("record").order_by("pk")]

    def location(self, item: Any) -> str:
        if item == "index":
            return reverse("datasets:index")
        return reverse("datasets:detail", args=[item.pk])

    def lastmod(self, item: Any) -> datetime | None:
        return item.record.published_at if isinstance(item, Dataset) else None


def search_queryset() -> QuerySet[Dataset]:
    return Dataset.objects.public().select_related("record", "record__agency", "record__theme")


def search_entries(dataset: Dataset) -> Iterable[Any]:
    from zwgk.search.registry import IndexEntry

    rows = DatasetRow.objects.public()
    values = [" ".join(v) for _, v in services.facets(dataset, rows)]
    sample = rows.filter(dataset=dataset).order_by("n").values_list("text", flat=True)[:SAMPLE_ROWS]
    record = dataset.record
    body = "\n".join(
        [
            dataset.description or dataset.spec.description,
            "字段：" + "、".join(c.label for c in dataset.columns),
            *values,
            *sample,
        ]
    )[:MAX_BODY]
    yield IndexEntry(
        title=record.title,
        url=reverse("datasets:detail", args=[dataset.pk]),
        body=body,
        summary=record.summary,
        keywords=f"数据公开 {dataset.spec.name}",
        index_no=record.index_no or "",
        agency_name=record.agency.short_name or record.agency.name,
        agency_id=record.agency_id,
        date=timezone.localdate(record.published_at) if record.published_at else None,
        theme=record.theme.path if record.theme_id and record.theme else "",
    )
