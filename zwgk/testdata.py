"""Test data that does not depend on ../shared, the demo as a scoped fixture, and the rule for skipped tests.

- The 2022 work plan ships in zwgk/documents/data/workplan_2022.txt; `mission_text()` rebuilds the mission file
  exactly as the steering repo holds it (the Word export's one `[bookmark: _GoBack]` put back).
- `shared_path()` is for the few tests that need a corpus too large to ship (statutes, work reports): it fails the
  test when CI=true and the file is missing, and skips it with the `[shared]` tag only on a developer's machine.
- `demo_fixture(upto=...)` makes a module-scoped fixture that loads the demo once, up to one part, inside a
  transaction rolled back after the module's last test.
- The hook `pytest_runtest_makereport` (this module is a pytest plugin, loaded by the root conftest.py) fails,
  when CI=true, every skip whose reason does not start with one of `CI_SKIP_TAGS` (each names the other CI pass
  that runs the test), and every xfail: a test that silently skips in CI proves nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Generator, Iterator
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TESTS_DATA = ROOT / "tests" / "data"
WORKPLAN_2022 = Path(__file__).resolve().parent / "documents" / "data" / "workplan_2022.txt"

# Skips CI accepts, by the tag their reason starts with. .ci/run runs the suite on SQLite and on PostgreSQL, so a
# test that needs one database runs in the other pass.
CI_SKIP_TAGS = ("[postgresql]", "[sqlite]")
SHARED_TAG = "[shared]"


def sqlite_pass_only(why: str) -> pytest.MarkDecorator:
    """For a test whose own processes run on their own SQLite files whatever database the suite uses (a gunicorn
    and nginx stack, four rate-limited workers): the PostgreSQL pass would repeat it unchanged, so it runs in the
    SQLite pass only (`[sqlite]`-tagged, which CI accepts)."""
    from django.db import connection

    return pytest.mark.skipif(connection.vendor != "sqlite", reason=f"[sqlite] {why}")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def skip_allowed_in_ci(reason: str) -> bool:
    return reason.removeprefix("Skipped: ").lstrip().startswith(CI_SKIP_TAGS)


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


def shared_path(relative: str) -> Path:
    """../shared/<relative>, for data too large to ship under tests/data. Missing: fail in CI, skip elsewhere."""
    path = SHARED / relative
    if path.exists():
        return path
    message = f"{SHARED_TAG} ../shared/{relative} is missing (CI lays ../shared beside the clone)"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture
def shared_corpus() -> None:
    """The statutes, the State Council work reports and the mission file that the relevance tests index: too
    large to ship, so CI fails here if ../shared is missing."""
    shared_path("data/prc-statutes")
    shared_path("data/gov-work-reports/government_work_reports.jsonl")
    shared_path("mission/东丽区2022年政务公开工作要点.txt")


def official_holiday_days(year: int) -> list[tuple[date, bool]]:
    """(day, is_off_day) of the State Council schedule for 2024–2026 (tests/data/holiday-cn); [] for other years."""
    data = json.loads((TESTS_DATA / "holiday-cn" / "days-2024-2026.json").read_text(encoding="utf-8"))
    return [(date.fromisoformat(day), bool(off)) for day, off in data.get(str(year), [])]


def mission_text() -> str:
    """The 2022 plan as the mission file holds it: the shipped copy plus the Word export's bookmark."""
    text = WORKPLAN_2022.read_text(encoding="utf-8")
    return text.replace("（十四）健全完善公开平台", "[bookmark: _GoBack]（十四）健全完善公开平台", 1)


def load_demo(upto: str | None = None, only: str | None = None) -> str:
    """Run `zwgk demo load [--upto NAME] [--only A,B]` with the shipped 2022 plan; returns what it printed."""
    from django.core.management import call_command
    from django.test import override_settings

    args = [*(["--upto", upto] if upto else []), *(["--only", only] if only else [])]
    out = StringIO()
    with override_settings(WORKPLAN_DEMO_PLAN=WORKPLAN_2022):
        call_command("demo", "load", *args, stdout=out)
    return out.getvalue()


def demo_fixture(upto: str | None = None) -> Callable[..., Any]:
    """A module-scoped fixture: the demo up to `upto`, loaded once for the module's tests and rolled back after.

    Each test still runs in its own savepoint (the `db` fixture), so what one test changes the next does not see.
    Use it only in a module whose tests all want the demo (the data is visible to every test of the module).
    """

    @pytest.fixture(scope="module")
    def fixture(
        django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[str]:
        from django.db import transaction
        from django.test import override_settings

        media = tmp_path_factory.mktemp("demo-media")
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)), transaction.atomic():
            printed = load_demo(upto)
            yield printed
            transaction.set_rollback(True)

    return fixture


STATUTE_COUNT = 6  # ../shared/data/prc-statutes: 6 statute texts (+ SOURCE.md)


def statute_paths() -> list[Path]:
    """The statute texts of ../shared/data/prc-statutes; an empty or partial folder fails instead of passing."""
    paths = sorted(p for p in shared_path("data/prc-statutes").glob("*.md") if p.name != "SOURCE.md")
    assert len(paths) == STATUTE_COUNT, [p.name for p in paths]
    return paths
