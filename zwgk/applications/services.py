"""Reads and computations over applications: the clock of one application, numbering, abuse/repeat flags,
Art 44 candidates. State changes live in actions.py; this module never writes except `refresh_clock`'s fields
(called by actions) and `allocate_number`.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from rapidfuzz import fuzz

from zwgk.applications import clock
from zwgk.applications.clock import ClockError, ClockResult, ClockRules
from zwgk.applications.models import (
    CONCLUDED_STATUSES,
    Application,
    NumberSequence,
    Status,
)
from zwgk.applications.outcomes import DISCLOSING_OUTCOMES
from zwgk.calendar import ScheduleMissing, WorkCalendar
from zwgk.workdays.service import get_calendar


def clock_rules() -> ClockRules:
    return ClockRules(
        count_receipt_day=settings.APPLICATION_COUNT_RECEIPT_DAY,
        fee_pauses_clock=settings.APPLICATION_FEE_PAUSES_CLOCK,
        payment_working_days=settings.APPLICATION_PAYMENT_WORKING_DAYS,
    )


_pinned: ContextVar[WorkCalendar | None] = ContextVar("zwgk_pinned_calendar", default=None)


def calendar(*, provisional: bool = False) -> WorkCalendar:
    """The working-day calendar; `provisional=True` for the reply clock (years without a schedule → 暂定)."""
    current = _pinned.get() or get_calendar()
    return current.with_provisional() if provisional and not current.provisional else current


@contextmanager
def pinned_calendar() -> Iterator[WorkCalendar]:
    """Use one calendar for a whole batch (export, sweep, import) instead of re-checking it per row."""
    current = _pinned.get()
    if current is not None:
        yield current
        return
    token = _pinned.set(get_calendar())
    try:
        yield _pinned.get() or get_calendar()
    finally:
        _pinned.reset(token)


def events_for(app: Application) -> list[clock.Event]:
    """The clock events of an application at its current agency (a transfer restarts the clock there)."""
    if app.received_on is None:
        return []
    start = app.received_on
    events: list[clock.Event] = [clock.Received(start, app.receipt_rule)]
    correction = getattr(app, "correction", None)
    if correction is not None and correction.sent_on >= start:
        events.append(clock.CorrectionRequested(correction.sent_on, correction.correction_due))
        if correction.corrected_on is not None:
            events.append(clock.Corrected(correction.corrected_on))
    for consultation in app.consultations.all():
        if consultation.sent_on < start:
            continue
        events.append(clock.Pause(consultation.sent_on, consultation.answered_on, consultation.kind))
    fee = getattr(app, "fee", None)
    if fee is not None and fee.sent_on >= start:
        events.append(clock.Pause(fee.sent_on, fee.paid_on, "fee"))
    for extension in app.extensions.all():
        if extension.approved and extension.decided_on and extension.decided_on >= start:
            events.append(clock.Extension(extension.working_days, extension.decided_on))
    return events


@dataclass
class ClockView:
    """The clock of one application as the pages show it: a result, or a clear reason why there is none."""

    result: ClockResult | None = None
    error: str = ""
    events: list[clock.Event] = field(default_factory=list)


def evaluate(app: Application, as_of: date | None = None) -> ClockView:
    events = events_for(app)
    if not events:
        return ClockView(error="尚未确定收到申请之日（待登记确认），答复期限尚未起算。")
    try:
        result = clock.evaluate(events, calendar(provisional=True), clock_rules(), as_of=as_of)
        return ClockView(result, events=events)
    except ScheduleMissing as exc:
        return ClockView(error=str(exc).split(" / ")[0], events=events)
    except ClockError as exc:
        return ClockView(error=f"期限计算数据有误：{exc}", events=events)


def refresh_clock(app: Application, *, save: bool = True) -> ClockView:
    """Recompute the stored due date (indexed, used by lists, reminders and the sweeper).

    A provisional (暂定) due date that moves once the year's schedule is known is audited and the handler told.
    """
    view = evaluate(app)
    before = (
        app.reply_due,
        app.clock_state,
        app.clock_note,
        app.correction_notice_due,
        app.reply_due_provisional,
    )
    if view.result is not None:
        app.reply_due = view.result.due
        app.correction_notice_due = view.result.correction_notice_due
        app.clock_state = view.result.state
        app.reply_due_provisional = view.result.provisional and view.result.due is not None
        app.clock_note = view.result.provisional_reason[:300] if app.reply_due_provisional else ""
    else:
        app.reply_due = None
        app.reply_due_provisional = False
        app.clock_state = "error" if app.received_on else "not_started"
        app.clock_note = view.error[:300]
    if app.status in CONCLUDED_STATUSES:
        app.clock_state = "concluded"
    if app.received_on and app.correction_notice_due is None:
        with contextlib.suppress(ScheduleMissing):
            app.correction_notice_due = clock.correction_notice_due(calendar(), app.received_on)
    after = (
        app.reply_due,
        app.clock_state,
        app.clock_note,
        app.correction_notice_due,
        app.reply_due_provisional,
    )
    if save and app.pk and before != after:
        Application.objects.filter(pk=app.pk).update(
            reply_due=app.reply_due,
            clock_state=app.clock_state,
            clock_note=app.clock_note,
            correction_notice_due=app.correction_notice_due,
            reply_due_provisional=app.reply_due_provisional,
        )
        was_provisional, old_due = before[4], before[0]
        if was_provisional and old_due is not None and old_due != app.reply_due:
            _provisional_due_moved(app, old_due)
    return view


def _provisional_due_moved(app: Application, old_due: date) -> None:
    """Audit the move of a 暂定 due date and tell the handler (e-mail on commit)."""
    # Imported here: notifications imports actions-level modules that import services (a cycle at module level).
    from zwgk.applications.notifications import notify_handlers
    from zwgk.audit.log import record

    new = app.reply_due_display or "暂无法计算"
    record(
        "applications.due_recomputed",
        obj=app,
        actor=None,
        summary=f"{app.number} 节假日安排已公布，暂定答复期限 {old_due} 重新计算为 {new}",
        before={"reply_due": old_due, "provisional": True},
        after={"reply_due": app.reply_due, "provisional": app.reply_due_provisional},
    )
    app_id = app.pk
    transaction.on_commit(lambda: notify_handlers(app_id, "due_moved"))


def days_used(app: Application, until: date, view: ClockView | None = None) -> int | None:
    """Working days the clock counted from day 0 through `until` (pauses and holidays left out; may exceed
    the period when the reply was late). `view` reuses an evaluation already made."""
    view = view if view is not None else evaluate(app)
    if view.result is None or view.result.start is None:
        return None
    pauses = [e for e in view.events if isinstance(e, clock.Pause)]
    try:
        return clock.counted_days(calendar(provisional=True), view.result.start, until, pauses, clock_rules())
    except ScheduleMissing:
        return None


def allocate_number(year: int) -> str:
    """Next application number of the year, e.g. YSQ2026-00012 (row lock; SQLite transactions are IMMEDIATE)."""
    with transaction.atomic():
        NumberSequence.objects.get_or_create(year=year)
        sequence = NumberSequence.objects.select_for_update().get(year=year)
        sequence.last += 1
        sequence.save(update_fields=["last"])
        return f"{settings.APPLICATION_NUMBER_PREFIX}{year}-{sequence.last:05d}"


# --- abuse and repeats (Art 35, Art 36(6)), and 主动公开 candidates (Art 44) ---------------------------

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
_STOP_PHRASES = (
    "申请公开",
    "请求公开",
    "申请",
    "请公开",
    "请提供",
    "要求提供",
    "相关",
    "有关",
    "政府信息",
    "信息",
    "文件",
)


def normalise_request(text: str) -> str:
    """Request text reduced to what distinguishes it: no punctuation, spaces or boilerplate phrases."""
    text = _NOISE.sub("", text)
    for phrase in _STOP_PHRASES:
        text = text.replace(phrase, "")
    return text


def similarity(a: str, b: str) -> float:
    na, nb = normalise_request(a), normalise_request(b)
    if not na or not nb:
        return 0.0
    return float(fuzz.token_sort_ratio(na, nb) if " " in na + nb else fuzz.ratio(na, nb))


@dataclass(frozen=True)
class DuplicateMatch:
    application: Application
    score: float


@dataclass
class Flags:
    monthly_count: int  # this applicant's n-th application to this agency in the natural month of receipt
    monthly_flag: bool
    duplicates: list[DuplicateMatch]

    @property
    def any(self) -> bool:
        return self.monthly_flag or bool(self.duplicates)


def monthly_position(app: Application) -> int:
    """n for 按件计收: the applicant's cumulative count at this agency in the natural month of receipt."""
    day = app.received_on or app.submitted_on
    same_month = (
        Application.objects.filter(
            agency_id=app.agency_id,
            applicant_key=app.applicant_key,
            received_on__year=day.year,
            received_on__month=day.month,
        )
        .exclude(pk=app.pk)
        .values_list("received_on", "id")
    )
    earlier = sum(1 for other_day, other_id in same_month if (other_day, other_id) < (day, app.pk or 0))
    return earlier + 1


def flags_for(app: Application) -> Flags:
    nth = monthly_position(app)
    earlier = (
        Application.objects.same_applicant(app)
        .filter(agency_id=app.agency_id)
        .filter(received_on__lte=app.received_on or app.submitted_on)
        .select_related("correction")
        .order_by("-received_on", "-id")[:500]
    )
    matches = [
        DuplicateMatch(other, score)
        for other in earlier
        if (score := similarity(app.request_text, other.request_text)) >= settings.APPLICATION_DUPLICATE_SCORE
    ]
    matches.sort(key=lambda m: -m.score)
    return Flags(nth, nth > settings.APPLICATION_MONTHLY_FLAG, matches[:10])


@dataclass
class Candidate:
    """Information requested by several applicants and disclosed: a candidate for 主动公开 (Art 44)."""

    description: str
    applications: list[Application]
    applicants: int


def art44_candidates(
    applications: Iterable[Application], min_applicants: int | None = None
) -> list[Candidate]:
    """Cluster disclosed requests by similarity; keep clusters with several distinct applicants."""
    threshold = settings.APPLICATION_DUPLICATE_SCORE
    minimum = min_applicants or settings.APPLICATION_ART44_MIN_APPLICANTS
    pool = [a for a in applications if a.outcome in DISCLOSING_OUTCOMES or a.status not in CONCLUDED_STATUSES]
    clusters: list[list[Application]] = []
    for app in sorted(pool, key=lambda a: (a.received_on or date.min, a.pk)):
        for cluster in clusters:
            if similarity(cluster[0].request_text, app.request_text) >= threshold:
                cluster.append(app)
                break
        else:
            clusters.append([app])
    result = []
    for cluster in clusters:
        applicants = len({a.applicant_key for a in cluster})
        disclosed = any(a.outcome in DISCLOSING_OUTCOMES for a in cluster)
        if applicants >= minimum and disclosed:
            result.append(Candidate(cluster[0].request_text, cluster, applicants))
    result.sort(key=lambda c: -c.applicants)
    return result


def status_for_applicant(app: Application) -> str:
    """One sentence for the public status page (no staff names, no third parties)."""
    match app.status:
        case Status.SUBMITTED:
            return "申请已提交，等待工作机构登记确认。"
        case Status.REGISTERED:
            return "申请已登记，正在审核。"
        case Status.AWAITING_CORRECTION:
            return "申请内容需要补正，请按补正通知在补正期限内提交补正材料。"
        case Status.PROCESSING | Status.LEGAL_REVIEW | Status.APPROVED:
            return "申请正在办理中。"
        case Status.REPLIED:
            return "已作出答复，可下载答复告知书。"
        case Status.ENDED:
            return f"申请已终止处理：{app.end_reason or app.outcome_label}。"
        case Status.ARCHIVED:
            return "申请已办结归档。"
    return ""
