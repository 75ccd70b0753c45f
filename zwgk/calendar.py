"""Working-day calendar per the State Council holiday schedule, including 调休 make-up working days.

Pure Python (no Django). Data comes from the `chinesecalendar` package plus schedules entered by
staff (years the package does not cover yet, and corrections); the Django side lives in
`zwgk.workdays`. A date in a year with no schedule raises `ScheduleMissing`, unless the calendar was built
with `provisional=True`: then that year is counted with weekends plus the statutory holidays of
《全国年节及纪念日放假办法》 (`statutory_holidays`), and every caller must show the result as 暂定
(`WorkCalendar.is_provisional`) until the State Council's schedule for the year is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

# chinesecalendar names its holidays in English; users see the Chinese names.
HOLIDAY_NAMES_ZH: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
WEEKDAY_NAMES = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]


class ScheduleMissing(LookupError):
    """No holiday schedule is known for a year that a computation needs."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year} 年的节假日安排尚未录入，无法计算工作日。请公开办管理员录入国务院办公厅公布的 {year} 年节假日安排"
            f"（zwgk holidays load 文件 或 工作台“节假日安排”）。 / "
            f"No holiday schedule for {year}: load the State Council schedule with `zwgk holidays load FILE`."
        )


@dataclass(frozen=True)
class SpecialDay:
    """A day the schedule declares: a holiday (is_off_day) or a 调休 working day on a weekend."""

    day: date
    name: str
    is_off_day: bool


# 《全国年节及纪念日放假办法》 (2024 revision, State Council Decree No. 795, in force 2025-01-01), Art 2 and
# Art 6. Lunar dates come from the pinned `lunardate` package, 清明 from chinesecalendar's solar-term formula.
PROVISIONAL_SOURCE = "《全国年节及纪念日放假办法》"
PROVISIONAL_FIRST_YEAR = 2008  # the 2007 revision (in force 2008-01-01) is the oldest set of rules below
PROVISIONAL_LAST_YEAR = 2099  # the lunar tables of `lunardate` end in 2099


def provisional_reason(years: Iterable[int]) -> str:
    """The sentence every page, letter and export shows next to a provisional (暂定) date."""
    listed = "、".join(str(y) for y in sorted(set(years)))
    return (
        f"{listed} 年节假日安排尚未公布，暂按{PROVISIONAL_SOURCE}规定的法定节假日（含周末补假）和周末计算；"
        "国务院办公厅公布安排并录入后自动重新计算"
    )


def _lunar(year: int, month: int, day: int) -> date:
    from lunardate import LunarDate

    solar: date = LunarDate(year, month, day).to_solar_date()
    return solar


def _qingming(year: int) -> date:
    from chinese_calendar import get_solar_terms

    terms = get_solar_terms(date(year, 4, 1), date(year, 4, 30))
    found: date = next(day for day, name in terms if name == "清明")
    return found


def statutory_holidays(year: int) -> list[SpecialDay]:
    """The nationwide statutory holidays of `year` without any State Council 调休 arrangement.

    Art 2 (2024 revision, from 2025): 元旦 1 day, 春节 4 days (除夕 and 正月初一 to 初三), 清明 1, 劳动节 2
    (5-01, 5-02), 端午 1, 中秋 1, 国庆 3 (10-01 to 10-03). The 2013 revision (2014–2024) gave 春节 初一 to 初三
    and 劳动节 5-01 only; the 2007 revision (2008–2013) gave 春节 除夕 to 初二. Art 6: a holiday falling on a
    Saturday or Sunday, or on the day of another holiday, is made up (补假) on the next working day.
    """
    if not PROVISIONAL_FIRST_YEAR <= year <= PROVISIONAL_LAST_YEAR:
        raise ScheduleMissing(year)
    new_year = _lunar(year, 1, 1)
    eve = new_year - timedelta(days=1)  # 除夕: the last day of the 12th lunar month
    if year >= 2025:
        spring = [eve] + [new_year + timedelta(days=n) for n in range(3)]
        labour = [date(year, 5, 1), date(year, 5, 2)]
    elif year >= 2014:
        spring = [new_year + timedelta(days=n) for n in range(3)]
        labour = [date(year, 5, 1)]
    else:
        spring = [eve, new_year, new_year + timedelta(days=1)]
        labour = [date(year, 5, 1)]
    named: list[tuple[date, str]] = [(date(year, 1, 1), "元旦")]
    named += [(d, "春节") for d in spring]
    named += [(_qingming(year), "清明节")]
    named += [(d, "劳动节") for d in labour]
    named += [(_lunar(year, 5, 5), "端午节"), (_lunar(year, 8, 15), "中秋节")]
    named += [(date(year, 10, n), "国庆节") for n in (1, 2, 3)]
    days: dict[date, str] = {}
    owed: list[tuple[date, str]] = []  # holidays to make up: on a weekend, or on the day of another holiday
    for day, name in named:
        if day.year != year:  # 除夕 of an early 春节 can fall in the previous year's schedule
            continue
        if day in days:
            owed.append((day, name))  # e.g. 中秋 on 10-01 (2020, 2028)
        else:
            days[day] = name
    owed += [(day, name) for day, name in days.items() if day.weekday() >= 5]
    makeup: dict[date, str] = {}
    for day, name in sorted(owed):
        candidate = day + timedelta(days=1)
        while candidate.weekday() >= 5 or candidate in days or candidate in makeup:
            candidate += timedelta(days=1)
        if candidate.year == year:
            makeup[candidate] = f"{name}补假"
    result = [SpecialDay(d, f"{n}（暂定）", True) for d, n in {**days, **makeup}.items()]
    return sorted(result, key=lambda d: d.day)


@dataclass(frozen=True)
class DayInfo:
    day: date
    is_working: bool
    reason: str  # why: 工作日 / 周六 / 周日 / 国庆节 / 国庆节调休上班

    def describe(self) -> str:
        return f"{self.day.isoformat()}（{WEEKDAY_NAMES[self.day.weekday()]}）{self.reason}"


class WorkCalendar:
    """Answers working-day questions for the years it holds a schedule for."""

    def __init__(self, schedules: Mapping[int, Iterable[SpecialDay]], *, provisional: bool = False) -> None:
        self.provisional = provisional
        self._provisional: dict[int, dict[date, SpecialDay]] = {}
        self._twin: WorkCalendar | None = None
        self._years: dict[int, dict[date, SpecialDay]] = {}
        for year, days in schedules.items():
            table = {d.day: d for d in days}
            if any(d.year != year for d in table):
                raise ValueError(f"schedule for {year} contains a day of another year")
            self._years[year] = table

    def covers(self, year: int) -> bool:
        """True when a published (or staff-entered) schedule exists for `year`."""
        return year in self._years

    def is_provisional(self, year: int) -> bool:
        """True when `year` is counted from the statutory holidays only (no published schedule yet)."""
        return self.provisional and year not in self._years

    def with_provisional(self) -> WorkCalendar:
        """The same schedules, counting years without one provisionally."""
        if self.provisional:
            return self
        if self._twin is None:
            self._twin = WorkCalendar({}, provisional=True)
            self._twin._years = self._years
        return self._twin

    def _table(self, year: int) -> dict[date, SpecialDay]:
        table = self._years.get(year)
        if table is not None:
            return table
        if not self.provisional:
            raise ScheduleMissing(year)
        if year not in self._provisional:
            self._provisional[year] = {d.day: d for d in statutory_holidays(year)}
        return self._provisional[year]

    def covered_years(self) -> list[int]:
        return sorted(self._years)

    def special_days(self, year: int) -> list[SpecialDay]:
        if year not in self._years:
            raise ScheduleMissing(year)
        return sorted(self._years[year].values(), key=lambda d: d.day)

    def info(self, day: date) -> DayInfo:
        table = self._table(day.year)
        special = table.get(day)
        if special is not None:
            if special.is_off_day:
                return DayInfo(day, False, special.name)
            return DayInfo(day, True, f"{special.name}调休上班")
        if day.weekday() >= 5:
            return DayInfo(day, False, WEEKDAY_NAMES[day.weekday()])
        return DayInfo(day, True, "工作日")

    def is_working_day(self, day: date) -> bool:
        return self.info(day).is_working

    def add_working_days(self, start: date, count: int) -> tuple[date, list[DayInfo]]:
        """The `count`-th working day after `start` (start itself not counted), and the days skipped.

        `count` = 0 returns `start` unchanged.
        """
        if count < 0:
            raise ValueError("count must not be negative")
        skipped: list[DayInfo] = []
        current = start
        remaining = count
        while remaining > 0:
            current += timedelta(days=1)
            info = self.info(current)
            if info.is_working:
                remaining -= 1
            else:
                skipped.append(info)
        return current, skipped

    def working_days_between(self, first: date, last: date) -> int:
        """Number of working days from `first` through `last`, both included (0 if last < first)."""
        total = 0
        current = first
        while current <= last:
            if self.is_working_day(current):
                total += 1
            current += timedelta(days=1)
        return total

    def next_working_day(self, day: date, *, include_today: bool = False) -> date:
        current = day if include_today else day + timedelta(days=1)
        while not self.is_working_day(current):
            current += timedelta(days=1)
        return current


def package_schedules() -> dict[int, list[SpecialDay]]:
    """Schedules shipped in the pinned `chinesecalendar` package (2004 onwards, through its last year)."""
    from chinese_calendar import constants

    years: dict[int, list[SpecialDay]] = {}
    for day, name in constants.holidays.items():
        years.setdefault(day.year, []).append(SpecialDay(day, HOLIDAY_NAMES_ZH.get(name, name), True))
    for day, name in constants.workdays.items():
        years.setdefault(day.year, []).append(SpecialDay(day, HOLIDAY_NAMES_ZH.get(name, name), False))
    return years


def merge_schedules(
    base: Mapping[int, Iterable[SpecialDay]], overrides: Mapping[int, Iterable[SpecialDay]]
) -> dict[int, list[SpecialDay]]:
    """Staff-entered days override the package day by day; a year only staff entered is added whole."""
    merged: dict[int, dict[date, SpecialDay]] = {
        year: {d.day: d for d in days} for year, days in base.items()
    }
    for year, days in overrides.items():
        table = merged.setdefault(year, {})
        for special in days:
            table[special.day] = special
    return {year: list(table.values()) for year, table in merged.items()}


def parse_holiday_cn(data: object) -> tuple[int, list[SpecialDay], list[str]]:
    """Read a schedule in the holiday-cn JSON format: {"year", "papers", "days": [{name, date, isOffDay}]}.

    Raises ValueError with a Chinese message on anything malformed or empty.
    """
    if not isinstance(data, dict) or not {"year", "days"} <= data.keys():
        raise ValueError("文件格式不正确：应为包含 year、days 的 JSON 对象（holiday-cn 格式）")
    year = data["year"]
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValueError(f"年份不正确：{year!r}")
    days_raw = data["days"]
    if not isinstance(days_raw, list):
        raise ValueError("days 应为列表")
    if not days_raw:
        raise ValueError(f"{year} 年的安排为空：国务院办公厅可能尚未公布该年节假日安排，未导入")
    days: list[SpecialDay] = []
    seen: set[date] = set()
    for index, item in enumerate(days_raw, start=1):
        if not isinstance(item, dict) or not {"name", "date", "isOffDay"} <= item.keys():
            raise ValueError(f"第 {index} 项缺少 name、date 或 isOffDay")
        try:
            day = date.fromisoformat(str(item["date"]))
        except ValueError:
            raise ValueError(f"第 {index} 项日期格式不正确：{item['date']!r}") from None
        if day.year != year:
            raise ValueError(f"第 {index} 项日期 {day} 不属于 {year} 年")
        if day in seen:
            raise ValueError(f"第 {index} 项日期 {day} 重复")
        if not isinstance(item["isOffDay"], bool):
            raise ValueError(f"第 {index} 项 isOffDay 应为 true 或 false")
        seen.add(day)
        days.append(SpecialDay(day, str(item["name"]).strip() or "节假日", item["isOffDay"]))
    papers = [str(p) for p in data.get("papers", []) if isinstance(p, str)]
    return year, days, papers
