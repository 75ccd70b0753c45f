"""Reads and computations of 互动交流: the clock of a message, numbering, near-duplicates, the masked public texts,
the monthly figures and the month's hot topics. State changes live in actions.py.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet

from zwgk.applications.models import Application
from zwgk.applications.services import similarity
from zwgk.interaction import deadlines
from zwgk.interaction.models import (
    CLOSED_STATUSES,
    Message,
    MessageQuerySet,
    NumberSequence,
    Satisfaction,
    Status,
)
from zwgk.qa.models import Faq
from zwgk.screening import Finding, Screener, mask_name, mask_text, mask_value
from zwgk.search.dictionary import get_lexicon
from zwgk.workdays.service import get_calendar

# --- clock -------------------------------------------------------------------------------------------


def pauses_of(message: Message) -> list[deadlines.Pause]:
    return [deadlines.Pause(p.started_on, p.ended_on) for p in message.pauses.all()]


def evaluate(message: Message) -> deadlines.DueResult:
    return deadlines.reply_due(
        get_calendar(),
        received=message.received_on,
        working_days=message.kind.reply_working_days,
        pauses=pauses_of(message),
    )


def refresh_clock(message: Message, *, save: bool = True) -> deadlines.DueResult:
    """Recompute the stored due date from receipt, the kind's period and the pauses (called by every action)."""
    result = evaluate(message)
    if message.status in CLOSED_STATUSES:
        message.clock_state = "concluded"
    else:
        message.clock_state = result.state
    message.due_on = result.due
    message.clock_note = result.error[:300]
    if save:
        message.save(update_fields=["due_on", "clock_state", "clock_note", "updated_at"])
    return result


def days_used(message: Message) -> int | None:
    if message.replied_on is None:
        return None
    return deadlines.working_days_used(
        get_calendar(), message.received_on, message.replied_on, pauses_of(message)
    )


# --- numbering and duplicates ------------------------------------------------------------------------


def allocate_number(year: int) -> str:
    """LY2026-00001: gap-free per year under a row lock (called inside the submitting transaction)."""
    with transaction.atomic():
        sequence, _ = NumberSequence.objects.select_for_update().get_or_create(year=year)
        sequence.last += 1
        sequence.save(update_fields=["last"])
    return f"{settings.INTERACTION_NUMBER_PREFIX}{year}-{sequence.last:05d}"


def fingerprint(kind_code: str, title: str, body: str, contact: str) -> str:
    basis = "|".join([kind_code, "".join(title.split()), "".join(body.split()), contact.strip().lower()])
    return hashlib.sha256(basis.encode()).hexdigest()


def recent_near_duplicate(kind_id: int, body: str, contact: str, today: date) -> Message | None:
    """A message of the same kind from the same contact in the last day whose text is nearly the same."""
    if not contact:
        return None
    since = today - timedelta(days=1)
    candidates = Message.objects.filter(kind_id=kind_id, received_on__gte=since).filter(
        **({"phone": contact} if "@" not in contact else {"email": contact})
    )
    threshold = settings.APPLICATION_DUPLICATE_SCORE
    for other in candidates.order_by("-pk")[:20]:
        if similarity(other.body, body) >= threshold:
            return other
    return None


# --- what the public sees ----------------------------------------------------------------------------


def public_text(text: str, message: Message) -> str:
    """`text` screened and masked for publication: ID numbers, phones, e-mails, bank cards and the writer's own
    name / phone / e-mail (which the screener may not recognise out of context) never reach a public page.
    """
    findings: list[Finding] = Screener().scan(text)
    masked = mask_text(text, findings)
    own = [
        (message.name, mask_name(message.name) if message.name else ""),
        (message.phone, mask_value("mobile", message.phone) or "*" * len(message.phone)),
        (message.email, mask_value("email", message.email) or ""),
    ]
    for value, replacement in own:
        value = (value or "").strip()
        if len(value) >= 2 and replacement:
            masked = masked.replace(value, replacement)
    return masked


# --- figures -----------------------------------------------------------------------------------------


@dataclass
class MonthRow:
    agency: str
    received: int
    replied: int
    on_time: int
    overdue_open: int
    average_days: float | None
    rated: int
    satisfied: int

    @property
    def on_time_share(self) -> float | None:
        return None if not self.replied else self.on_time / self.replied

    @property
    def satisfaction_share(self) -> float | None:
        return None if not self.rated else self.satisfied / self.rated


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    last = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
    return first, last


def monthly_rows(messages: MessageQuerySet, year: int, month: int, today: date) -> list[MonthRow]:
    """Per agency: received in the month, replied in the month (on time or not), still open past due, average
    working days used, satisfaction ratings (满意 + 基本满意 count as satisfied)."""
    first, last = month_bounds(year, month)
    rows: dict[str, MonthRow] = {}
    calendar = get_calendar()

    def row(name: str) -> MonthRow:
        return rows.setdefault(name, MonthRow(name, 0, 0, 0, 0, None, 0, 0))

    used: dict[str, list[int]] = {}
    qs = messages.select_related("agency", "kind").prefetch_related("pauses")
    for m in qs.filter(received_on__gte=first, received_on__lte=last):
        row(m.agency.short_name).received += 1
    for m in qs.filter(replied_on__gte=first, replied_on__lte=last, status=Status.REPLIED):
        r = row(m.agency.short_name)
        r.replied += 1
        if m.due_on is None or m.replied_on is None or m.replied_on <= m.due_on:
            r.on_time += 1
        if m.replied_on is not None:
            used.setdefault(r.agency, []).append(
                deadlines.working_days_used(calendar, m.received_on, m.replied_on, pauses_of(m))
            )
        if m.satisfaction:
            r.rated += 1
            if m.satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASICALLY):
                r.satisfied += 1
    for m in qs.overdue(min(today, last + timedelta(days=1))):
        row(m.agency.short_name).overdue_open += 1
    for name, values in used.items():
        rows[name].average_days = round(sum(values) / len(values), 1)
    return sorted(rows.values(), key=lambda r: (-r.received, r.agency))


def on_time_share(messages: QuerySet[Message], *, kind_code: str | None = None) -> tuple[int, int]:
    """(replied on time, replied) — the work plan's live indicators."""
    qs = messages.filter(status=Status.REPLIED)
    if kind_code:
        qs = qs.filter(kind__code=kind_code)
    total = on_time = 0
    for due_on, replied_on in qs.values_list("due_on", "replied_on"):
        total += 1
        if due_on is None or replied_on is None or replied_on <= due_on:
            on_time += 1
    return on_time, total


_STOP = frozenset(
    [
        "的",
        "了",
        "是",
        "我",
        "我们",
        "你",
        "您",
        "在",
        "和",
        "与",
        "及",
        "有",
        "没有",
        "怎么",
        "如何",
        "什么",
        "吗",
        "呢",
        "啊",
        "请问",
        "请",
        "问",
        "能否",
        "可以",
        "是否",
        "一下",
        "这个",
        "那个",
        "哪里",
        "为什么",
        "已经",
        "还是",
        "就",
        "都",
        "也",
        "但",
        "但是",
        "因为",
        "所以",
        "要",
        "想",
        "说",
        "对",
        "把",
        "被",
        "给",
        "让",
        "到",
        "从",
        "向",
        "个",
        "年",
        "月",
        "日",
        "号",
        "区",
        "政府",
        "问题",
        "情况",
        "反映",
        "咨询",
        "留言",
        "建议",
        "投诉",
        "谢谢",
        "你好",
        "您好",
        "希望",
        "能",
        "会",
        "不",
        "没",
        "多",
        "人",
    ]
)


def hot_topics(texts: Iterable[str], limit: int = 10) -> list[tuple[str, int]]:
    """The words most mentioned in the month's messages, the first 舆情 signal (work plan item 十六). Segmented by
    the search lexicon's segmenter (unit names and government terms stay whole; the same words in every process).
    Counted once per message so one long message cannot dominate."""
    segmenter = get_lexicon().segmenter
    counts: Counter[str] = Counter()
    for text in texts:
        words = {w.strip() for w in segmenter.cut(text or "")}
        counts.update(w for w in words if len(w) >= 2 and w not in _STOP and not w.isdigit())
    return counts.most_common(limit)


def describe_due(message: Message) -> str:
    if message.status in CLOSED_STATUSES:
        return "已办结"
    if message.clock_state == "paused":
        return "暂停计算（等待补充材料）"
    if message.due_on is None:
        return f"无法计算（{message.clock_note or '节假日安排尚未录入'}）"
    return message.due_on.isoformat()


def application_mentioned(text: str) -> Any:
    """The 依申请公开 application whose number the writer quoted (e.g. a complaint about its handling), or None."""
    prefix = re.escape(settings.APPLICATION_NUMBER_PREFIX)
    match = re.search(rf"{prefix}\s*(\d{{4}})\s*[-－—]\s*(\d{{1,5}})", text.upper())
    if not match:
        return None
    number = f"{settings.APPLICATION_NUMBER_PREFIX}{match.group(1)}-{int(match.group(2)):05d}"
    return Application.objects.filter(number=number).first()


def contact_for_dedup(data: Mapping[str, Any]) -> str:
    return (data.get("phone") or data.get("email") or "").strip()


def faq_suggestions(logs: QuerySet[Any], *, threshold: int | None = None) -> list[tuple[str, int]]:
    """Consultation topics asked at least `threshold` times (default 5) that no published FAQ answers yet:
    the FAQ backlog of 政策问答 (work plan item 十五)."""
    limit = threshold or settings.INTERACTION_FAQ_SUGGESTION_COUNT
    rows = (
        logs.filter(faq__isnull=True)
        .values("topic")
        .annotate(n=Count("pk"))
        .filter(n__gte=limit)
        .order_by("-n")
    )
    questions = list(Faq.objects.public().values_list("question", flat=True))
    suggestions = []
    for row in rows[:50]:
        topic = row["topic"]
        if any(topic in q or q.rstrip("？?") in topic for q in questions):
            continue
        suggestions.append((topic, row["n"]))
    return suggestions
