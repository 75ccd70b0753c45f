"""The profile-field registry of this installation: the built-in fields plus ZWGK_POLICYMATCH_EXTRA_FIELDS."""

from __future__ import annotations

from django.conf import settings

from zwgk.policymatch.conditions import Registry, registry


def current() -> Registry:
    return registry(settings.POLICYMATCH_EXTRA_FIELDS)
