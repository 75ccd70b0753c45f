"""Wiring of the secrecy review into the publication workflow of `zwgk.documents` (its 保密审查 step).

`connect()` is called once by `SecrecyConfig.ready()` when `zwgk.documents` is installed. It registers:

- the record model (its body) and the attachment model as screening subjects,
- `on_review_started(record_id)` → screen the body and every attachment when a record enters 待保密审查 and
  whenever its body/attachments change during review,
- `approval_blockers(record)` → Chinese reasons while a block finding is unresolved or screening is pending,
- the reviewer panel `secrecy/_review_panel.html` with `panel_context(request, record)`,
- the audited redaction actions `replace_body` / `replace_attachment` used when a finding is masked.

Tests connect a test-only model the same way (`zwgk/secrecy/tests/fakedocs`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any

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


_hooks: dict[str, Callable[[Any], None]] = {}


def _review_started_hook(record_model: str) -> Callable[[Any], None]:
    """One hook object per record model, so that connecting twice registers nothing new."""
    if record_model not in _hooks:
        _hooks[record_model] = functools.partial(on_review_started, model_label=record_model)
    return _hooks[record_model]


def connect(
    review: ModuleType | None = None,
    *,
    record_model: str = "documents.Record",
    attachment_model: str = "documents.Attachment",
    attachments_of: Callable[[Any], Iterable[Any]] = lambda record: record.attachments.all(),
    record_of_attachment: Callable[[Any], Any] = lambda attachment: attachment.record,
) -> None:
    if review is None:
        from zwgk.documents import review as documents_review

        review = documents_review
    service.register_subject_type(
        record_model,
        SubjectType(
            kind="body",
            record_of=lambda record: record,
            agency_of=lambda record: record.agency,
            label_of=lambda record: "正文",
            text_of=lambda record: record.body,
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
    )
    review.register_review_started(_review_started_hook(record_model))
    review.register_approval_blocker(approval_blockers)
    review.register_review_panel(PANEL_TEMPLATE, panel_context)
