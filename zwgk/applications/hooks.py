"""Registrations of the applications app with other apps' extension points (called from AppConfig.ready())."""

from __future__ import annotations

from typing import Any


def _schedule_changed(sender: Any, year: int, **kwargs: Any) -> None:
    from zwgk.applications.tasks import recompute_provisional_due_dates

    recompute_provisional_due_dates()


def register() -> None:
    from zwgk.workdays.service import schedule_changed

    # A newly loaded holiday schedule replaces the provisional (暂定) counting of that year at once.
    schedule_changed.connect(_schedule_changed, dispatch_uid="applications.recompute_provisional")
