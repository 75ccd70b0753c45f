"""What 重大行政决策 adds to a public record page (zwgk.documents.extensions): the decision the record belongs to."""

from __future__ import annotations

from django.urls import reverse

from zwgk.decisions import stages
from zwgk.decisions.models import Catalogue, Decision, StageDocument
from zwgk.documents.extensions import RecordLink, may_link
from zwgk.documents.models import Record


def _linked_records() -> set[int]:
    return {
        *StageDocument.objects.values_list("record_id", flat=True),
        *Catalogue.objects.values_list("record_id", flat=True),
    }


def links_for_record(record: Record) -> list[RecordLink]:
    # This runs on every public record page, and most records belong to no decision (issue 22 item 4).
    if not may_link("decisions", _linked_records, record):
        return []
    roles = dict(stages.DOCUMENT_ROLES)
    role_of: dict[int, str] = {}
    for decision_id, role in (
        StageDocument.objects.filter(record=record)
        .order_by("stage_id", "pk")
        .values_list("stage__decision_id", "role")
    ):
        role_of.setdefault(decision_id, roles.get(role, ""))
    links: list[RecordLink] = []
    if role_of:
        for d in Decision.objects.public().filter(pk__in=role_of).only("id", "title"):
            links.append(
                RecordLink("重大行政决策", d.title, reverse("decisions:detail", args=[d.pk]), role_of[d.pk])
            )
    for c in Catalogue.objects.public().filter(record=record).only("id", "title", "year"):
        links.append(
            RecordLink(
                "重大行政决策", c.title, reverse("decisions:index") + f"?year={c.year}", "决策事项目录"
            )
        )
    return links
