"""Push governance rules: de-duplication, weekly cap, quiet hours (pure)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from zwgk.policymatch.push import DEFER, SEND, SKIP, Rules, decide, in_quiet_hours

TZ = ZoneInfo("Asia/Shanghai")
RULES = Rules()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def test_a_policy_already_sent_is_skipped():
    assert decide(at("2025-06-10 10:00"), already_sent=True, sent_this_week=0, rules=RULES).action == SKIP


def test_quiet_hours_defer_to_eight_in_the_morning():
    evening = decide(at("2025-06-10 21:00"), already_sent=False, sent_this_week=0, rules=RULES)
    assert (evening.action, evening.at) == (DEFER, at("2025-06-11 08:00"))
    night = decide(at("2025-06-11 07:59"), already_sent=False, sent_this_week=0, rules=RULES)
    assert (night.action, night.at) == (DEFER, at("2025-06-11 08:00"))
    assert decide(at("2025-06-11 08:00"), already_sent=False, sent_this_week=0, rules=RULES).action == SEND
    assert decide(at("2025-06-10 20:59"), already_sent=False, sent_this_week=0, rules=RULES).action == SEND


def test_the_weekly_cap_defers_to_next_monday_morning():
    friday = at("2025-06-13 10:00")
    assert decide(friday, already_sent=False, sent_this_week=2, rules=RULES).action == SEND
    capped = decide(friday, already_sent=False, sent_this_week=3, rules=RULES)
    assert (capped.action, capped.at) == (DEFER, at("2025-06-16 08:00"))
    assert decide(friday, already_sent=False, sent_this_week=3, rules=Rules(cap_per_week=5)).action == SEND


@given(st.datetimes(datetime(2024, 1, 1), datetime(2027, 1, 1)), st.integers(0, 6), st.integers(1, 5))  # noqa: DTZ001  (hypothesis bounds are naive)
def test_a_deferred_notification_may_go_at_its_new_time(naive, sent, cap):
    """Deferral lands outside the quiet hours, in a later week when the cap was hit — never in the past."""
    moment = naive.replace(tzinfo=TZ)
    rules = Rules(cap_per_week=cap)
    decision = decide(moment, already_sent=False, sent_this_week=sent, rules=rules)
    if decision.action == DEFER:
        assert decision.at is not None and decision.at > moment
        assert not in_quiet_hours(decision.at, rules)
        if sent >= cap:
            assert decision.at.isocalendar()[:2] != moment.isocalendar()[:2]
            assert decision.at - moment <= timedelta(days=8)
    else:
        assert decision.action == SEND and not in_quiet_hours(moment, rules) and sent < cap


def test_quiet_hours_within_a_day_are_supported():
    lunch = Rules(quiet_start=time(12, 0), quiet_end=time(13, 30))
    assert in_quiet_hours(at("2025-06-10 12:30"), lunch) and not in_quiet_hours(at("2025-06-10 21:30"), lunch)
