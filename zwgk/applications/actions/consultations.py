"""Consultations of third parties and other bodies (Art 32, Art 34)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from zwgk.applications import clock, letters, services
from zwgk.applications.models import (
    Application,
    Consultation,
    ConsultationKind,
    ConsultationResponse,
    LetterKind,
)
from zwgk.audit.log import record
from zwgk.core.errors import Refused

from .common import _check, _check_day, _issue_letter, _locked, _maybe_due, _today

# --- consultations (Art 32, Art 34) --------------------------------------------------------------------


@transaction.atomic
def start_consultation(
    app: Application,
    *,
    by: Any,
    kind: str,
    party: str,
    subject: str,
    sent_on: date | None = None,
    delivered_on: date | None = None,
    party_address: str = "",
) -> Consultation:
    app = _locked(app)
    _check(app, "consult", by)
    if kind not in ConsultationKind.values:
        raise Refused("征求意见类型不正确")
    day = sent_on or _today()
    _check_day(day, "发函日期", not_before=app.received_on)
    if delivered_on is not None:
        _check_day(delivered_on, "送达日期", not_before=day, before_label="发函日期")
    if not party.strip() or not subject.strip():
        raise Refused("请填写被征求意见方和所涉信息")
    due, _ = _maybe_due(clock.consultation_due, delivered_on or day)
    consultation = Consultation.objects.create(
        application=app,
        kind=kind,
        party=party.strip(),
        party_address=party_address.strip(),
        subject=subject.strip(),
        sent_on=day,
        delivered_on=delivered_on,
        due_on=due,
        created_by=by,
    )
    values = letters.base_values(app)
    values.update(
        {
            "被征求意见方": consultation.party,
            "征求意见事项": consultation.subject,
            "意见截止日期": letters.cn_date(due) or "15个工作日届满之日",
        }
    )
    letter_kind = LetterKind.THIRD_PARTY if kind == ConsultationKind.THIRD_PARTY else LetterKind.INTER_AGENCY
    _issue_letter(app, letter_kind, f"notice.{kind}", values, by=by, issued_on=day, consultation=consultation)
    services.refresh_clock(app)
    record(
        "applications.consultation_started",
        obj=app,
        actor=by,
        summary=f"{app.number} {consultation.get_kind_display()}，意见截止 {due or '暂无法计算'}；答复期限暂停计算",
        after={"consultation": consultation.pk, "sent_on": day, "due_on": due},
    )
    return consultation


@transaction.atomic
def record_consultation_answer(
    consultation: Consultation, *, by: Any, response: str, answered_on: date | None = None, note: str = ""
) -> Consultation:
    app = _locked(consultation.application)
    _check(app, "record_consultation", by)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.answered_on is not None:
        raise Refused("该征求意见已记录答复")
    if response not in ConsultationResponse.values:
        raise Refused("请选择意见")
    if response == ConsultationResponse.NO_REPLY:
        # Art 32/34: no answer within 15 working days — the time spent ends on the last day of the period.
        if consultation.due_on is None:
            raise Refused("意见期限尚无法计算（节假日安排未录入），请填写收到意见日期或待期限确定后再记录")
        if _today() <= consultation.due_on:
            raise Refused(f"意见期限 {consultation.due_on} 尚未届满，不能记为逾期未提出意见")
        day = answered_on or consultation.due_on
    else:
        day = answered_on or _today()
    _check_day(day, "收到意见日期", not_before=consultation.sent_on, before_label="发函日期")
    consultation.answered_on = day
    consultation.response = response
    consultation.response_note = note.strip()
    consultation.save()
    services.refresh_clock(app)
    record(
        "applications.consultation_answered",
        obj=app,
        actor=by,
        summary=f"{app.number} 征求意见结果：{consultation.get_response_display()}（{day}），答复期限恢复计算",
        after={"consultation": consultation.pk, "answered_on": day, "response": response},
    )
    return consultation
