"""The statutory clock of a disclosure application (依申请公开答复期限), as a pure function over events.

No Django import: `evaluate(events, calendar, rules)` returns the reply due date and an explanation of every
day it skipped (weekend, which holiday, which pause) and every event it applied. The legal rules:

- Art 31 of the Regulation (政府信息公开条例, 2019): the receipt date by channel is day 0 (`receipt_day`);
- Art 33 para 2: reply within 20 working days after day 0 (whether day 0 itself counts is uncertain —
  regulations.md §1.7 [L] — so `ClockRules.count_receipt_day` is a setting, default False);
- Art 30: a 补正 notice within 7 working days of receipt, once; the clock restarts on the day the corrected
  application arrives; no correction in time = deemed abandoned (其他处理-逾期不补正);
- Art 32 / 34 / 33 para 3: time spent consulting a third party or other organs is not counted — the working
  days from the day the letter is sent through the day the answer arrives, both included; each consultee has
  15 working days; 国办函〔2020〕109号 (fee notice → payment) pauses the same way ([UNVERIFIED] in
  regulations.md §2, hence `ClockRules.fee_pauses_clock`, default True);
- Art 33 para 2: one extension of at most 20 working days, approved by the office head (工作机构负责人) before
  the due date and notified to the applicant, counted on from the current due date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Protocol

from zwgk.calendar import WEEKDAY_NAMES, DayInfo, provisional_reason


class Calendar(Protocol):
    """What the clock needs from `zwgk.calendar.WorkCalendar`."""

    def info(self, day: date) -> DayInfo: ...

    def is_provisional(self, year: int) -> bool: ...

    def add_working_days(self, start: date, count: int) -> tuple[date, list[DayInfo]]: ...


class ClockError(ValueError):
    """A scenario that the rules do not allow (message in Chinese)."""


@dataclass(frozen=True)
class ClockRules:
    reply_working_days: int = 20  # Art 33 para 2
    correction_notice_working_days: int = 7  # Art 30
    consultation_working_days: int = 15  # Art 32, Art 34
    max_extension_working_days: int = 20  # Art 33 para 2
    payment_working_days: int = 20  # 109号 (restated by provincial notices) [M]
    count_receipt_day: bool = False  # regulations.md §1.7 [L]: counting starts the day after receipt
    fee_pauses_clock: bool = True  # regulations.md §2 [UNVERIFIED]


# --- Art 31: the receipt date by channel -------------------------------------------------------------

CHANNELS: dict[str, str] = {
    "online": "网上申请",
    "in_person": "当面提交",
    "registered_post": "邮寄（需签收）",
    "ordinary_post": "平常信函",
    "email": "电子邮件",
    "fax": "传真",
}

# channel → (which date decides, the rule as the Regulation states it)
RECEIPT_RULES: dict[str, tuple[str, str]] = {
    "in_person": ("submitted", "第三十一条第（一）项：当面提交的，以提交之日为收到申请之日"),
    "registered_post": ("signed", "第三十一条第（二）项：以邮寄方式提交的，以行政机关签收之日为收到申请之日"),
    "ordinary_post": (
        "confirmed",
        "第三十一条第（二）项：平常信函等无需签收的，工作机构于收到当日与申请人确认，确认之日为收到申请之日",
    ),
    "online": ("confirmed", "第三十一条第（三）项：通过互联网渠道提交的，以双方确认之日为收到申请之日"),
    "email": (
        "confirmed",
        "第三十一条第（三）项：通过互联网渠道（电子邮件）提交的，以双方确认之日为收到申请之日",
    ),
    "fax": ("confirmed", "第三十一条第（三）项：通过工作机构的传真提交的，以双方确认之日为收到申请之日"),
}


def receipt_day(
    channel: str,
    *,
    submitted: date,
    signed: date | None = None,
    confirmed: date | None = None,
) -> tuple[date, str]:
    """The Art 31 receipt date of an application and the rule applied."""
    if channel not in RECEIPT_RULES:
        raise ClockError(f"未知的申请渠道：{channel}")
    which, rule = RECEIPT_RULES[channel]
    chosen = {"submitted": submitted, "signed": signed, "confirmed": confirmed}[which]
    if chosen is None:
        need = {"signed": "签收日期", "confirmed": "与申请人确认的日期"}[which]
        raise ClockError(f"{CHANNELS[channel]}的申请须填写{need}（{rule}）")
    if chosen < submitted:
        raise ClockError(f"收到申请之日（{chosen}）不能早于申请送达之日（{submitted}）")
    return chosen, rule


# --- events ------------------------------------------------------------------------------------------

PAUSE_REASONS: dict[str, str] = {
    "third_party": "征求第三方意见（第三十二条、第三十三条第三款）",
    "inter_agency": "征求其他机关意见（第三十四条、第三十三条第三款）",
    "fee": "收费通知至缴费（国办函〔2020〕109号）",
    "other": "依法不计入答复期限的期间",
}


@dataclass(frozen=True)
class Received:
    day: date
    rule: str = ""  # the Art 31 rule that fixed the day, for the explanation


@dataclass(frozen=True)
class CorrectionRequested:
    day: date
    correction_due: date | None = None  # the reasonable period given to the applicant


@dataclass(frozen=True)
class Corrected:
    day: date


@dataclass(frozen=True)
class Pause:
    start: date
    end: date | None  # None: the answer / payment has not arrived yet
    reason: str = "other"
    label: str = ""


@dataclass(frozen=True)
class Extension:
    working_days: int
    day: date | None = None  # the day the office head approved


Event = Received | CorrectionRequested | Corrected | Pause | Extension


@dataclass(frozen=True)
class Step:
    day: date | None
    kind: str  # event | skip | pause | makeup | due | note | warning
    text: str


@dataclass(frozen=True)
class ClockResult:
    received: date
    start: date | None  # day 0 of the running clock (receipt, or the corrected application)
    due: date | None
    base_due: date | None  # the due date before any extension
    working_days: int  # working days the due date is counted over (20 + extension)
    state: str  # running | awaiting_correction | paused
    correction_notice_due: date  # Art 30: the last day to send a 补正 notice
    steps: tuple[Step, ...]
    warnings: tuple[str, ...] = ()
    used: int | None = None  # working days counted through `as_of`, when asked
    skipped: tuple[DayInfo, ...] = field(default=(), repr=False)
    provisional_years: tuple[int, ...] = ()  # years counted without a published holiday schedule (暂定)

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    @property
    def provisional_reason(self) -> str:
        return provisional_reason(self.provisional_years) if self.provisional_years else ""

    @property
    def remaining(self) -> int | None:
        if self.used is None:
            return None
        return max(self.working_days - self.used, 0)

    def explanation(self) -> list[str]:
        return [step.text for step in self.steps]

    def as_json(self) -> dict[str, Any]:
        """The shape `zwgk deadline` prints."""
        return {
            "received": self.received.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "working_days": self.working_days,
            "provisional": self.provisional,
            "provisional_reason": self.provisional_reason,
            "explanation": self.explanation(),
        }


def describe(day: date) -> str:
    return f"{day.isoformat()}（{WEEKDAY_NAMES[day.weekday()]}）"


# --- the clock ---------------------------------------------------------------------------------------


def _sorted_events(events: Iterable[Event]) -> list[Event]:
    def key(event: Event) -> tuple[date, int]:
        order = {Received: 0, CorrectionRequested: 1, Corrected: 2, Pause: 3, Extension: 4}
        day = event.start if isinstance(event, Pause) else event.day
        return (day or date.max, order[type(event)])

    return sorted(events, key=key)


def _validate(events: Sequence[Event], rules: ClockRules) -> Received:
    received = [e for e in events if isinstance(e, Received)]
    if len(received) != 1:
        raise ClockError("须有且只有一个“收到申请”（received）事件")
    first = received[0]
    requests = [e for e in events if isinstance(e, CorrectionRequested)]
    corrected = [e for e in events if isinstance(e, Corrected)]
    if len(requests) > 1:
        raise ClockError("补正通知只能发出一次（第三十条：一次性告知）")
    if len(corrected) > 1:
        raise ClockError("只能收到一次补正后的申请")
    if corrected and not requests:
        raise ClockError("“收到补正”（corrected）之前须有“发出补正通知”（correction_requested）")
    for request in requests:
        if request.day < first.day:
            raise ClockError(f"补正通知日期 {request.day} 早于收到申请之日 {first.day}")
        if request.correction_due is not None and request.correction_due < request.day:
            raise ClockError("补正期限不能早于补正通知日期")
    if corrected and corrected[0].day < requests[0].day:
        raise ClockError(f"收到补正日期 {corrected[0].day} 早于补正通知日期 {requests[0].day}")
    extensions = [e for e in events if isinstance(e, Extension)]
    if len(extensions) > 1:
        raise ClockError("答复期限只能延长一次（第三十三条第二款）")
    for extension in extensions:
        if not 1 <= extension.working_days <= rules.max_extension_working_days:
            raise ClockError(
                f"延长的期限应为 1 至 {rules.max_extension_working_days} 个工作日（第三十三条第二款），"
                f"实际为 {extension.working_days}"
            )
        if extension.day is not None and extension.day < first.day:
            raise ClockError("延期批准日期早于收到申请之日")
    for pause in (e for e in events if isinstance(e, Pause)):
        if pause.start < first.day:
            raise ClockError(f"暂停起始日 {pause.start} 早于收到申请之日 {first.day}")
        if pause.end is not None and pause.end < pause.start:
            raise ClockError(f"暂停结束日 {pause.end} 早于起始日 {pause.start}")
        if pause.reason not in PAUSE_REASONS:
            raise ClockError(f"未知的暂停原因：{pause.reason}")
    return first


def _pause_label(pause: Pause) -> str:
    return pause.label or PAUSE_REASONS[pause.reason]


def evaluate(
    events: Iterable[Event],
    calendar: Calendar,
    rules: ClockRules | None = None,
    *,
    as_of: date | None = None,
) -> ClockResult:
    """Due date and explanation. Raises ClockError for illegal scenarios, ScheduleMissing for unknown years."""
    rules = rules or ClockRules()
    ordered = _sorted_events(events)
    received = _validate(ordered, rules)
    steps: list[Step] = []
    warnings: list[str] = []

    def warn(day: date | None, text: str) -> None:
        warnings.append(text)
        steps.append(Step(day, "warning", f"注意：{text}"))

    rule = f"（{received.rule}）" if received.rule else "（第三十一条）"
    steps.append(Step(received.day, "event", f"{describe(received.day)}收到申请，为第 0 日{rule}"))
    notice_due, _ = calendar.add_working_days(received.day, rules.correction_notice_working_days)

    request = next((e for e in ordered if isinstance(e, CorrectionRequested)), None)
    corrected = next((e for e in ordered if isinstance(e, Corrected)), None)
    extension = next((e for e in ordered if isinstance(e, Extension)), None)
    pauses = [e for e in ordered if isinstance(e, Pause)]
    if not rules.fee_pauses_clock:
        for pause in [p for p in pauses if p.reason == "fee"]:
            steps.append(
                Step(
                    pause.start,
                    "note",
                    f"{describe(pause.start)}发出收费通知；按本平台设置，缴费期间计入答复期限",
                )
            )
        pauses = [p for p in pauses if p.reason != "fee"]

    start = received.day
    if request is not None:
        late = request.day > notice_due
        text = (
            f"{describe(request.day)}发出补正通知，一次性告知需补正的事项（第三十条：应自收到申请之日起 "
            f"{rules.correction_notice_working_days} 个工作日内、最迟于 {notice_due.isoformat()} 告知）"
        )
        if request.correction_due is not None:
            text += f"，补正期限至 {request.correction_due.isoformat()}"
        steps.append(Step(request.day, "event", text))
        if late:
            warn(request.day, f"补正通知晚于第三十条规定的 {notice_due.isoformat()}")
        if corrected is None:
            steps.append(
                Step(
                    None,
                    "note",
                    "等待申请人补正：答复期限自收到补正后的申请之日起重新计算；申请人无正当理由逾期不补正的，"
                    "视为放弃申请（第三十条，其他处理-逾期不补正）",
                )
            )
            return ClockResult(
                received=received.day,
                start=None,
                due=None,
                base_due=None,
                working_days=rules.reply_working_days + (extension.working_days if extension else 0),
                state="awaiting_correction",
                correction_notice_due=notice_due,
                steps=tuple(steps),
                warnings=tuple(warnings),
            )
        start = corrected.day
        if request.correction_due is not None and corrected.day > request.correction_due:
            warn(corrected.day, f"补正晚于补正期限 {request.correction_due.isoformat()}")
        steps.append(
            Step(
                corrected.day,
                "event",
                f"{describe(corrected.day)}收到补正后的申请，答复期限自该日重新计算，为新的第 0 日（第三十条）",
            )
        )
        ignored = [p for p in pauses if p.end is not None and p.end < start]
        pauses = [p for p in pauses if p not in ignored]

    base = rules.reply_working_days
    total = base + (extension.working_days if extension else 0)
    counting = "收到申请当日起算" if rules.count_receipt_day else "自次日起算"
    steps.append(
        Step(
            None, "note", f"答复期限为 {base} 个工作日（第三十三条第二款），{counting}；以下列出不计算的日期"
        )
    )

    counted = 0
    base_due: date | None = None
    due: date | None = None
    state = "running"
    skipped: list[DayInfo] = []
    announced: set[Pause] = set()
    first_day = start if rules.count_receipt_day else start + timedelta(days=1)

    def announce(pause: Pause, day: date) -> None:
        announced.add(pause)
        if pause.end is None:
            waiting = "尚未缴费" if pause.reason == "fee" else "尚未收到意见"
            text = f"{describe(pause.start)}起{_pause_label(pause)}，{waiting}：期限暂停计算"
        else:
            text = (
                f"{describe(pause.start)}至 {describe(pause.end)}{_pause_label(pause)}："
                "其间的工作日（首尾两日均含）不计入答复期限"
            )
        steps.append(Step(pause.start if pause.start >= day else day, "event", text))

    day = first_day
    # Ends: every pause is closed (the count reaches `total`), or an open pause is reached (state paused).
    while True:
        for pause in pauses:
            if pause not in announced and pause.start <= day and (pause.end is None or pause.end >= day):
                announce(pause, day)
        active = [p for p in pauses if p.start <= day and (p.end is None or day <= p.end)]
        info = calendar.info(day)
        if not info.is_working:
            skipped.append(info)
            steps.append(Step(day, "skip", f"{info.describe()}，不计算"))
        elif active:
            if any(p.end is None for p in active):
                state = "paused"
                break
            skipped.append(DayInfo(day, False, _pause_label(active[0])))
            steps.append(Step(day, "pause", f"{describe(day)}{_pause_label(active[0])}期间，不计算"))
        else:
            counted += 1
            if info.reason != "工作日":
                steps.append(Step(day, "makeup", f"{info.describe()}，计为第 {counted} 个工作日"))
            if counted == base:
                base_due = day
                if extension is not None:
                    approved = (
                        f"（{extension.day.isoformat()} 经工作机构负责人同意）" if extension.day else ""
                    )
                    steps.append(
                        Step(
                            day,
                            "event",
                            f"原答复期限为 {describe(day)}；延长答复期限 {extension.working_days} 个工作日"
                            f"{approved}，自原答复期限起算（第三十三条第二款）",
                        )
                    )
                    if extension.day is not None and extension.day > day:
                        warn(
                            extension.day,
                            f"延期于 {extension.day.isoformat()} 批准，晚于原答复期限 {day.isoformat()}",
                        )
            if counted == total:
                due = day
                break
        day += timedelta(days=1)

    used: int | None = None
    if as_of is not None:
        used = min(total, counted_days(calendar, start, as_of, pauses, rules))
    if due is not None:
        late_pauses = [p for p in pauses if p.start > due]
        for pause in late_pauses:
            warn(
                pause.start, f"{pause.start.isoformat()} 开始的{_pause_label(pause)}晚于答复期限，不影响期限"
            )
        steps.append(Step(due, "due", f"答复期限：{describe(due)}，共计 {total} 个工作日"))
    last_day = due or day
    provisional_years = tuple(
        y for y in range(received.day.year, max(last_day, notice_due).year + 1) if calendar.is_provisional(y)
    )
    if provisional_years and due is not None:
        steps[-1] = Step(due, "due", f"答复期限（暂定）：{describe(due)}，共计 {total} 个工作日")
    if provisional_years:
        steps.append(Step(None, "note", f"暂定：{provisional_reason(provisional_years)}"))
    if due is None:
        steps.append(
            Step(
                None,
                "note",
                f"期限暂停计算：已计 {counted} 个工作日，尚余 {total - counted} 个工作日；收到意见或缴费后继续计算",
            )
        )
    return ClockResult(
        received=received.day,
        start=start,
        due=due,
        base_due=base_due,
        working_days=total,
        state=state,
        correction_notice_due=notice_due,
        steps=tuple(steps),
        warnings=tuple(warnings),
        used=used,
        skipped=tuple(skipped),
        provisional_years=provisional_years,
    )


def counted_days(
    calendar: Calendar, start: date, last: date, pauses: Sequence[Pause], rules: ClockRules
) -> int:
    """Working days the clock counts after day 0 (`start`) through `last`: the days used so far."""
    day = start if rules.count_receipt_day else start + timedelta(days=1)
    total = 0
    while day <= last:
        if calendar.info(day).is_working and not any(
            p.start <= day and (p.end is None or day <= p.end) for p in pauses
        ):
            total += 1
        day += timedelta(days=1)
    return total


def consultation_due(
    calendar: Calendar, received_by_consultee: date, rules: ClockRules | None = None
) -> date:
    """Art 32 / Art 34: the consultee answers within 15 working days of receiving the letter."""
    rules = rules or ClockRules()
    return calendar.add_working_days(received_by_consultee, rules.consultation_working_days)[0]


def payment_due(calendar: Calendar, notice_received: date, rules: ClockRules | None = None) -> date:
    """109号: pay within 20 working days counted from the day after the fee notice is received."""
    rules = rules or ClockRules()
    return calendar.add_working_days(notice_received, rules.payment_working_days)[0]


def correction_notice_due(calendar: Calendar, received: date, rules: ClockRules | None = None) -> date:
    """Art 30: the 补正 notice goes out within 7 working days of receipt."""
    rules = rules or ClockRules()
    return calendar.add_working_days(received, rules.correction_notice_working_days)[0]


# --- scenario files (`zwgk deadline --scenario FILE.json`) -------------------------------------------


def _date(value: Any, where: str) -> date:
    if not isinstance(value, str):
        raise ClockError(f"{where}：日期应为 YYYY-MM-DD 字符串，实际为 {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ClockError(f"{where}：日期格式不正确 {value!r}，应为 YYYY-MM-DD") from None


def parse_scenario(data: Any) -> list[Event]:
    """Read {"events": [{"type": ..., ...}]}; ClockError with a Chinese message on anything malformed."""
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise ClockError('情景文件应为 {"events": [...]} 形式的 JSON 对象')
    events: list[Event] = []
    for index, item in enumerate(data["events"], start=1):
        where = f"第 {index} 个事件"
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise ClockError(f"{where}应为带 type 字段的对象")
        kind = item["type"]
        try:
            match kind:
                case "received":
                    events.append(Received(_date(item["date"], where)))
                case "correction_requested":
                    due = item.get("correction_due")
                    events.append(
                        CorrectionRequested(_date(item["date"], where), _date(due, where) if due else None)
                    )
                case "corrected":
                    events.append(Corrected(_date(item["date"], where)))
                case "pause":
                    reason = item.get("reason", "other")
                    if reason not in PAUSE_REASONS:
                        raise ClockError(
                            f"{where}：未知的暂停原因 {reason!r}（可选 {'、'.join(PAUSE_REASONS)}）"
                        )
                    events.append(Pause(_date(item["from"], where), _date(item["to"], where), reason))
                case "extension":
                    days = item["working_days"]
                    if not isinstance(days, int) or isinstance(days, bool):
                        raise ClockError(f"{where}：working_days 应为整数")
                    approved = item.get("date")
                    events.append(Extension(days, _date(approved, where) if approved else None))
                case _:
                    raise ClockError(
                        f"{where}：未知的事件类型 {kind!r}（可选 received、correction_requested、corrected、pause、extension）"
                    )
        except KeyError as exc:
            raise ClockError(f"{where}（{kind}）缺少字段 {exc.args[0]}") from None
    return events


def simple(
    received: date, working_days: int, calendar: Calendar, rules: ClockRules | None = None
) -> ClockResult:
    """`zwgk deadline --received D --working-days N`: a receipt and a period of N working days."""
    rules = rules or ClockRules()
    if working_days < 1:
        raise ClockError("工作日数应为正整数")
    return evaluate([Received(received)], calendar, replace(rules, reply_working_days=working_days))
