"""When a 政务新媒体 account counts as a 僵尸号 (pure rules, no Django import).

CHK2019 (国办秘函〔2019〕19号, the national 政务新媒体 inspection; ../shared/spec/regulations.md §4.4): an account
with **no update within the 2 weeks before the check point** fails the inspection outright (单项否决). The number of
days is the setting ZWGK_NEWMEDIA_ZOMBIE_DAYS (default 14).

Reading of "within the 2 weeks before the check point": on check day D the window is the 14 days D-14 … D-1 plus
D itself, so a last update on D-14 (exactly two weeks ago) still passes and one on D-15 fails. An account that has
never posted counts from the day it was opened (approved), so a new account has the same two weeks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# The unit is reminded this many days before its account crosses the line (an internal courtesy, not a rule).
REMIND_DAYS_BEFORE = 3


class Freshness(StrEnum):
    OK = "ok"
    DUE_SOON = "due_soon"  # will become a 僵尸号 within REMIND_DAYS_BEFORE days without an update
    ZOMBIE = "zombie"
    UNKNOWN = "unknown"  # neither an update nor an opening day is known


LABELS: dict[Freshness, str] = {
    Freshness.OK: "正常更新",
    Freshness.DUE_SOON: "即将超期未更新",
    Freshness.ZOMBIE: "僵尸号（超过两周未更新）",
    Freshness.UNKNOWN: "无更新记录",
}


@dataclass(frozen=True, slots=True)
class Verdict:
    state: Freshness
    basis: date | None  # the last update, or the opening day when there was none
    idle_days: int | None  # whole days since `basis`
    limit_days: int

    @property
    def ok(self) -> bool:
        return self.state in (Freshness.OK, Freshness.DUE_SOON)

    @property
    def label(self) -> str:
        return LABELS[self.state]

    @property
    def detail(self) -> str:
        if self.basis is None or self.idle_days is None:
            return "没有更新记录，也没有开设日期。"
        if self.state == Freshness.ZOMBIE:
            return (
                f"最近更新 {self.basis:%Y-%m-%d}，已 {self.idle_days} 天未更新（超过 {self.limit_days} 天）。"
            )
        return f"最近更新 {self.basis:%Y-%m-%d}，{self.idle_days} 天前。"


def evaluate(last_update: date | None, opened_on: date | None, today: date, limit_days: int) -> Verdict:
    """The account's state on `today`: a 僵尸号 once more than `limit_days` whole days passed without update."""
    if limit_days < 1:
        raise ValueError("limit_days must be at least 1")
    basis = last_update if last_update is not None else opened_on
    if basis is None:
        return Verdict(Freshness.UNKNOWN, None, None, limit_days)
    idle = (today - basis).days
    if idle > limit_days:
        state = Freshness.ZOMBIE
    elif idle > limit_days - REMIND_DAYS_BEFORE:
        state = Freshness.DUE_SOON
    else:
        state = Freshness.OK
    return Verdict(state, basis, max(idle, 0), limit_days)
