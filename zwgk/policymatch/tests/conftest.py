import pytest
import time_machine

# The tests' "today": policies are published and 申报期限 judged on this day.
NOW = "2025-06-10 10:00:00+08:00"


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def without_review_hooks():
    """Policies are published through the documents workflow; the secrecy screening other apps hook into it is
    not what these tests are about (as in documents/tests/conftest.py)."""
    from zwgk.documents import review

    saved = (list(review._started), list(review._blockers), list(review._panels))
    review._started.clear()
    review._blockers.clear()
    review._panels.clear()
    yield
    review._started[:], review._blockers[:], review._panels[:] = saved
