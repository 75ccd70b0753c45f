"""The one permission mechanism: may user U do action A on object O?

Every check in the platform goes through `can` / `require`. Actions are named permissions
(`documents.publish`, `applications.reply` …) that each app registers in its `rules.py` with
predicates built from `role_in(...)`. An object says which agencies own it through
`agency_id` or a `permission_agency_ids()` method; an Agency owns itself.

Superusers get no bypass here: the Django superuser flag is only for the reference-data admin, and a superuser
holds no role at all (so no workspace access), even if a role row names them (issue 13).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import rules
from django.core.exceptions import PermissionDenied

from zwgk.accounts.models import RoleAssignment
from zwgk.accounts.roles import DISTRICT_WIDE_ROLES, Role
from zwgk.agencies.models import Agency

_CACHE_ATTR = "_zwgk_roles_by_agency"


def owning_agency_ids(obj: Any) -> frozenset[int] | None:
    """The agencies that own `obj`; None when the check is not about one object."""
    if obj is None:
        return None
    method = getattr(obj, "permission_agency_ids", None)
    if callable(method):
        return frozenset(method())

    if isinstance(obj, Agency):
        return frozenset({obj.pk})
    agency_id = getattr(obj, "agency_id", None)
    if agency_id is not None:
        return frozenset({agency_id})
    raise TypeError(f"{type(obj).__name__} does not say which agency owns it")


def roles_by_agency(user: Any) -> dict[int, frozenset[Role]]:
    """All role assignments of `user`, loaded once per user object (i.e. once per request)."""
    if (
        not getattr(user, "is_authenticated", False)
        or not user.is_active
        or getattr(user, "is_superuser", False)
    ):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        collected: dict[int, set[Role]] = {}
        for agency_id, role in RoleAssignment.objects.filter(user_id=user.pk).values_list(
            "agency_id", "role"
        ):
            collected.setdefault(agency_id, set()).add(Role(role))
        cached = {agency_id: frozenset(roles) for agency_id, roles in collected.items()}
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    """Drop the cached roles after a grant or revocation."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def held_roles(user: Any) -> frozenset[Role]:
    held: set[Role] = set()
    for roles in roles_by_agency(user).values():
        held |= roles
    return frozenset(held)


def has_role(user: Any, roles: Iterable[Role], obj: Any = None) -> bool:
    """True if `user` holds one of `roles` for `obj`'s agencies (or anywhere when `obj` is None)."""
    wanted = frozenset(roles)
    by_agency = roles_by_agency(user)
    if not by_agency:
        return False
    held = held_roles(user)
    if wanted & held & DISTRICT_WIDE_ROLES:
        return True
    agency_ids = owning_agency_ids(obj)
    if agency_ids is None:
        return bool(wanted & held)
    return any(wanted & by_agency.get(agency_id, frozenset()) for agency_id in agency_ids)


def agency_scope(user: Any, roles: Iterable[Role]) -> frozenset[int] | None:
    """Agencies in which `user` may act with one of `roles`: None means every agency (district-wide)."""
    wanted = frozenset(roles)
    if wanted & held_roles(user) & DISTRICT_WIDE_ROLES:
        return None
    return frozenset(agency_id for agency_id, held in roles_by_agency(user).items() if wanted & held)


def role_in(*roles: Role) -> rules.Predicate:
    """Predicate: the user holds one of `roles` in the object's agency (district-wide roles everywhere)."""
    names = "_or_".join(role.value for role in roles)

    def check(user: Any, obj: Any = None) -> bool:
        return has_role(user, roles, obj)

    return rules.predicate(check, name=f"role_in_{names}")


def can(user: Any, perm: str, obj: Any = None) -> bool:
    if not rules.perm_exists(perm):
        raise KeyError(f"permission {perm!r} is not registered")
    return bool(rules.has_perm(perm, user, obj))


def require(user: Any, perm: str, obj: Any = None, message: str = "您没有权限执行此操作。") -> None:
    if not can(user, perm, obj):
        raise PermissionDenied(message)
