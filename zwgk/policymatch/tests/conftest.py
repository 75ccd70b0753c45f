import pytest
import time_machine

# The tests' "today": policies are published and 申报期限 judged on this day.
NOW = "2025-06-10 10:00:00+08:00"


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(NOW, tick=False):
        yield
