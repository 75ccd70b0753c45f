"""Legal deadlines of the annual report (Regulation Art 49), read from settings.

Art 49: 县级以上人民政府部门 publish the previous year's report by 31 January; the 主管部门 publishes the
government's own report by 31 March. Streets and parks follow the department deadline. Both dates are settings
(ZWGK_REPORT_DEADLINE_DEPARTMENT / ZWGK_REPORT_DEADLINE_GOVERNMENT, "MM-DD" of the following year) so that a
stricter local deadline (e.g. 26 January) can be configured.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.conf import settings

from zwgk.config import ConfigError, env_str

GOVERNMENT_KIND = "government"


def env_month_day(name: str, default: str, env: Mapping[str, str] | None = None) -> tuple[int, int]:
    """Read "MM-DD" from the environment; ConfigError on anything that is not a valid day of every year."""
    raw = env_str(name, default, env)
    try:
        month_text, day_text = raw.split("-")
        month, day = int(month_text), int(day_text)
        date(2001, month, day)  # a non-leap year: 02-29 would exist only every fourth year
    except ValueError:
        raise ConfigError(
            name,
            f"应为“月-日”格式的日期，如 01-31，实际为 “{raw}”（不能使用 2 月 29 日）",
            f"expected a month-day such as 01-31, got {raw!r} (02-29 is not allowed)",
        ) from None
    return month, day


def due_date(agency_kind: str, year: int) -> date:
    """The day by which the report on `year` must be published."""

    month, day = (
        settings.REPORT_DEADLINE_GOVERNMENT
        if agency_kind == GOVERNMENT_KIND
        else settings.REPORT_DEADLINE_DEPARTMENT
    )
    return date(year + 1, month, day)


def reporting_year(today: date) -> int:
    """The year whose report is being prepared: from 1 January, the year just ended."""
    return today.year - 1
