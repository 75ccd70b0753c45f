"""The plug-in points of zwgk.documents' 保密审查 step, as its issue describes them (test double)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from zwgk.audit.log import record as audit
from zwgk.extract import extract

_started: list[Callable[[Any], None]] = []
_blockers: list[Callable[[Any], list[str]]] = []
panels: list[tuple[str, Callable[..., dict[str, Any]]]] = []


class ApprovalRefused(Exception):
    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("；".join(reasons))


# One record model here, so the `model` each hook is registered for is always FakeRecord.


def register_review_started(fn: Callable[[Any], None], *, model: str) -> None:
    if fn not in _started:
        _started.append(fn)


def register_approval_blocker(fn: Callable[[Any], list[str]], *, model: str) -> None:
    if fn not in _blockers:
        _blockers.append(fn)


def register_review_panel(
    template_name: str, context_fn: Callable[..., dict[str, Any]], *, model: str
) -> None:
    if (template_name, context_fn) not in panels:
        panels.append((template_name, context_fn))


def _review_started(record_id: Any) -> None:
    transaction.on_commit(lambda: [fn(record_id) for fn in _started])


def submit_for_review(record: Any) -> None:
    with transaction.atomic():
        record.status = "review"
        record.save(update_fields=["status"])
        _review_started(record.pk)


def return_to_draft(record: Any) -> None:
    record.status = "draft"
    record.save(update_fields=["status"])


def blockers(record: Any) -> list[str]:
    return [reason for fn in _blockers for reason in fn(record)]


def approve(record: Any, *, by: Any) -> None:
    reasons = blockers(record)
    if reasons:
        raise ApprovalRefused(reasons)
    record.status = "approved"
    record.save(update_fields=["status"])


def replace_body(record: Any, new_body: str, *, by: Any, reason: str) -> None:
    with transaction.atomic():
        record.body = new_body
        record.save(update_fields=["body"])
        audit("fakedocs.body_replaced", obj=record, actor=by, summary=reason)
        _review_started(record.pk)


def replace_attachment(attachment: Any, data: bytes, filename: str, *, by: Any, reason: str) -> None:
    with transaction.atomic():
        attachment.file.save(filename, ContentFile(data), save=False)
        attachment.filename = filename
        attachment.extracted_text = extract(data, filename).text
        attachment.save()
        audit("fakedocs.attachment_replaced", obj=attachment.record, actor=by, summary=reason)
        _review_started(attachment.record_id)
