"""Shared test fixtures: personas, factories, and test-only helpers (see zwgk/testing.py).

zwgk.testdata is loaded as a plugin: with CI=true it fails any skip whose reason has no [postgresql]/[sqlite] tag.
"""

from collections.abc import Iterator

import pytest

from zwgk.testing import *  # noqa: F403  (fixtures are discovered by name)
from zwgk.testing import travel_to_test_today

pytest_plugins = ["zwgk.testdata"]


@pytest.fixture(autouse=True)
def _test_today() -> Iterator[None]:
    """`ZWGK_TEST_TODAY=2026-12-20 pytest`: every test runs on that day unless it pins its own date.

    CI runs the date-sensitive suites this way, so a test that silently depends on today's date (a due date
    crossing into a year without a holiday schedule) fails in CI, not in December. Travels nest, so tests
    that pin their dates with `time_machine.travel` keep them.
    """
    with travel_to_test_today():
        yield


def pytest_configure(config: pytest.Config) -> None:
    # SQLite test databases from tests/data/sqlite-schema.sql instead of every migration (zwgk/testdb.py).
    from zwgk import testdb

    testdb.install()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The `slow` tests (a whole demo, a whole-site walk, the nginx stack) run first: with `-n 2` they then share
    the two workers from the start instead of leaving one worker alone with them at the end. The sort is stable,
    so a module's tests stay in their order."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
