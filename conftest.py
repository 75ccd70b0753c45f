"""Shared test fixtures: personas, factories, and test-only helpers (see zwgk/testing.py).

With CI=true a skipped test fails unless its reason starts with a tag of zwgk.testdata.CI_SKIP_TAGS (a test for
one database, run in the other CI pass): a test that silently skips in CI proves nothing. xfail is not used.
"""

from collections.abc import Generator
from typing import Any

import pytest

from zwgk.testdata import CI_SKIP_TAGS, in_ci, skip_allowed_in_ci
from zwgk.testing import *  # noqa: F403  (fixtures are discovered by name)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[Any]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if not (report.skipped and in_ci()):
        return report
    if hasattr(report, "wasxfail"):
        reason = f"xfail: {report.wasxfail}"
    else:
        longrepr = report.longrepr
        reason = str(longrepr[2]) if isinstance(longrepr, tuple) else str(longrepr)
        if skip_allowed_in_ci(reason):
            return report
    report.outcome = "failed"
    report.longrepr = f"skipped in CI without an allowed tag {CI_SKIP_TAGS}: {reason}"
    return report
