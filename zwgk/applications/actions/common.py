"""Helpers shared by the application action modules: locking, permission checks, moves, letters, notices."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.accounts.models import User
from zwgk.accounts.roles import Role
from zwgk.agencies.models import Agency
from zwgk.applications import letters, notifications, services
from zwgk.applications.models import (
    Application,
    Consultation,
    Letter,
    LetterKind,
)
from zwgk.applications.workflow import FLOW
from zwgk.calendar import ScheduleMissing
from zwgk.core import staging
from zwgk.core.dates import date_problem
from zwgk.core.errors import Refused

# --- helpers -----------------------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _locked(app: Application) -> Application:
    """Re-read the application under a row lock so two staff members cannot move it at once."""
    return (
        Application.objects.select_for_update(of=("self",)).select_related("agency", "handler").get(pk=app.pk)
    )


def _forget_related(app: Application) -> None:
    """Drop the reverse relations the guards cached (app.fee, app.correction …): the action changes them next."""
    for relation in app._meta.related_objects:
        if relation.is_cached(app):
            relation.delete_cached_value(app)
    getattr(app, "_prefetched_objects_cache", {}).clear()


def _check(app: Application, move: str, by: Any, day: date | None = None) -> None:
    """Check the move against FLOW (table, permission, guard) without changing the status."""
    FLOW.check(app, move, by, day)
    _forget_related(app)


def _move(app: Application, move: str, by: Any, day: date | None = None) -> str:
    """Check the move against FLOW and set the new status; returns the old one."""
    before = FLOW.apply(app, move, by, day)
    _forget_related(app)
    return before


def _check_day(day: date, label: str, *, not_before: date | None = None, before_label: str = "") -> None:
    problem = date_problem(day, label, today=_today())
    if problem:
        raise Refused(problem)
    if not_before is not None and day < not_before:
        raise Refused(f"{label}（{day}）不能早于{before_label or '收到申请之日'}（{not_before}）")


def _maybe_due(fn: Any, *args: Any) -> tuple[date | None, str]:
    """A deadline from the calendar, or None and the reason when its year has no holiday schedule yet.

    The step itself goes ahead: a missing schedule must not stop the work, only the computation; the daily
    sweep fills the date in once the schedule is loaded.
    """
    try:
        return fn(services.calendar(), *args), ""
    except ScheduleMissing as exc:
        return None, str(exc).split(" / ")[0] + "期限暂无法计算，录入后自动补算。"


def _notify_applicant(app: Application, what: str) -> None:
    if app.email:
        app_id = app.pk
        transaction.on_commit(lambda: notifications.notify_applicant(app_id, what))


def _letter_number(agency: Agency, kind: str, year: int) -> str:
    code = {
        LetterKind.REPLY: "答",
        LetterKind.CORRECTION: "补",
        LetterKind.EXTENSION: "延",
        LetterKind.THIRD_PARTY: "征",
        LetterKind.INTER_AGENCY: "征",
        LetterKind.FEE: "费",
        LetterKind.TRANSFER: "转",
    }[LetterKind(kind)]
    serial = Letter.objects.filter(application__agency=agency, kind=kind, issued_on__year=year).count() + 1
    return f"{agency.short_name}依申{code}〔{year}〕{serial}号"


def _issue_letter(
    app: Application,
    kind: str,
    key: str,
    values: Mapping[str, str],
    *,
    by: Any,
    issued_on: date,
    agency: Agency | None = None,
    consultation: Consultation | None = None,
) -> Letter:
    """Fix a letter as sent: compose from the template, store .docx and PDF."""
    issuer = agency or app.agency
    number = _letter_number(issuer, kind, issued_on.year)
    content = letters.compose(key, dict(values), number=number, issued_on=issued_on, organ=issuer.name)
    letter = Letter(
        application=app,
        kind=kind,
        title=content.title,
        number=number,
        issued_on=issued_on,
        consultation=consultation,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    stem = f"{app.number}-{kind}"
    staging.put_field(letter.docx, f"{stem}.docx", letters.docx_bytes(content))
    staging.put_field(letter.pdf, f"{stem}.pdf", letters.pdf_bytes(content))
    letter.save()
    return letter


def handlers_of(agency_id: int) -> list[Any]:

    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__agency_id=agency_id,
            role_assignments__role=Role.APPLICATION_HANDLER.value,
        ).distinct()
    )
