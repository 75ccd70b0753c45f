"""重大行政决策事项目录: per government and year, the catalogue of major administrative decisions (work plan item 九),
each decision with its 承办单位, legal basis, planned date and its stages, each stage holding platform records.

The catalogue is published through a platform record (the catalogue document itself), so it passes the same 保密审查
and 审签 gate as every record; the catalogue appears publicly only while that record is public. Stage documents are
records too: a stage shows only those of its documents that are public.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from zwgk.accounts.permissions import agency_scope
from zwgk.accounts.roles import Role
from zwgk.decisions import stages
from zwgk.decisions.stages import StageState
from zwgk.documents.models import Record

STAFF_ROLES = (Role.DRAFTER, Role.AGENCY_ADMIN, Role.SIGNER, Role.DISTRICT_ADMIN, Role.SUPERVISOR)


class CatalogueQuerySet(models.QuerySet["Catalogue"]):
    def public(self) -> CatalogueQuerySet:
        """The one definition of a public catalogue: its catalogue document is a public record."""
        return self.filter(record__in=Record.objects.public())

    def visible_to(self, user: Any) -> CatalogueQuerySet:
        scope = agency_scope(user, STAFF_ROLES)
        return self if scope is None else self.filter(agency_id__in=scope)


class Catalogue(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="decision_catalogues",
        verbose_name="决策机关",
    )
    year = models.PositiveIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    record = models.ForeignKey(
        "documents.Record",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="目录文件（经保密审查、审签后发布的政府信息）",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="decisions_one_catalogue_per_year")
        ]
        verbose_name = "重大行政决策事项目录"
        verbose_name_plural = "重大行政决策事项目录"

    def __str__(self) -> str:
        return self.title


class DecisionQuerySet(models.QuerySet["Decision"]):
    def public(self) -> DecisionQuerySet:
        return self.filter(catalogue__in=Catalogue.objects.public())


class Decision(models.Model):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField("序号")
    title = models.CharField("决策事项", max_length=200)
    lead_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="承办单位"
    )
    legal_basis = models.TextField("决策依据", blank=True)
    planned = models.CharField("计划完成时间", max_length=50, blank=True)
    consultation = models.ForeignKey(
        "participation.Consultation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="公众参与（征求意见）",
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["catalogue", "number"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "number"], name="decisions_unique_number")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def agency_id(self) -> int:
        return self.catalogue.agency_id

    def permission_agency_ids(self) -> list[int]:
        return [self.catalogue.agency_id, self.lead_agency_id]

    def stage_states(self) -> list[StageState]:
        known = {s.stage: s.status for s in self.stages.all()}
        return [stages.StageState(key, known.get(key, stages.PLANNED)) for key in stages.ORDER]

    @property
    def current_stage_label(self) -> str:
        states = self.stage_states()
        for s in states:
            if s.status == stages.CURRENT:
                return stages.LABELS[s.stage]
        if all(s.status in (stages.DONE, stages.SKIPPED) for s in states):
            return "已完成"
        done = [s for s in states if s.status in (stages.DONE, stages.SKIPPED)]
        return f"已完成“{stages.LABELS[done[-1].stage]}”" if done else "未启动"


class Stage(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=20, choices=[(k, label) for k, label, _ in stages.STAGES])
    status = models.CharField(
        max_length=10, choices=list(stages.STATUS_LABELS.items()), default=stages.PLANNED
    )
    started_on = models.DateField(null=True, blank=True)
    finished_on = models.DateField(null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "stage"], name="decisions_one_row_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.decision_id}:{self.stage}"


class StageDocument(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="documents")
    role = models.CharField(max_length=20, choices=stages.DOCUMENT_ROLES)
    record = models.ForeignKey("documents.Record", on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stage", "record"], name="decisions_document_once_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.role}:{self.record_id}"
