"""Matching profiles against the policies in force whose 申报期限 is open (the Django side of conditions.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count
from django.utils import timezone

from zwgk.policymatch import fields
from zwgk.policymatch.conditions import (
    LEVEL_LABELS,
    ConditionError,
    Conditions,
    Explanation,
    Population,
    evaluate,
    parse,
    parse_profile,
)
from zwgk.policymatch.models import Notification, PolicyEligibility, Subscription


@dataclass
class Match:
    eligibility: PolicyEligibility
    explanation: Explanation

    @property
    def record(self) -> Any:
        return self.eligibility.record

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self.explanation.level]

    def as_json(self) -> dict[str, Any]:
        return {"record": self.record.pk, "title": self.record.title, **self.explanation.as_json()}


_ORDER = {"eligible": 0, "maybe": 1, "ineligible": 2}


def open_policies(today: date | None = None) -> list[PolicyEligibility]:
    """Public, in-force policies with 申报条件 whose 申报期限 is open today."""
    day = today or timezone.localdate()
    return list(PolicyEligibility.objects.matchable(day).order_by("-record__published_at", "pk"))


def parsed(item: PolicyEligibility) -> Conditions | None:
    """The conditions as saved; None when they no longer validate (e.g. an extra field was removed)."""
    try:
        return parse(item.conditions, item.profile_kind, fields.current())
    except ConditionError:
        return None


def match_profile(
    profile: tuple[str, Mapping[str, Any]], policies: Iterable[PolicyEligibility] | None = None
) -> list[Match]:
    """Every policy for this profile's kind (default: those open today), 符合 first, with its explanation."""
    kind, values = profile
    items = open_policies() if policies is None else list(policies)
    out = []
    for item in items:
        if item.profile_kind != kind:
            continue
        conditions = parsed(item)
        if conditions is None:
            continue
        out.append(Match(item, evaluate(conditions, values)))
    out.sort(key=lambda m: _ORDER[m.explanation.level])
    return out


def concerned(item: PolicyEligibility) -> dict[str, int]:
    """ "Who does this policy concern?" over the active subscriptions: how many are 符合 and 可能符合 (staff only)."""
    conditions = parsed(item)
    reg = fields.current()
    profiles = []
    for raw in (
        Subscription.objects.active().filter(profile_kind=item.profile_kind).values_list("fields", flat=True)
    ):
        try:
            profiles.append(parse_profile({"kind": item.profile_kind, "fields": raw}, reg)[1])
        except ConditionError:
            continue
    if conditions is None or not profiles:
        return {"subscribed": len(profiles), "eligible": 0, "maybe": 0}
    population = Population(profiles)
    eligible, maybe = population.levels(conditions)
    return {
        "subscribed": len(profiles),
        "eligible": len(population.members(eligible)),
        "maybe": len(population.members(maybe)),
    }


def delivery_counts(item: PolicyEligibility) -> dict[str, int]:
    rows = Notification.objects.filter(record_id=item.record_id).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}
