"""Bounds on the dates people type or send (issue 23 item 4): one check for forms, actions and commands.

Pure Python; `form_validator` imports Django only when it runs. No date of the disclosure work can precede
2008-05-01, the day the first 《政府信息公开条例》 (国务院令第492号, Art 38) took effect, and what has happened
(a receipt, a registration, a review case) cannot be later than today.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

REGULATION_FIRST_IN_FORCE = date(2008, 5, 1)


def date_problem(day: date, label: str, *, today: date, latest: date | None = None) -> str | None:
    """A Chinese message when `day` is out of bounds, else None. `latest` defaults to today (past events)."""
    if day < REGULATION_FIRST_IN_FORCE:
        return f"{label}（{day.isoformat()}）不能早于2008年5月1日（《政府信息公开条例》施行之日）"
    limit = latest or today
    if day > limit:
        if latest is None:
            return f"{label}（{day.isoformat()}）不能晚于今天（{today.isoformat()}）"
        return f"{label}（{day.isoformat()}）不能晚于{limit.isoformat()}"
    return None


def planning_limit(today: date) -> date:
    """The last day a calculator accepts: the end of next year (a deadline is never planned further ahead)."""
    return date(today.year + 1, 12, 31)


def form_validator(label: str, *, planning: bool = False) -> Callable[[Any], None]:
    """A Django form-field validator applying `date_problem` with today's local date."""

    def validate(value: Any) -> None:
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        if not isinstance(value, date):
            return
        today = timezone.localdate()
        problem = date_problem(value, label, today=today, latest=planning_limit(today) if planning else None)
        if problem:
            raise ValidationError(problem, code="date_out_of_bounds")

    return validate
