"""Pure rules of the national website inspection (国办秘函〔2019〕19号, regulations.md §4.1–4.2): column freshness,
the 单项否决 lines and the deduction estimate. No Django import; strictly typed.

Numbers marked [H] in regulations.md are constants here with their source; numbers marked [L]/[UNVERIFIED] come in
as arguments (read from ZWGK_SITEHEALTH_* settings by the caller).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Rule = Literal["dynamic", "notice", "static"]
Status = Literal["ok", "stale", "empty"]

# CHK2019 单项否决 3 (首页不更新): no new information on the home page within 2 weeks. [H]
HOME_STALE_DAYS = 14
# CHK2019 单项否决 4: 动态/要闻 columns within 2 weeks, 通知公告/政策文件 within 6 months. [H]
DYNAMIC_STALE_DAYS = 14
NOTICE_STALE_MONTHS = 6
# CHK2019 单项否决 4: ≥5 such columns not updated; ≥10 long un-updated columns; ≥5 empty columns. [H]
STALE_COLUMNS_VETO = 5
LONG_STALE_COLUMNS_VETO = 10
EMPTY_COLUMNS_VETO = 5
# CHK2019 单项否决 2 (站点无法访问): failures ≥5% of all visits over 1 week; a visit fails when the site is not open
# after 15 seconds (inclusive). [H]
UNAVAILABLE_SHARE = 0.05
AVAILABILITY_WINDOW_DAYS = 7
PROBE_TIMEOUT_SECONDS = 15
# CHK2019 §4.2: a site without a veto scoring below 60 is 不合格. [L–M] (the only copy is garbled; used for the
# estimate shown to staff, never as a formal result)
PASS_SCORE = 60.0
FULL_SCORE = 100.0


@dataclass(frozen=True)
class ColumnFreshness:
    """One column of the public site and its freshness (the shape zwgk.columns.freshness also returns)."""

    column: str
    url: str
    agency_id: int | None
    rule: Rule
    last_update: date | None
    status: Status


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier, or that month's last day (31 August − 6 months = 28/29 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    for candidate in range(day.day, 27, -1):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))


def stale_since(rule: Rule, today: date) -> date | None:
    """The earliest update that still keeps a column of this rule fresh; None for static columns (only empty
    matters for them: GUIDE2017 asks to replace static information when it changes, which no date can show)."""
    if rule == "dynamic":
        return today - timedelta(days=DYNAMIC_STALE_DAYS)
    if rule == "notice":
        return months_before(today, NOTICE_STALE_MONTHS)
    return None


def column_status(rule: Rule, last_update: date | None, today: date) -> Status:
    """empty: nothing ever published (or nothing with a date: items without a publication time count as not
    updated, 2015 table note); stale: last update before the rule's window; else ok."""
    if last_update is None:
        return "empty"
    since = stale_since(rule, today)
    if since is not None and last_update < since:
        return "stale"
    return "ok"


def is_long_stale(column: ColumnFreshness, today: date, long_stale_days: int) -> bool:
    """A column that should be updated (dynamic or notice) and has not been for `long_stale_days` — "应更新但长期
    未更新". The length of "长期" is not in the copies seen ([UNVERIFIED]): the caller passes the setting."""
    if column.rule == "static" or column.last_update is None:
        return False
    return column.last_update < today - timedelta(days=long_stale_days)


def home_stale(last_update: date | None, today: date) -> bool:
    return last_update is None or last_update < today - timedelta(days=HOME_STALE_DAYS)


@dataclass(frozen=True)
class Veto:
    rule: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Deduction:
    rule: str
    points: float
    detail: str


def column_vetoes(columns: Sequence[ColumnFreshness], today: date, long_stale_days: int) -> list[Veto]:
    """The three lines of 单项否决 4 (栏目不更新)."""
    stale = [c for c in columns if c.status == "stale" and c.rule in ("dynamic", "notice")]
    long_stale = [c for c in columns if is_long_stale(c, today, long_stale_days)]
    empty = [c for c in columns if c.status == "empty"]

    def names(items: Sequence[ColumnFreshness]) -> str:
        shown = "、".join(c.column for c in items[:20])
        return shown + ("等" if len(items) > 20 else "")

    return [
        Veto(
            "栏目不更新（动态类2周、通知公告/政策文件类6个月未更新的栏目≥5个）",
            len(stale) < STALE_COLUMNS_VETO,
            f"未按期更新 {len(stale)} 个" + (f"：{names(stale)}" if stale else ""),
        ),
        Veto(
            "栏目不更新（应更新但长期未更新的栏目≥10个）",
            len(long_stale) < LONG_STALE_COLUMNS_VETO,
            f"超过 {long_stale_days} 天未更新 {len(long_stale)} 个"
            + (f"：{names(long_stale)}" if long_stale else ""),
        ),
        Veto(
            "空白栏目（≥5个）",
            len(empty) < EMPTY_COLUMNS_VETO,
            f"空白栏目 {len(empty)} 个" + (f"：{names(empty)}" if empty else ""),
        ),
    ]


def unavailable(failures: int, visits: int) -> bool:
    """单项否决 2: failures at or above 5% of visits. No visits recorded is not evidence of availability: the
    caller reports it as not ok with "no monitoring data"."""
    return visits > 0 and failures >= UNAVAILABLE_SHARE * visits


def failure_share(failures: int, visits: int) -> float | None:
    return None if visits <= 0 else failures / visits


def link_deductions(
    home_broken: int,
    other_broken: int,
    offsite: int,
    *,
    home_points: float,
    other_points: float,
    offsite_points: float,
    cap: float,
) -> list[Deduction]:
    """链接可用性 (deduction item): the per-link points are not in any copy seen ([UNVERIFIED]); they come from
    settings. Each kind is capped at `cap` points."""
    out = []
    if home_broken:
        out.append(
            Deduction(
                "首页链接不可用",
                min(cap, home_broken * home_points),
                f"首页不可用链接 {home_broken} 个（应立即处理）",
            )
        )
    if other_broken:
        out.append(
            Deduction(
                "其他页面链接不可用", min(cap, other_broken * other_points), f"不可用链接 {other_broken} 个"
            )
        )
    if offsite:
        out.append(
            Deduction(
                "外部链接跳转到其他域名（变质外链风险）",
                min(cap, offsite * offsite_points),
                f"{offsite} 个外部链接跳转到原域名以外的网站，须人工核实",
            )
        )
    return out


def score(deductions: Iterable[Deduction]) -> float:
    return max(0.0, round(FULL_SCORE - sum(d.points for d in deductions), 1))


def verdict(vetoes: Sequence[Veto], estimate: float) -> str:
    """合格 / 不合格 as the inspection would say it (any veto, or below 60 → 不合格)."""
    if any(not v.ok for v in vetoes):
        return "不合格（单项否决）"
    if estimate < PASS_SCORE:
        return "不合格（得分低于60分）"
    return "合格"
