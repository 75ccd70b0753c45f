"""The catalogue as a source of the search index (`zwgk.search.registry` contract).

Published records (政策文件 / 政府信息) and their interpretations (政策解读) are read only through their
`.public()` querysets; the index re-reads an object on `public_content_changed`, so a withdrawn record disappears
at once. The text of a record's public attachments is searchable too: many policies live in their attachments.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from zwgk.documents.models import Attachment, Interpretation, Kind, Record, Validity

# Attachment text beyond this many characters adds little to ranking and bloats the index.
MAX_ATTACHMENT_CHARS = 60_000

VALIDITY = {
    Validity.CURRENT: "in_force",
    Validity.AMENDED: "amended",
    Validity.REPEALED: "repealed",
    Validity.EXPIRED: "expired",
}


def _local_date(moment: Any) -> Any:
    return timezone.localdate(moment) if moment is not None else None


def _theme(record: Record) -> str:
    return record.theme.path if record.theme_id and record.theme else ""


def record_queryset() -> QuerySet[Record]:
    return (
        Record.objects.public()
        .select_related("agency", "issuer", "theme", "theme__parent")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("sort_order", "id")))
    )


def interpretation_queryset() -> QuerySet[Interpretation]:
    return Interpretation.objects.public().select_related("agency", "policy", "policy__agency")


def _successor_url(record: Record) -> str:
    """The public document that replaces (or amends) this one: search shows it whenever this one matches."""
    if record.validity == Validity.CURRENT:
        return ""
    successor_id = record.replaced_by_id or record.amended_by_id
    if successor_id is None or not Record.objects.public().filter(pk=successor_id).exists():
        return ""
    return reverse("documents:record", args=[successor_id])


def record_entries(record: Record) -> Iterable[Any]:
    from zwgk.search.models import KIND_INFORMATION, KIND_POLICY
    from zwgk.search.passages import split_passages
    from zwgk.search.registry import IndexEntry

    attachment_text = "\n".join(
        f"{a.title}\n{a.extracted_text}" for a in record.attachments.all() if a.extracted_text
    )[:MAX_ATTACHMENT_CHARS]
    body = "\n".join(part for part in (record.body, attachment_text) if part)
    yield IndexEntry(
        title=record.title,
        url=reverse("documents:record", args=[record.pk]),
        body=body,
        kind=KIND_POLICY if record.kind == Kind.POLICY else KIND_INFORMATION,
        summary=record.summary,
        keywords=" ".join(filter(None, [record.get_genre_display(), record.category_label])),
        doc_number=record.doc_number,
        index_no=record.index_no or "",
        # A law filed by the district shows (and is faceted under) its real issuer.
        agency_name=(record.issuer.short_name or record.issuer.name)
        if record.issuer
        else record.agency.short_name,
        agency_id=record.agency_id,
        date=_local_date(record.published_at),
        validity=VALIDITY.get(Validity(record.validity), ""),
        theme=_theme(record),
        passages=split_passages(record.body or attachment_text),
        successor_url=_successor_url(record),
    )


def interpretation_entries(interpretation: Interpretation) -> Iterable[Any]:
    from zwgk.search.models import KIND_INTERPRETATION
    from zwgk.search.passages import split_passages
    from zwgk.search.registry import IndexEntry

    policy = interpretation.policy
    qa_text = "\n".join(
        f"{item.get('q', '')}\n{item.get('a', '')}"
        for item in interpretation.qa or []
        if isinstance(item, dict)
    )
    body = "\n".join(part for part in (interpretation.body, qa_text) if part)
    yield IndexEntry(
        title=interpretation.title,
        url=reverse("documents:interpretation", args=[interpretation.pk]),
        body=body,
        kind=KIND_INTERPRETATION,
        # The policy's 文号 finds its interpretation too, but only the policy itself is the exact 文号 match.
        keywords=" ".join(filter(None, [policy.doc_number, policy.title])),
        agency_name=interpretation.agency.short_name,
        agency_id=interpretation.agency_id,
        date=_local_date(interpretation.published_at),
        validity=VALIDITY.get(Validity(policy.validity), ""),
        theme=_theme(policy),
        passages=split_passages(body),
    )
