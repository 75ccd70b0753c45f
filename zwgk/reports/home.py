"""Home-page panel: the latest published 政府信息公开工作年度报告 (reports with a published edition only)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from zwgk.core.registry import HomeLink
from zwgk.reports.models import AnnualReport


def latest_reports() -> list[HomeLink]:
    rows = AnnualReport.objects.public().select_related("agency").order_by("-first_published_at", "-pk")[:6]
    return [
        HomeLink(
            r.title,
            reverse("reports:public_detail", args=[r.agency.code, r.year]),
            timezone.localdate(r.first_published_at) if r.first_published_at else None,
        )
        for r in rows
    ]
