"""The reply deadline of a 互动交流 message — pure Python, no Django.

A message is answered within N working days (the kind's setting: 政务咨询 10, 找错 3 …). As for applications
(Art 33 of the Regulation, by analogy), the day of receipt is day 0 and counting starts the next day; days on which
the handler waits for the writer's supplementary information (a pause) are not counted. A transfer does not stop
the clock: the new agency inherits the remaining days.

    result = reply_due(calendar, received=date(2026, 4, 30), working_days=3, pauses=[])
    result.due        # date(2026, 5, 7): 5/1–5/5 are the 劳动节 holiday, 5/6 and 5/7 working days …
    result.explanation  # the day-by-day account shown to staff and to the writer
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

WEEKDAYS = "一二三四五六日"


class DayInfoLike(Protocol):
    @property
    def day(self) -> date: ...
    @property
    def is_working(self) -> bool: ...
    @property
    def reason(self) -> str: ...


class CalendarLike(Protocol):
    def info(self, day: date) -> DayInfoLike: ...


@dataclass(frozen=True)
class Pause:
    """The handler asked for more information on `start`; the writer answered on `end` (None: still waiting)."""

    start: date
    end: date | None = None


@dataclass
class DueResult:
    due: date | None
    state: str  # running | paused | error
    explanation: list[str] = field(default_factory=list)
    error: str = ""


def _describe(day: date) -> str:
    return f"{day.isoformat()}（周{WEEKDAYS[day.weekday()]}）"


def reply_due(
    calendar: CalendarLike,
    *,
    received: date,
    working_days: int,
    pauses: Sequence[Pause] = (),
    max_days: int = 3660,
) -> DueResult:
    """The last day of the reply period; walks the calendar day by day so every skipped day is explained.

    A calendar that has no schedule for a year raises LookupError from `info`; the result is then state "error"
    with that message, never a guess.
    """
    if working_days < 0:
        raise ValueError("working_days must not be negative")
    ordered = sorted(pauses, key=lambda p: p.start)
    lines = [f"收到日：{_describe(received)}，次日起算，共 {working_days} 个工作日。"]
    for pause in ordered:
        if pause.end is not None and pause.end < pause.start:
            raise ValueError("a pause cannot end before it starts")
        if pause.end is None:
            lines.append(f"{_describe(pause.start)}起等待留言人补充材料，期限暂停计算。")
            return DueResult(None, "paused", lines)

    def paused(day: date) -> Pause | None:
        for pause in ordered:
            if pause.end is not None and pause.start < day <= pause.end:
                return pause
        return None

    counted = 0
    current = received
    steps = 0
    try:
        while counted < working_days:
            current += timedelta(days=1)
            steps += 1
            if steps > max_days:
                raise ValueError("deadline too far ahead")
            waiting = paused(current)
            if waiting is not None:
                if waiting.start + timedelta(days=1) == current and waiting.end is not None:
                    lines.append(
                        f"{_describe(waiting.start)}至{_describe(waiting.end)}等待留言人补充材料，不计入期限。"
                    )
                continue
            info = calendar.info(current)
            if info.is_working:
                counted += 1
            else:
                lines.append(f"{_describe(current)}{info.reason}，不计入。")
    except LookupError as exc:
        message = str(exc) or "节假日安排尚未录入"
        lines.append(f"无法计算：{message}")
        return DueResult(None, "error", lines, error=message)
    lines.append(f"第 {working_days} 个工作日：{_describe(current)}，为答复期限。")
    return DueResult(current, "running", lines)


def working_days_used(
    calendar: CalendarLike, received: date, replied: date, pauses: Sequence[Pause] = ()
) -> int:
    """Working days from the day after receipt through the reply day, pauses excluded (for the figures)."""
    total = 0
    current = received
    while current < replied:
        current += timedelta(days=1)
        if any(p.end is not None and p.start < current <= p.end for p in pauses):
            continue
        try:
            if calendar.info(current).is_working:
                total += 1
        except LookupError:
            if current.weekday() < 5:
                total += 1
    return total
