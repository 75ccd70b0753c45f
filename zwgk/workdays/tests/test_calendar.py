"""Working-day calendar against the official schedules (tests/data/holiday-cn, from ../shared/data/holiday-cn)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwgk.calendar import ScheduleMissing, WorkCalendar, merge_schedules, package_schedules, parse_holiday_cn
from zwgk.testdata import official_holiday_days

CAL = WorkCalendar(package_schedules())


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_declared_day_matches_the_state_council_schedule(year):
    days = official_holiday_days(year)
    assert len(days) > 25  # each year's notice declares about 30 holidays and make-up days
    for day, is_off_day in days:
        assert CAL.is_working_day(day) is (not is_off_day), day


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_undeclared_days_follow_the_weekend(year):
    declared = {day for day, _ in official_holiday_days(year)}
    assert declared
    day = date(year, 1, 1)
    while day.year == year:
        if day not in declared:
            assert CAL.is_working_day(day) is (day.weekday() < 5), day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "count", "due"),
    [
        (
            date(2025, 9, 26),
            20,
            date(2025, 10, 30),
        ),  # over 国庆/中秋 2025, with 调休 Sunday 9-28 and Saturday 10-11
        (
            date(2026, 2, 6),
            20,
            date(2026, 3, 12),
        ),  # over 春节 2026 (Feb 15-23), with 调休 Saturdays 2-14 and 2-28
        (date(2024, 4, 30), 1, date(2024, 5, 6)),  # 劳动节 2024: May 1-5 off
        (date(2024, 12, 27), 3, date(2025, 1, 2)),  # across the year end: 2025-01-01 off
        (date(2026, 5, 8), 0, date(2026, 5, 8)),
    ],
)
def test_add_working_days_on_real_holiday_periods(start, count, due):
    assert CAL.add_working_days(start, count)[0] == due


def test_skipped_days_are_explained():
    due, skipped = CAL.add_working_days(date(2025, 9, 30), 1)
    assert due == date(2025, 10, 9)
    reasons = [s.describe() for s in skipped]
    assert "2025-10-01（周三）国庆节" in reasons
    assert any("中秋节" in r for r in reasons)
    assert len(skipped) == 8


def test_make_up_working_day_on_a_weekend_counts():
    info = CAL.info(date(2026, 2, 14))
    assert info.is_working and info.reason == "春节调休上班"


def test_a_year_without_schedule_fails_loudly():
    with pytest.raises(ScheduleMissing) as err:
        CAL.add_working_days(date(2026, 12, 20), 20)
    assert err.value.year == 2027
    assert "2027 年的节假日安排尚未录入" in str(err.value)


def test_staff_schedule_adds_a_year_and_overrides_single_days():
    data = {"year": 2027, "papers": [], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": True}]}
    year, days, _ = parse_holiday_cn(data)
    corrected = [*days]
    merged = WorkCalendar(merge_schedules(package_schedules(), {year: corrected}))
    assert merged.covers(2027) and not merged.is_working_day(date(2027, 1, 1))
    assert merged.add_working_days(date(2026, 12, 31), 1)[0] == date(2027, 1, 4)


@pytest.mark.parametrize(
    "bad",
    [
        [],
        {"year": 2027, "papers": [], "days": []},
        {"year": "2027", "days": [{"name": "x", "date": "2027-01-01", "isOffDay": True}]},
        {"year": 2027, "days": [{"name": "x", "date": "2026-01-01", "isOffDay": True}]},
        {"year": 2027, "days": [{"name": "x", "date": "2027-13-01", "isOffDay": True}]},
        {"year": 2027, "days": [{"name": "x", "date": "2027-01-01"}]},
        {"year": 2027, "days": [{"name": "x", "date": "2027-01-01", "isOffDay": "yes"}]},
    ],
)
def test_malformed_schedules_are_refused_with_a_message(bad):
    with pytest.raises(ValueError) as err:
        parse_holiday_cn(bad)
    assert str(err.value)


covered_dates = st.dates(min_value=date(2010, 1, 1), max_value=date(2026, 10, 31))


@settings(max_examples=200, deadline=None)
@given(start=covered_dates, count=st.integers(min_value=1, max_value=40))
def test_due_date_is_always_a_working_day_after_the_start(start, count):
    due, skipped = CAL.add_working_days(start, count)
    assert due > start
    assert CAL.is_working_day(due)
    assert CAL.working_days_between(start + timedelta(days=1), due) == count
    assert all(not s.is_working for s in skipped)


@settings(max_examples=100, deadline=None)
@given(
    start=covered_dates,
    count=st.integers(min_value=1, max_value=30),
    extra=st.integers(min_value=0, max_value=10),
)
def test_more_working_days_never_end_earlier(start, count, extra):
    assert CAL.add_working_days(start, count + extra)[0] >= CAL.add_working_days(start, count)[0]
