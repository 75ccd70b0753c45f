"""Published FAQs are search entries of kind 问答 (the 政策问答 service matches them by question)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.urls import reverse

from zwgk.qa.models import Faq
from zwgk.search.models import KIND_QA
from zwgk.search.registry import IndexEntry


def faq_entries(faq: Faq) -> Iterable[IndexEntry]:
    yield IndexEntry(
        title=faq.question,
        url=reverse("qa:faq_detail", args=[faq.pk]),
        body=faq.answer,
        keywords="\n".join(faq.variant_list()),
        kind=KIND_QA,
        agency_name=faq.agency.short_name,
        agency_id=faq.agency_id,
        date=(faq.published_at or faq.updated_at).date() if (faq.published_at or faq.updated_at) else None,
        theme=faq.topic_label,
    )


def public_faqs() -> QuerySet[Faq]:
    return Faq.objects.public().select_related("agency")
