"""When a column counts as updated in time (pure: no Django import).

CHK2019 (国办秘函〔2019〕19号) single-veto item 4 “栏目不更新”: 动态/要闻 columns not updated within the 2 weeks
before the check point, 通知公告/政策文件 columns not updated within the 6 months before it, and 空白栏目
(columns without content). The two periods are settings (ZWGK_COLUMNS_DYNAMIC_DAYS, ZWGK_COLUMNS_NOTICE_MONTHS);
a 静态 column (an introduction, a 办事指南) has no expected frequency but must not be empty.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

DYNAMIC = "dynamic"
NOTICE = "notice"
STATIC = "static"
RULES = (DYNAMIC, NOTICE, STATIC)

OK = "ok"
STALE = "stale"
EMPTY = "empty"


def months_before(day: date, months: int) -> date:
    """The same calendar day `months` months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def oldest_fresh_day(rule: str, today: date, *, dynamic_days: int, notice_months: int) -> date | None:
    """The earliest publication day that still counts as “updated in time” on `today`; None: no expectation."""
    if rule == DYNAMIC:
        return today - timedelta(days=dynamic_days)
    if rule == NOTICE:
        return months_before(today, notice_months)
    if rule == STATIC:
        return None
    raise ValueError(f"unknown update rule {rule!r}")


def status_for(
    rule: str, last_update: date | None, today: date, *, dynamic_days: int, notice_months: int
) -> str:
    """ "empty" without any content; "stale" when the last publication is older than the rule allows; else "ok"."""
    if last_update is None:
        return EMPTY
    oldest = oldest_fresh_day(rule, today, dynamic_days=dynamic_days, notice_months=notice_months)
    if oldest is not None and last_update < oldest:
        return STALE
    return OK
