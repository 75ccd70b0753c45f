"""Shared test fixtures: personas, factories, and test-only helpers (see zwgk/testing.py)."""

import os
from collections.abc import Iterator

import pytest
import time_machine

from zwgk.testing import *  # noqa: F403  (fixtures are discovered by name)


@pytest.fixture(autouse=True)
def _test_today() -> Iterator[None]:
    """`ZWGK_TEST_TODAY=2026-12-20 pytest`: the whole run travels to that day (10:00 Beijing time, ticking).

    CI runs the date-sensitive suites this way, so a test that silently depends on today's date (a due date
    that crosses into a year without a holiday schedule, a "this year" default) fails in CI, not in December.
    Tests that pin their own dates with `time_machine.travel` still win: travels nest.
    """
    value = os.environ.get("ZWGK_TEST_TODAY", "").strip()
    if not value:
        yield
        return
    with time_machine.travel(f"{value} 10:00 +0800", tick=True):
        yield
