"""The calendar the platform uses: chinesecalendar data merged with the staff-entered schedules."""

from __future__ import annotations

import threading
from datetime import date
from functools import cache
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.dispatch import Signal

from zwgk.audit.log import record
from zwgk.calendar import SpecialDay, WorkCalendar, merge_schedules, package_schedules
from zwgk.workdays.models import ScheduleDay, ScheduleYear

# Sent after commit when a year's schedule is stored (`zwgk holidays load`, the workspace page); kwargs: year.
# Receivers recompute what was counted provisionally (the applications app: 暂定 reply due dates).
schedule_changed = Signal()

_lock = threading.Lock()
_cached: tuple[Any, WorkCalendar, WorkCalendar] | None = None


@cache
def _package() -> dict[int, list[SpecialDay]]:
    return package_schedules()


def _overrides() -> dict[int, list[SpecialDay]]:
    years: dict[int, list[SpecialDay]] = {y: [] for y in ScheduleYear.objects.values_list("year", flat=True)}
    for day, name, off, year in ScheduleDay.objects.values_list(
        "day", "name", "is_off_day", "schedule__year"
    ):
        years.setdefault(year, []).append(SpecialDay(day, name, off))
    return {year: days for year, days in years.items() if days}


def get_calendar(*, provisional: bool = False) -> WorkCalendar:
    """The current calendar; rebuilt when a schedule changes (one small query to check).

    `provisional=True`: years without a schedule are counted from the statutory holidays (暂定) instead of
    raising ScheduleMissing — for the reply clock of applications, which shows such dates as 暂定.
    """
    global _cached
    version = tuple(
        ScheduleYear.objects.aggregate(n=Count("id"), t=Max("updated_at"), d=Count("days")).values()
    )
    with _lock:
        if _cached is None or _cached[0] != version:
            calendar = WorkCalendar(merge_schedules(_package(), _overrides()))
            _cached = (version, calendar, calendar.with_provisional())
        return _cached[2] if provisional else _cached[1]


def package_years() -> list[int]:
    return sorted(_package())


@transaction.atomic
def store_schedule(
    year: int, days: list[SpecialDay], papers: list[str], *, by: Any = None, note: str = ""
) -> ScheduleYear:
    """Replace the staff schedule of `year` (callers: the command and the workspace upload; both audited)."""

    schedule, created = ScheduleYear.objects.get_or_create(
        year=year, defaults={"papers": papers, "note": note}
    )
    before = sorted((d.day.isoformat(), d.name, d.is_off_day) for d in schedule.days.all())
    schedule.days.all().delete()
    ScheduleDay.objects.bulk_create(
        [ScheduleDay(schedule=schedule, day=d.day, name=d.name, is_off_day=d.is_off_day) for d in days]
    )
    schedule.papers = papers
    schedule.note = note
    schedule.loaded_by = by if getattr(by, "is_authenticated", False) else None
    schedule.save()
    after = sorted((d.day.isoformat(), d.name, d.is_off_day) for d in days)
    record(
        "holidays.schedule_loaded",
        obj=schedule,
        actor=by,
        summary=f"录入 {year} 年节假日安排（{sum(d.is_off_day for d in days)} 天放假，"
        f"{sum(not d.is_off_day for d in days)} 天调休上班）",
        before={"days": before} if not created else None,
        after={"days": after, "papers": papers},
    )
    transaction.on_commit(lambda: schedule_changed.send(sender=ScheduleYear, year=year), robust=True)
    return schedule


def next_year_missing(today: date) -> int | None:
    """From 1 December, the coming year if no schedule covers it yet."""
    if today.month != 12:
        return None
    year = today.year + 1
    return None if get_calendar().covers(year) else year
