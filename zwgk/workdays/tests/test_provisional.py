"""The provisional calendar (issue 23 item 9): a year without a published schedule is counted from the statutory
holidays of 《全国年节及纪念日放假办法》 and says so; published years are never touched."""

from datetime import date

import pytest

from zwgk.calendar import ScheduleMissing, WorkCalendar, package_schedules, statutory_holidays


@pytest.mark.parametrize("year", range(2014, 2027))
def test_every_statutory_holiday_is_off_in_the_published_schedules(year):
    """Checked against the State Council schedules the pinned package carries (2014–2026)."""
    published = WorkCalendar(package_schedules())
    days = statutory_holidays(year)
    statutory = [d for d in days if "补假" not in d.name]
    assert len(days) >= (13 if year >= 2025 else 11)  # a holiday on another holiday's day is made up
    assert len(statutory) >= (12 if year >= 2025 else 10)
    assert [d.day for d in statutory if published.is_working_day(d.day)] == []


def test_2027_from_the_rules():
    days = {d.day: d.name for d in statutory_holidays(2027)}
    assert days[date(2027, 1, 1)] == "元旦（暂定）"
    assert [d for d, n in days.items() if n == "春节（暂定）"] == [date(2027, 2, n) for n in (5, 6, 7, 8)]
    assert (
        days[date(2027, 2, 9)] == days[date(2027, 2, 10)] == "春节补假（暂定）"
    )  # 初一、初二 fall on a weekend
    assert days[date(2027, 4, 5)] == "清明节（暂定）"
    assert days[date(2027, 6, 9)] == "端午节（暂定）" and days[date(2027, 9, 15)] == "中秋节（暂定）"
    assert days[date(2027, 10, 4)] == days[date(2027, 10, 5)] == "国庆节补假（暂定）"


def test_only_a_provisional_calendar_counts_an_unscheduled_year():
    strict = WorkCalendar(package_schedules())
    with pytest.raises(ScheduleMissing):
        strict.add_working_days(date(2026, 12, 15), 20)
    loose = strict.with_provisional()
    assert loose.add_working_days(date(2026, 12, 15), 20)[0] == date(2027, 1, 13)
    assert loose.is_provisional(2027) and not loose.is_provisional(2026)
    assert not strict.is_provisional(2027)
    # a published year is counted from its schedule, 调休 working Saturdays included
    assert loose.is_working_day(date(2026, 2, 14)) and strict.is_working_day(date(2026, 2, 14))
    with pytest.raises(ScheduleMissing):
        loose.info(date(2100, 1, 4))  # beyond the lunar tables: still refused, never guessed
