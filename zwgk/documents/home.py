"""Panels of the public home page: the latest published policies and interpretations (public querysets only)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from zwgk.core.registry import HomeLink
from zwgk.documents.models import Interpretation, Kind, Record

HOME_LINKS = 6


def latest_policies() -> list[HomeLink]:
    rows = Record.objects.public().filter(kind=Kind.POLICY).order_by("-published_at", "-pk")[:HOME_LINKS]
    return [
        HomeLink(r.title, reverse("documents:record", args=[r.pk]), timezone.localdate(r.published_at))
        for r in rows
    ]


def latest_interpretations() -> list[HomeLink]:
    rows = Interpretation.objects.public().order_by("-published_at", "-pk")[:HOME_LINKS]
    return [
        HomeLink(
            i.title, reverse("documents:interpretation", args=[i.pk]), timezone.localdate(i.published_at)
        )
        for i in rows
    ]
