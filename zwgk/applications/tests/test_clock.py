"""The statutory clock (pure): properties over 2024–2026 and table tests on real holiday periods."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwgk.applications import clock
from zwgk.applications.clock import (
    ClockError,
    ClockRules,
    Corrected,
    CorrectionRequested,
    Extension,
    Pause,
    Received,
    evaluate,
    parse_scenario,
    receipt_day,
)
from zwgk.calendar import ScheduleMissing, WorkCalendar, package_schedules
from zwgk.testdata import official_holiday_days

CAL = WorkCalendar(package_schedules())

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 9, 30))


def due(*events: clock.Event, rules: ClockRules | None = None) -> date | None:
    return evaluate(list(events), CAL, rules).due


def independent_due(received: date, count: int) -> date:
    """The N-th working day after `received`, computed straight from the State Council files (holiday-cn)."""
    declared: dict[date, bool] = {}
    for year in (received.year, received.year + 1):
        declared.update(official_holiday_days(year))
    day, counted = received, 0
    while counted < count:
        day += timedelta(days=1)
        working = (not declared[day]) if day in declared else day.weekday() < 5
        counted += working
    return day


# --- properties ----------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(received=days)
def test_due_is_a_working_day_after_receipt_and_counts_exactly_twenty(received):
    result = evaluate([Received(received)], CAL)
    assert result.due is not None and result.due > received
    assert CAL.is_working_day(result.due)
    assert CAL.working_days_between(received + timedelta(days=1), result.due) == 20


@settings(max_examples=150, deadline=None)
@given(
    received=days,
    offset=st.integers(0, 40),
    length=st.integers(0, 25),
    reason=st.sampled_from(["third_party", "inter_agency", "fee"]),
)
def test_a_pause_never_moves_the_due_date_earlier(received, offset, length, reason):
    start = received + timedelta(days=offset)
    without = due(Received(received))
    with_pause = due(Received(received), Pause(start, start + timedelta(days=length), reason))
    assert with_pause >= without
    assert CAL.is_working_day(with_pause)


@settings(max_examples=150, deadline=None)
@given(received=days, gap1=st.integers(0, 10), gap2=st.integers(0, 30))
def test_restart_after_correction_equals_a_fresh_receipt(received, gap1, gap2):
    requested = received + timedelta(days=gap1)
    corrected = requested + timedelta(days=gap2)
    restarted = due(Received(received), CorrectionRequested(requested), Corrected(corrected))
    assert restarted == due(Received(corrected))


@settings(max_examples=100, deadline=None)
@given(received=days, extra=st.integers(1, 20))
def test_extension_counts_on_from_the_current_due_date(received, extra):
    base = due(Received(received))
    extended = evaluate([Received(received), Extension(extra)], CAL)
    assert extended.base_due == base
    assert extended.due == CAL.add_working_days(base, extra)[0]
    assert extended.working_days == 20 + extra


@settings(max_examples=100, deadline=None)
@given(received=days, offset=st.integers(0, 20), length=st.integers(0, 15))
def test_explanation_lists_every_skipped_day_between_day_0_and_the_due_date(received, offset, length):
    start = received + timedelta(days=offset)
    pause = Pause(start, start + timedelta(days=length), "third_party")
    result = evaluate([Received(received), pause], CAL)
    listed = {s.day for s in result.steps if s.kind in ("skip", "pause")}
    day, expected = received + timedelta(days=1), set()
    while day <= result.due:
        if not CAL.is_working_day(day) or (pause.start <= day <= pause.end):
            expected.add(day)
        day += timedelta(days=1)
    assert listed == expected
    # every working day in the pause is left out of the 20
    counted = sum(
        1
        for offset_day in range((result.due - received).days)
        if CAL.is_working_day(d := received + timedelta(days=offset_day + 1))
        and not pause.start <= d <= pause.end
    )
    assert counted == 20


# --- table tests on real holiday periods (cross-checked with the State Council files) -------------------

REAL_PERIODS = [
    # (received, expected due) — each spans a holiday with 调休 make-up working days
    (date(2024, 2, 2), date(2024, 3, 6)),  # 春节 2024: Feb 10–17 off, Sun Feb 4 and Sun Feb 18 worked
    (date(2024, 4, 26), date(2024, 5, 27)),  # 劳动节 2024: May 1–5 off, Sun Apr 28 and Sat May 11 worked
    (date(2024, 9, 27), date(2024, 10, 30)),  # 国庆 2024: Oct 1–7 off, Sun Sep 29 and Sat Oct 12 worked
    (date(2025, 1, 24), date(2025, 2, 27)),  # 春节 2025: Jan 28–Feb 4 off, Sun Jan 26 and Sat Feb 8 worked
    (date(2025, 9, 26), date(2025, 10, 30)),  # 国庆/中秋 2025: Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked
    (date(2026, 2, 6), date(2026, 3, 12)),  # 春节 2026: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked
    (
        date(2026, 9, 18),
        date(2026, 10, 22),
    ),  # 中秋/国庆 2026: Sep 25–27, Oct 1–7 off, Sun Sep 20, Sat Oct 10 worked
    (date(2024, 12, 20), date(2025, 1, 20)),  # across the year end, 元旦 2025
]


@pytest.mark.parametrize(("received", "expected"), REAL_PERIODS)
def test_due_dates_over_real_holiday_periods(received, expected):
    assert due(Received(received)) == expected


@pytest.mark.parametrize(("received", "expected"), REAL_PERIODS)
def test_real_periods_agree_with_the_state_council_files(received, expected):
    assert independent_due(received, 20) == expected


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_receipt_day_of_a_year_agrees_with_the_state_council_files(year):
    day = date(year, 1, 1)
    last = date(year, 10, 31) if year == 2026 else date(year, 12, 31)
    while day <= last:
        assert due(Received(day)) == independent_due(day, 20), day
        day += timedelta(days=7 if year != 2026 else 3)


def test_make_up_working_days_are_counted_and_named():
    result = evaluate([Received(date(2025, 9, 26))], CAL)
    texts = result.explanation()
    assert "2025-09-28（周日）国庆节调休上班，计为第 1 个工作日" in texts
    assert "2025-10-06（周一）中秋节，不计算" in texts
    assert "2025-10-11（周六）国庆节调休上班，计为第 6 个工作日" in texts
    assert texts[-1] == "答复期限：2025-10-30（周四），共计 20 个工作日"


def test_receipt_on_a_weekend_counts_from_the_next_working_day():
    # Submitted online on Saturday 2026-03-07: day 0 is the Saturday, day 1 is Monday 03-09 — the same first
    # working day as for a receipt on Friday 03-06, so the same due date.
    saturday = evaluate([Received(date(2026, 3, 7))], CAL)
    assert (
        saturday.due == due(Received(date(2026, 3, 6))) == due(Received(date(2026, 3, 8))) == date(2026, 4, 3)
    )
    assert "2026-03-08（周日）周日，不计算" in saturday.explanation()


def test_counting_the_receipt_day_is_a_setting():
    counted = ClockRules(count_receipt_day=True)
    assert due(Received(date(2025, 3, 3)), rules=counted) == CAL.add_working_days(date(2025, 3, 3), 19)[0]
    # a receipt on a non-working day is not counted even then
    assert due(Received(date(2025, 3, 1)), rules=counted) == due(Received(date(2025, 3, 1)))


def test_fee_pause_can_be_switched_off():
    events = [Received(date(2025, 3, 3)), Pause(date(2025, 3, 5), date(2025, 3, 20), "fee")]
    assert due(*events) > due(Received(date(2025, 3, 3)))
    assert due(*events, rules=ClockRules(fee_pauses_clock=False)) == due(Received(date(2025, 3, 3)))


def test_pause_days_are_inclusive_of_both_ends():
    # 2025-03-10 (Mon) to 2025-03-12 (Wed): three working days are left out.
    base = due(Received(date(2025, 3, 3)))
    paused = due(Received(date(2025, 3, 3)), Pause(date(2025, 3, 10), date(2025, 3, 12), "third_party"))
    assert paused == CAL.add_working_days(base, 3)[0]


def test_an_open_pause_stops_the_clock_and_reports_days_used():
    result = evaluate(
        [Received(date(2025, 3, 3)), Pause(date(2025, 3, 10), None, "third_party")],
        CAL,
        as_of=date(2025, 3, 20),
    )
    assert result.due is None and result.state == "paused"
    assert result.used == 4 and result.remaining == 16


def test_a_pause_that_starts_after_the_due_date_changes_nothing_and_is_flagged():
    base = due(Received(date(2025, 3, 3)))
    result = evaluate(
        [Received(date(2025, 3, 3)), Pause(base + timedelta(days=3), base + timedelta(days=9), "fee")], CAL
    )
    assert result.due == base
    assert any("晚于答复期限" in w for w in result.warnings)


def test_awaiting_correction_has_no_due_date_but_a_notice_deadline():
    result = evaluate([Received(date(2025, 9, 26)), CorrectionRequested(date(2025, 9, 29))], CAL)
    assert result.due is None and result.state == "awaiting_correction"
    # Art 30: 7 working days after 2025-09-26, over 国庆: 09-28 (调休), 09-29, 09-30, 10-09, 10-10, 10-11, 10-13
    assert result.correction_notice_due == date(2025, 10, 13)


def test_late_correction_notice_and_late_extension_are_warned():
    result = evaluate(
        [
            Received(date(2025, 3, 3)),
            CorrectionRequested(date(2025, 3, 20)),
            Corrected(date(2025, 3, 21)),
            Extension(5, date(2025, 5, 30)),
        ],
        CAL,
    )
    assert len(result.warnings) == 2


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([], "收到申请"),
        ([Received(date(2025, 3, 3)), Received(date(2025, 3, 4))], "只有一个"),
        (
            [
                Received(date(2025, 3, 3)),
                CorrectionRequested(date(2025, 3, 4)),
                CorrectionRequested(date(2025, 3, 5)),
            ],
            "一次",
        ),
        ([Received(date(2025, 3, 3)), Corrected(date(2025, 3, 5))], "补正通知"),
        ([Received(date(2025, 3, 3)), CorrectionRequested(date(2025, 3, 1))], "早于"),
        ([Received(date(2025, 3, 3)), Extension(21)], "20"),
        ([Received(date(2025, 3, 3)), Extension(0)], "20"),
        ([Received(date(2025, 3, 3)), Extension(5), Extension(5)], "一次"),
        ([Received(date(2025, 3, 3)), Pause(date(2025, 3, 1), date(2025, 3, 5))], "早于"),
        ([Received(date(2025, 3, 3)), Pause(date(2025, 3, 9), date(2025, 3, 5))], "早于"),
    ],
)
def test_illegal_scenarios_are_refused(events, message):
    with pytest.raises(ClockError, match=message):
        evaluate(events, CAL)


def test_a_due_date_in_a_year_without_schedule_fails_loudly():
    with pytest.raises(ScheduleMissing) as err:
        evaluate([Received(date(2026, 12, 10))], CAL)
    assert err.value.year == 2027


@pytest.mark.parametrize(
    ("channel", "kwargs", "expected"),
    [
        ("in_person", {}, date(2025, 3, 3)),
        ("registered_post", {"signed": date(2025, 3, 4)}, date(2025, 3, 4)),
        ("ordinary_post", {"confirmed": date(2025, 3, 5)}, date(2025, 3, 5)),
        ("email", {"confirmed": date(2025, 3, 3)}, date(2025, 3, 3)),
        ("fax", {"confirmed": date(2025, 3, 6)}, date(2025, 3, 6)),
    ],
)
def test_receipt_day_follows_article_31_by_channel(channel, kwargs, expected):
    day, rule = receipt_day(channel, submitted=date(2025, 3, 3), **kwargs)
    assert day == expected and "第三十一条" in rule


def test_receipt_day_needs_the_date_its_channel_requires():
    with pytest.raises(ClockError, match="签收日期"):
        receipt_day("registered_post", submitted=date(2025, 3, 3))
    with pytest.raises(ClockError, match="不能早于"):
        receipt_day("fax", submitted=date(2025, 3, 3), confirmed=date(2025, 3, 1))


# --- scenario files ----------------------------------------------------------------------------------


def test_scenario_with_every_event_type():
    events = parse_scenario(
        {
            "events": [
                {"type": "received", "date": "2025-09-26"},
                {"type": "correction_requested", "date": "2025-09-29"},
                {"type": "corrected", "date": "2025-10-09"},
                {"type": "pause", "from": "2025-10-13", "to": "2025-10-17", "reason": "third_party"},
                {"type": "extension", "working_days": 10},
            ]
        }
    )
    result = evaluate(events, CAL)
    # restart Thu 10-09; 10-10 and Sat 10-11 (调休) count, Mon–Fri 10-13..17 are paused, the 20th working day
    # is then 11-12; ten more → 11-26
    assert result.base_due == date(2025, 11, 12)
    assert result.due == date(2025, 11, 26)
    assert result.working_days == 30


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"events": "x"},
        {"events": [{"date": "2025-01-01"}]},
        {"events": [{"type": "received", "date": "2025-13-01"}]},
        {"events": [{"type": "received", "date": 20250101}]},
        {"events": [{"type": "received"}]},
        {"events": [{"type": "pause", "from": "2025-01-02"}]},
        {"events": [{"type": "pause", "from": "2025-01-02", "to": "2025-01-03", "reason": "lunch"}]},
        {"events": [{"type": "extension", "working_days": "20"}]},
        {"events": [{"type": "holiday", "date": "2025-01-01"}]},
    ],
)
def test_malformed_scenarios_are_refused_with_a_chinese_message(data):
    with pytest.raises(ClockError) as err:
        parse_scenario(data)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))
