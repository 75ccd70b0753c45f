"""What 重大行政决策 adds to a public record page (zwgk.documents.extensions): the decision the record belongs to."""

from __future__ import annotations

from django.urls import reverse

from zwgk.decisions import stages
from zwgk.decisions.models import Catalogue, Decision
from zwgk.documents.extensions import RecordLink
from zwgk.documents.models import Record


def links_for_record(record: Record) -> list[RecordLink]:
    links: list[RecordLink] = []
    roles = dict(stages.DOCUMENT_ROLES)
    seen: set[int] = set()
    for d in (
        Decision.objects.public()
        .filter(stages__documents__record=record)
        .prefetch_related("stages__documents")
        .distinct()
    ):
        if d.pk in seen:
            continue
        seen.add(d.pk)
        role = next(
            (
                roles[doc.role]
                for s in d.stages.all()
                for doc in s.documents.all()
                if doc.record_id == record.pk
            ),
            "",
        )
        links.append(RecordLink("重大行政决策", d.title, reverse("decisions:detail", args=[d.pk]), role))
    for c in Catalogue.objects.public().filter(record=record):
        links.append(
            RecordLink(
                "重大行政决策", c.title, reverse("decisions:index") + f"?year={c.year}", "决策事项目录"
            )
        )
    return links
