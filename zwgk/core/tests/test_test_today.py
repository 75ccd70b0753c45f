"""The CI clock switch (issue 23 item 9): ZWGK_TEST_TODAY moves every test to that day, nested travels win."""

from datetime import date

import pytest
import time_machine
from django.utils import timezone

from zwgk.testing import travel_to_test_today


def test_the_switch_moves_the_clock_and_a_pinned_test_keeps_its_date():
    with travel_to_test_today({"ZWGK_TEST_TODAY": "2031-12-20"}) as day:
        assert day == "2031-12-20" and timezone.localdate() == date(2031, 12, 20)
        with time_machine.travel("2025-03-03 10:00 +0800", tick=False):
            assert timezone.localdate() == date(2025, 3, 3)
    assert timezone.localdate() != date(2031, 12, 20)


def test_without_the_switch_nothing_moves():
    with travel_to_test_today({}) as day:
        assert day is None and timezone.localdate().year < 2031


def test_a_typo_fails_loudly():
    with pytest.raises(ValueError), travel_to_test_today({"ZWGK_TEST_TODAY": "2026-13-20"}):
        pass
