"""Wiring of the secrecy review into the publication workflow of `zwgk.documents` (its 保密审查 step).

`connect_documents()` is called once by `SecrecyConfig.ready()` when `zwgk.documents` is installed: records and
policy interpretations (政策解读) both go through the step, each connected by `connect()`, which registers for one
record model:

- the record model (its reviewed text) and the attachment model as screening subjects,
- `on_review_started(record_id)` → screen the text and every attachment when the record enters 待保密审查 and
  whenever its text/attachments change during review,
- `approval_blockers(record)` → Chinese reasons while a block finding is unresolved or screening is pending,
- `in_review(queryset)` → the records awaiting the review (the reviewer's to-do lists show only these, and a
  missing screening can be started only for them),
- the reviewer panel `secrecy/_review_panel.html` with `panel_context(request, record)`,
- the audited redaction actions `replace_body` / `replace_attachment` used when a finding is masked.

Tests connect a test-only model the same way (`zwgk/secrecy/tests/fakedocs`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any

from django.db.models import QuerySet

from zwgk.secrecy import service
from zwgk.secrecy.panel import PANEL_TEMPLATE, panel_context
from zwgk.secrecy.service import SubjectType, approval_blockers, on_review_started


def _file_of(attachment: Any) -> tuple[bytes, str]:
    with attachment.file.open("rb") as handle:
        data = handle.read(service.limits().max_bytes + 1)
    return data, attachment.filename


def _size_of(attachment: Any) -> int:
    try:
        return int(attachment.file.size)
    except (OSError, ValueError):
        return 0


def _in_secrecy_review(queryset: Any) -> Any:
    """Records and interpretations awaiting the 保密审查 (each model's own named queryset method)."""
    return queryset.in_secrecy_review()


_hooks: dict[str, Callable[[Any], None]] = {}


def _review_started_hook(record_model: str) -> Callable[[Any], None]:
    """One hook object per record model, so that connecting twice registers nothing new."""
    if record_model not in _hooks:
        _hooks[record_model] = functools.partial(on_review_started, model_label=record_model)
    return _hooks[record_model]


def connect_documents() -> None:
    """documents.Record (its body) and documents.Interpretation (解读内容 and 问答, `review_text`); an attachment
    belongs to one of them (`Attachment.owner`), whose agency screens and reviews it."""
    from django.urls import reverse

    from zwgk.documents import review

    def record_of_attachment(attachment: Any) -> Any:
        return attachment.owner

    connect(
        review,
        record_model="documents.Record",
        record_of_attachment=record_of_attachment,
        in_review=_in_secrecy_review,
        url_of=lambda record: reverse("documents:ws_record", args=[record.pk]),
    )
    connect(
        review,
        record_model="documents.Interpretation",
        record_of_attachment=record_of_attachment,
        text_of=lambda item: item.review_text,
        in_review=_in_secrecy_review,
        url_of=lambda item: reverse("documents:ws_interpretation", args=[item.pk]),
    )


def connect(
    review: ModuleType,
    *,
    record_model: str,
    in_review: Callable[[QuerySet[Any]], QuerySet[Any]],
    attachment_model: str = "documents.Attachment",
    attachments_of: Callable[[Any], Iterable[Any]] = lambda record: record.attachments.all(),
    record_of_attachment: Callable[[Any], Any] = lambda attachment: attachment.record,
    text_of: Callable[[Any], str] = lambda record: record.body,
    url_of: Callable[[Any], str] | None = None,
) -> None:
    """Wire one record model; `review` is its app's module of plug-in points and redaction actions, `in_review`
    narrows a queryset of the model to the records awaiting the review, `url_of` is its page where the reviewer
    approves (linked from the screening pages)."""
    service.register_subject_type(
        record_model,
        SubjectType(
            kind="body",
            record_of=lambda record: record,
            agency_of=lambda record: record.agency,
            label_of=lambda record: "正文",
            text_of=text_of,
        ),
    )
    service.register_subject_type(
        attachment_model,
        SubjectType(
            kind="attachment",
            record_of=record_of_attachment,
            agency_of=lambda attachment: record_of_attachment(attachment).agency,
            label_of=lambda attachment: attachment.filename,
            text_of=lambda attachment: attachment.extracted_text,
            file_of=_file_of,
            size_of=_size_of,
        ),
    )
    service.register_record_model(
        record_model,
        attachments_of=attachments_of,
        replace_body=review.replace_body,
        replace_attachment=review.replace_attachment,
        in_review=in_review,
        url_of=url_of,
        prepare_attachment=getattr(review, "prepare_attachment", None),
    )
    review.register_review_started(_review_started_hook(record_model), model=record_model)
    review.register_approval_blocker(approval_blockers, model=record_model)
    review.register_review_panel(PANEL_TEMPLATE, panel_context, model=record_model)
