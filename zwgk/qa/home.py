"""Home-page panel: recently published answers to frequent questions (published FAQs only)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from zwgk.core.registry import HomeLink
from zwgk.qa.models import Faq


def frequent_questions() -> list[HomeLink]:
    rows = Faq.objects.public().order_by("-published_at", "-pk")[:6]
    return [
        HomeLink(
            f.question,
            reverse("qa:faq_detail", args=[f.pk]),
            timezone.localdate(f.published_at) if f.published_at else None,
        )
        for f in rows
    ]
