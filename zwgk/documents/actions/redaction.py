"""Redaction during the secrecy review (保密审查), called by the screening app."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zwgk.accounts.permissions import require
from zwgk.audit.log import record as audit
from zwgk.core.errors import Refused
from zwgk.documents.files import FileJournal, PreparedFile, delete_files, prepare
from zwgk.documents.models import (
    Attachment,
    Interpretation,
    Record,
    Status,
)
from zwgk.secrecy import service as secrecy

from .common import _lock, _snapshot

# --- redaction during the secrecy review (called by the screening app) ----------------------------------


def _check_redaction(owner: Record | Interpretation, *, by: Any, reason: str, what: str) -> None:
    """Redactions are the 保密审查员's, of the owner's agency, while the owner is in 待保密审查, with a reason."""
    require(by, "documents.review", owner)
    if owner.status != Status.IN_REVIEW:
        raise Refused(f"只能在保密审查环节{what}。")
    if not reason or not reason.strip():
        raise Refused("请写明处理理由。")


def _redact_text(
    owner: Record | Interpretation, values: dict[str, Any], *, by: Any, reason: str, action: str, what: str
) -> None:
    """Write the redacted text fields (the caller checked `_check_redaction`), audit them as fingerprints (never
    the text) and screen again on commit."""
    fields = list(values)
    before = _snapshot(owner, fields)
    for name, value in values.items():
        setattr(owner, name, value)
    owner.save(update_fields=[*fields, "updated_at"])
    audit(
        action,
        obj=owner,
        actor=by,
        summary=f"保密审查处理{what}（{reason.strip()[:200]}）：{owner.title}",
        before=before,
        after=_snapshot(owner, fields),
    )
    # After commit: the secrecy app marks the masked findings first, then the new text is screened.
    secrecy.screen_after_commit(owner)


@transaction.atomic
def replace_body(record: Record, new_body: str, *, by: Any, reason: str) -> Record:
    record = _lock(record)
    _check_redaction(record, by=by, reason=reason, what="处理正文")
    _redact_text(
        record, {"body": new_body}, by=by, reason=reason, action="documents.body_redacted", what="正文"
    )
    return record


@transaction.atomic
def replace_interpretation_text(
    item: Interpretation, new_text: str, *, by: Any, reason: str
) -> Interpretation:
    """Write back an interpretation's redacted `review_text` (解读内容 and 问答)."""
    item = _lock(item)
    _check_redaction(item, by=by, reason=reason, what="处理解读内容")
    parts = item.split_review_text(new_text)
    if parts is None:
        raise Refused("解读内容与筛查结果不一致，请重新筛查后再处理。")
    body, qa = parts
    _redact_text(
        item,
        {"body": body, "qa": qa},
        by=by,
        reason=reason,
        action="documents.interpretation_redacted",
        what="解读内容",
    )
    return item


def replace_attachment(
    attachment: Attachment,
    data: bytes,
    filename: str,
    *,
    by: Any,
    reason: str,
    prepared: PreparedFile | None = None,
) -> Attachment:
    """Replace an attachment by a redacted copy while its record or interpretation is in review; the text is
    extracted again — before the transaction, like add_attachment."""
    current = Attachment.objects.get(pk=attachment.pk)  # the caller's copy may predate the review
    _check_redaction(current.owner, by=by, reason=reason, what="替换附件")
    return _record_replacement(attachment, prepared or prepare(data, filename), by=by, reason=reason)


@transaction.atomic
def _record_replacement(
    attachment: Attachment, prepared: PreparedFile, *, by: Any, reason: str
) -> Attachment:
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    owner = attachment.owner
    _check_redaction(owner, by=by, reason=reason, what="替换附件")
    old_names = (attachment.file.name, attachment.public_file.name)
    before = {"sha256": attachment.sha256, "name": attachment.original_name}
    with FileJournal() as journal:
        attachment.file.name = journal.save(prepared.filename, prepared.data)
        attachment.public_file.name = journal.save(prepared.filename, prepared.public_data)
        attachment.original_name = prepared.filename
        attachment.kind = prepared.kind
        attachment.size = len(prepared.data)
        attachment.sha256 = prepared.sha256
        attachment.public_sha256 = prepared.public_sha256
        attachment.extracted_text = prepared.text
        attachment.pages = prepared.pages
        attachment.warnings = prepared.warnings
        attachment.save()
        audit(
            "documents.attachment_redacted",
            obj=attachment,
            agency=owner.agency_id,
            actor=by,
            summary=f"保密审查替换附件（{reason.strip()[:200]}）：{prepared.filename}",
            before=before,
            after={"sha256": prepared.sha256, "name": prepared.filename},
        )
    transaction.on_commit(lambda: delete_files(*old_names))
    # After commit: the secrecy app marks the masked findings first, then the new text is screened.
    secrecy.screen_after_commit(owner)
    return attachment
