"""What 数据公开 adds to a public record page (zwgk.documents.extensions): the online table of a dataset record."""

from __future__ import annotations

from django.urls import reverse

from zwgk.core.queries import one_or_none
from zwgk.datasets.models import Dataset
from zwgk.documents.extensions import RecordLink, may_link
from zwgk.documents.models import Record


def links_for_record(record: Record) -> list[RecordLink]:
    if not may_link("datasets", lambda: Dataset.objects.values_list("pk", flat=True), record):
        return []
    dataset = one_or_none(Dataset.objects.public().filter(pk=record.pk))
    if dataset is None:
        return []
    note = f"{dataset.spec.name}，{dataset.row_count} 条，可筛选、查找和下载"
    return [RecordLink("数据公开", "在线查看数据表", reverse("datasets:detail", args=[dataset.pk]), note)]
