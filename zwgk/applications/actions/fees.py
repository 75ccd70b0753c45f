"""信息处理费 (国办函〔2020〕109号): the fee notice, payment, ending for non-payment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from zwgk.applications import clock, fees, letters, services
from zwgk.applications.models import (
    Application,
    FeeNotice,
    LetterKind,
)
from zwgk.audit.log import record
from zwgk.core.errors import Refused

from .common import _check, _check_day, _issue_letter, _locked, _maybe_due, _notify_applicant, _today
from .correction import _conclude

# --- fees (109号) -----------------------------------------------------------------------------------


@transaction.atomic
def issue_fee_notice(
    app: Application,
    *,
    by: Any,
    method: str,
    quantity: int,
    payment_method: str,
    sent_on: date | None = None,
    notice_received_on: date | None = None,
) -> FeeNotice:
    app = _locked(app)
    _check(app, "fee", by)
    try:
        quote = fees.quote_count(quantity) if method == "count" else fees.quote_pages(quantity)
    except fees.FeeError as exc:
        raise Refused(str(exc)) from None
    if method not in fees.METHODS:
        raise Refused("计收方式不正确")
    if quote.fee_yuan <= 0:
        raise Refused(f"按{quote.method_label}标准，本件不收费（{quote.standard}）")
    day = sent_on or _today()
    received = notice_received_on or day
    _check_day(day, "通知日期", not_before=app.received_on)
    _check_day(received, "申请人收到通知日期", not_before=day, before_label="通知日期")
    if not payment_method.strip():
        raise Refused("请写明缴费方式")
    pay_due, _ = _maybe_due(clock.payment_due, received)
    fee = FeeNotice.objects.create(
        application=app,
        method=method,
        quantity=quantity,
        amount=Decimal(quote.fee_yuan),
        standard=quote.standard,
        payment_method=payment_method.strip(),
        sent_on=day,
        notice_received_on=received,
        pay_due=pay_due,
        created_by=by,
    )
    values = letters.base_values(app)
    values.update(
        {
            "收费方式": quote.method_label,
            "收费标准": quote.standard,
            "收费金额": str(quote.fee_yuan),
            "缴费方式": fee.payment_method,
            "缴费工作日": str(settings.APPLICATION_PAYMENT_WORKING_DAYS),
            "缴费期限": letters.cn_date(pay_due) or "期限届满之日",
        }
    )
    _issue_letter(app, LetterKind.FEE, "notice.fee", values, by=by, issued_on=day)
    services.refresh_clock(app)
    record(
        "applications.fee_notice",
        obj=app,
        actor=by,
        summary=f"{app.number} 发出收费通知：{quote.method_label} {quote.fee_yuan} 元，缴费期限 {pay_due or '暂无法计算'}",
        after={"method": method, "quantity": quantity, "amount": quote.fee_yuan, "pay_due": pay_due},
    )
    _notify_applicant(app, "fee")
    return fee


@transaction.atomic
def record_payment(
    fee: FeeNotice, *, by: Any, paid_on: date | None = None, receipt_number: str = ""
) -> FeeNotice:
    app = _locked(fee.application)
    _check(app, "record_payment", by)
    fee = FeeNotice.objects.select_for_update().get(pk=fee.pk)
    day = paid_on or _today()
    _check_day(day, "缴费日期", not_before=fee.sent_on, before_label="通知日期")
    if fee.pay_due is not None and day > fee.pay_due:
        raise Refused(f"缴费期限为 {fee.pay_due}，逾期缴费应按逾期未缴费处理")
    fee.paid_on = day
    fee.receipt_number = receipt_number.strip()
    fee.save()
    services.refresh_clock(app)
    record(
        "applications.fee_paid",
        obj=app,
        actor=by,
        summary=f"{app.number} 已缴纳信息处理费 {fee.amount} 元（{day}），答复期限恢复计算",
        after={"paid_on": day, "amount": fee.amount},
    )
    return fee


@transaction.atomic
def end_no_payment(app: Application, *, by: Any, on: date | None = None) -> Application:
    """109号: not paid within the period — deemed abandoned (其他处理-逾期未缴费)."""
    app = _locked(app)
    day = on or _today()
    return _conclude(
        app,
        "end_no_payment",
        "other.no_payment",
        day,
        by=by,
        reason="申请人逾期未缴纳信息处理费，视为放弃申请",
    )
