"""Matching profiles against the policies in force whose 申报期限 is open (the Django side of conditions.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from zwgk.policymatch import fields
from zwgk.policymatch.conditions import (
    LEVEL_LABELS,
    ConditionError,
    Conditions,
    Explanation,
    evaluate,
    parse,
)
from zwgk.policymatch.models import PolicyEligibility


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
