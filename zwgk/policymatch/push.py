"""精准推送不打扰: when a queued notification may go out (pure, no Django).

Work plan item 二 asks for precise pushes that do not disturb: one policy is never pushed twice to the same
subscriber, at most `cap` messages per subscriber per calendar week (Monday–Sunday, local time), and nothing
during the quiet hours (default 21:00–8:00, local time). A notification that may not go now is deferred to the
first moment it may, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

SEND, DEFER, SKIP = "send", "defer", "skip"


@dataclass(frozen=True)
class Rules:
    cap_per_week: int = 3
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)


@dataclass(frozen=True)
class Decision:
    action: str  # send | defer | skip
    at: datetime | None = None  # for defer: the earliest moment to try again
    reason: str = ""


def in_quiet_hours(moment: datetime, rules: Rules) -> bool:
    t = moment.time()
    if rules.quiet_start <= rules.quiet_end:  # e.g. 13:00–14:00
        return rules.quiet_start <= t < rules.quiet_end
    return t >= rules.quiet_start or t < rules.quiet_end  # across midnight, e.g. 21:00–8:00


def quiet_ends(moment: datetime, rules: Rules) -> datetime:
    """The end of the quiet period `moment` is in."""
    end = moment.replace(hour=rules.quiet_end.hour, minute=rules.quiet_end.minute, second=0, microsecond=0)
    return end if end > moment else end + timedelta(days=1)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def decide(moment: datetime, *, already_sent: bool, sent_this_week: int, rules: Rules) -> Decision:
    """What to do with one queued notification at `moment` (local time)."""
    if already_sent:
        return Decision(SKIP, reason="该政策已推送过，不重复推送")
    if sent_this_week >= rules.cap_per_week:
        monday = week_start(moment.date()) + timedelta(days=7)
        at = datetime.combine(monday, rules.quiet_end, tzinfo=moment.tzinfo)
        return Decision(DEFER, at, f"本周已推送 {sent_this_week} 条，达到每周上限，顺延至下周")
    if in_quiet_hours(moment, rules):
        return Decision(DEFER, quiet_ends(moment, rules), "免打扰时段，顺延至时段结束")
    return Decision(SEND)


def parse_quiet_hours(text: str) -> tuple[time, time]:
    """ "21:00-08:00" → (21:00, 08:00)."""
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise ValueError("免打扰时段应写作 HH:MM-HH:MM，如 21:00-08:00") from None
    return start, end
