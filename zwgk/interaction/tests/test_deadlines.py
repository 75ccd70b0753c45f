"""The reply clock of a message: working days from the day after receipt, 调休 and holidays skipped, pauses not
counted — on the real calendar (chinesecalendar + the staff table) and on a made-up one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwgk.calendar import ScheduleMissing
from zwgk.interaction.deadlines import Pause, reply_due, working_days_used
from zwgk.workdays.service import get_calendar


@dataclass(frozen=True)
class Day:
    day: date
    is_working: bool
    reason: str


class WeekdayCalendar:
    """Mon–Fri working, nothing else; 2030 has no schedule."""

    def info(self, day: date) -> Day:
        if day.year == 2030:
            raise ScheduleMissing(2030)
        return Day(day, day.weekday() < 5, "周末" if day.weekday() >= 5 else "工作日")


@pytest.mark.django_db
def test_three_working_days_skip_the_national_day_holiday_and_count_the_makeup_saturday():
    # 2025: 10/1–10/8 off; Sunday 9/28 and Saturday 10/11 are 调休 working days.
    result = reply_due(get_calendar(), received=date(2025, 9, 30), working_days=3)
    # 10/9 (Thu) and 10/10 (Fri) are the 1st and 2nd; the 3rd is Saturday 10/11, a 调休 working day.
    assert result.due == date(2025, 10, 11)
    assert any("国庆" in line for line in result.explanation)
    assert sum("不计入" in line for line in result.explanation) == 8


@pytest.mark.django_db
def test_makeup_working_day_counts():
    # Received Friday 2025-10-10: the 1st working day is Saturday 10/11 (调休上班), 2nd Monday 10/13.
    result = reply_due(get_calendar(), received=date(2025, 10, 10), working_days=2)
    assert result.due == date(2025, 10, 13)


def test_pause_days_are_not_counted_and_an_open_pause_stops_the_clock():
    cal = WeekdayCalendar()
    plain = reply_due(cal, received=date(2026, 3, 2), working_days=10)  # Monday
    assert plain.due == date(2026, 3, 16)
    paused = reply_due(
        cal, received=date(2026, 3, 2), working_days=10, pauses=[Pause(date(2026, 3, 4), date(2026, 3, 6))]
    )
    # 3/5 and 3/6 (Thu, Fri) were waited for: two working days later.
    assert paused.due == date(2026, 3, 18)
    assert any("等待留言人补充材料" in line for line in paused.explanation)
    waiting = reply_due(cal, received=date(2026, 3, 2), working_days=10, pauses=[Pause(date(2026, 3, 4))])
    assert waiting.due is None and waiting.state == "paused"


def test_a_year_without_schedule_is_an_error_not_a_guess():
    result = reply_due(WeekdayCalendar(), received=date(2029, 12, 27), working_days=5)
    assert result.due is None and result.state == "error" and "2030" in result.error


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    received=st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 1)),
    n=st.integers(min_value=0, max_value=30),
    gap=st.integers(min_value=0, max_value=10),
    length=st.integers(min_value=0, max_value=10),
)
def test_due_is_exactly_n_counted_working_days_after_receipt(received, n, gap, length):
    cal = WeekdayCalendar()
    start = received + timedelta(days=gap)
    pause = Pause(start, start + timedelta(days=length))
    result = reply_due(cal, received=received, working_days=n, pauses=[pause])
    assert result.due is not None
    assert working_days_used(cal, received, result.due, [pause]) == n
    if n:
        assert cal.info(result.due).is_working and not (pause.start < result.due <= pause.end)  # type: ignore[operator]
