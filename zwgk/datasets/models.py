"""Structured disclosure datasets (数据公开): a dataset IS a record of the catalogue (documents.Record, one to one),
holding a typed schema and its rows.

The rows hold only public values: personal columns are masked when the file is imported
(`zwgk.datasets.schema.convert`), so no unmasked value is stored in the database; the uploaded source file (with
the personal data in full) is kept for staff only and served through an access-checked view. "Public" is the
record's `Record.objects.public()` — `DatasetQuerySet.public()` and `DatasetRowQuerySet.public()` are defined
through it, so the review gate, withdrawal, scheduled publication and (with 公示 support) the end of a 公示 apply
unchanged.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from zwgk.datasets.schema import Column
from zwgk.datasets.templates import BY_CODE, TEMPLATES, Template
from zwgk.documents.models import Record


def _source_upload_to(instance: Any, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"datasets/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class DatasetQuerySet(models.QuerySet["Dataset"]):
    def public(self) -> DatasetQuerySet:
        """THE definition of a public dataset: its record is public."""
        return self.filter(record__in=Record.objects.public())

    def visible_to(self, user: Any) -> DatasetQuerySet:
        """Datasets a member of staff may open in the workspace: those of the records they may see."""
        return self.filter(record__in=Record.objects.visible_to(user))


class Dataset(models.Model):
    """The typed table of one record: template, published columns, totals and the staff-only source file."""

    record = models.OneToOneField(
        Record, on_delete=models.CASCADE, primary_key=True, related_name="dataset", verbose_name="政府信息"
    )
    template = models.CharField(
        "模板", max_length=30, choices=[(t.code, t.name) for t in TEMPLATES], db_index=True
    )
    description = models.TextField("数据集说明", blank=True)
    schema = models.JSONField("字段", default=list)  # [Column.to_json()] of the published columns
    row_count = models.PositiveIntegerField("行数", default=0)
    totals = models.JSONField("金额合计（分）", default=dict, blank=True)
    source_file = models.FileField("原始文件（仅工作人员）", upload_to=_source_upload_to, max_length=200)
    source_name = models.CharField("原文件名", max_length=255)
    source_sha256 = models.CharField(max_length=64)
    source_size = models.PositiveBigIntegerField("大小", default=0)
    omitted_columns = models.JSONField("不公开的列", default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField("导入时间", default=timezone.now)

    objects = DatasetQuerySet.as_manager()

    class Meta:
        verbose_name = "数据集"
        verbose_name_plural = "数据集"
        ordering = ["-record__published_at", "-record_id"]

    def __str__(self) -> str:
        return self.record.title

    def permission_agency_ids(self) -> list[int]:
        return [self.record.agency_id]

    @property
    def spec(self) -> Template:
        return BY_CODE[self.template]

    @property
    def columns(self) -> list[Column]:
        return [Column.from_json(c) for c in self.schema]

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    @property
    def is_public(self) -> bool:
        return Record.objects.public().filter(pk=self.record_id).exists()


class DatasetRowQuerySet(models.QuerySet["DatasetRow"]):
    def public(self) -> DatasetRowQuerySet:
        """Rows of public datasets only."""
        return self.filter(dataset__record__in=Record.objects.public())


class DatasetRow(models.Model):
    """One row: its masked public payload (`data`, keyed by column key), the value of the template's first filter
    (`group`: 村 / 学校 / 项目编号, indexed) and the lower-cased text searched inside the dataset."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="rows")
    n = models.PositiveIntegerField("序号")
    line = models.PositiveIntegerField("原文件行号")
    group = models.CharField("分组", max_length=100, blank=True)
    data = models.JSONField("数据（已脱敏）")
    text = models.TextField("检索文字（已脱敏）", blank=True)

    objects = DatasetRowQuerySet.as_manager()

    class Meta:
        verbose_name = "数据行"
        verbose_name_plural = "数据行"
        ordering = ["dataset", "n"]
        constraints = [models.UniqueConstraint(fields=["dataset", "n"], name="dataset_row_unique_n")]
        indexes = [models.Index(fields=["dataset", "group", "n"], name="dataset_row_group_idx")]

    def __str__(self) -> str:
        return f"{self.dataset_id}#{self.n}"
