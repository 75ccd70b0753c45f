"""The agency a staff member is currently working for (the workspace agency switcher)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zwgk.accounts.permissions import roles_by_agency
from zwgk.accounts.roles import DISTRICT_WIDE_ROLES
from zwgk.agencies.models import Agency

SESSION_KEY = "zwgk_agency_id"


def switchable_agencies(user: Any) -> list[Agency]:
    """Agencies the user holds a role in; holders of a district-wide role may switch to any agency."""
    by_agency = roles_by_agency(user)
    if not by_agency:
        return []
    cache_attr = "_zwgk_switchable"
    cached = getattr(user, cache_attr, None)
    if cached is not None:
        return cached
    district_wide = any(roles & DISTRICT_WIDE_ROLES for roles in by_agency.values())
    qs = Agency.objects.active().in_display_order()
    agencies = list(qs if district_wide else qs.filter(pk__in=by_agency.keys()))
    setattr(user, cache_attr, agencies)
    return agencies


def current_agency(request: HttpRequest) -> Agency | None:
    if hasattr(request, "_zwgk_current_agency"):
        cached: Agency | None = request._zwgk_current_agency
        return cached
    options = switchable_agencies(request.user)
    chosen: Agency | None = None
    wanted = request.session.get(SESSION_KEY)
    for agency in options:
        if agency.pk == wanted:
            chosen = agency
            break
    if chosen is None and options:
        own = [a for a in options if a.pk in roles_by_agency(request.user)]
        chosen = (own or options)[0]
    request._zwgk_current_agency = chosen  # type: ignore[attr-defined]
    return chosen


def select_agency(request: HttpRequest, agency_id: int) -> Agency | None:
    for agency in switchable_agencies(request.user):
        if agency.pk == agency_id:
            request.session[SESSION_KEY] = agency.pk
            request._zwgk_current_agency = agency  # type: ignore[attr-defined]
            return agency
    return None
