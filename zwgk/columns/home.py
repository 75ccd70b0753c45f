"""The 专题专栏 panel of the public home page (only public, current 专题)."""

from __future__ import annotations

from zwgk.columns.models import Column
from zwgk.core.registry import HomeLink


def current_specials() -> list[HomeLink]:
    specials = Column.objects.public().portal().specials().roots().in_order()
    return [HomeLink(c.name, c.get_absolute_url()) for c in specials if not c.has_ended()][:6]
