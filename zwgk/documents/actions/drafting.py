"""Drafting records: create, edit a draft, add and remove attachments."""

from __future__ import annotations

from collections.abc import Iterable
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

from .common import (
    INTERPRETATION_FIELDS,
    RECORD_FIELDS,
    R,
    _audit_step,
    _changed,
    _lock,
    _snapshot,
    _validate_fields,
    _words,
    compute_publish_due,
    normalise_doc_number,
)

# --- records: drafting ----------------------------------------------------------------------------------


@transaction.atomic
def create_record(
    agency: Any,
    data: dict[str, Any],
    *,
    by: Any,
    co_agencies: Iterable[Any] = (),
    source_key: str | None = None,
) -> Record:
    record = Record(agency=agency, created_by=by, status=Status.DRAFT, source_key=source_key)
    require(by, "documents.draft", record)
    for name in RECORD_FIELDS:
        if name in data:
            setattr(record, name, data[name])
    record.doc_number = normalise_doc_number(record.doc_number)
    _validate_fields(record)
    compute_publish_due(record)
    record.save()
    record.co_agencies.set([a for a in co_agencies if a.pk != agency.pk])
    audit(
        "documents.record_created",
        obj=record,
        actor=by,
        summary=f"起草：{record.title}",
        after=_snapshot(record, RECORD_FIELDS),
    )
    return record


def _apply_record_edit(record: Record, data: dict[str, Any], co_agencies: Iterable[Any] | None) -> None:
    record.doc_number = normalise_doc_number(record.doc_number)
    _validate_fields(record)
    compute_publish_due(record)
    record.save()
    if co_agencies is not None:
        record.co_agencies.set([a for a in co_agencies if a.pk != record.agency_id])


@transaction.atomic
def update_draft(obj: R, data: dict[str, Any], *, by: Any, co_agencies: Iterable[Any] | None = None) -> R:
    """Edit a draft record (RECORD_FIELDS, co-issuers) or interpretation (INTERPRETATION_FIELDS)."""
    obj = _lock(obj)
    require(by, "documents.draft", obj)
    if obj.status != Status.DRAFT:
        raise Refused(_words(obj).not_draft)
    fields = RECORD_FIELDS if isinstance(obj, Record) else INTERPRETATION_FIELDS
    before = _snapshot(obj, fields)
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    if isinstance(obj, Record):
        _apply_record_edit(obj, data, co_agencies)
    else:
        obj.save()
    old, new = _changed(before, _snapshot(obj, fields))
    _audit_step(obj, "edited", by, before=old, after=new)
    return obj


def add_attachment(
    owner: Record | Interpretation,
    data: bytes,
    filename: str,
    *,
    by: Any,
    title: str = "",
    prepared: PreparedFile | None = None,
) -> Attachment:
    """Attach a file to a draft record or interpretation (raises files.AttachmentRejected on a bad file).

    The slow part — extraction and metadata stripping — runs before the transaction (on SQLite every
    transaction holds the database's one write lock); the checks are made once before it, cheaply, and again
    under the row lock in the short transaction that records the file.
    """
    _check_attachable(owner, by=by)
    prepared = prepared or prepare(data, filename)
    return _record_attachment(owner, prepared, by=by, title=title)


def _check_attachable(owner: Record | Interpretation, *, by: Any) -> None:
    require(by, "documents.draft", owner)
    if owner.status != Status.DRAFT:
        raise Refused("只能在草稿状态下添加附件。")


@transaction.atomic
def _record_attachment(
    owner: Record | Interpretation, prepared: PreparedFile, *, by: Any, title: str
) -> Attachment:
    owner = _lock(owner)
    _check_attachable(owner, by=by)
    return _store_attachment(owner, prepared, by=by, title=title)


def _store_attachment(
    owner: Record | Interpretation, prepared: PreparedFile, *, by: Any, title: str = ""
) -> Attachment:
    with FileJournal() as journal:
        attachment = Attachment(
            record=owner if isinstance(owner, Record) else None,
            interpretation=owner if isinstance(owner, Interpretation) else None,
            title=(title or prepared.filename.rsplit(".", 1)[0])[:200],
            original_name=prepared.filename,
            kind=prepared.kind,
            size=len(prepared.data),
            sha256=prepared.sha256,
            public_sha256=prepared.public_sha256,
            extracted_text=prepared.text,
            pages=prepared.pages,
            warnings=prepared.warnings,
            uploaded_by=by if getattr(by, "is_authenticated", False) else None,
            sort_order=owner.attachments.count(),
        )
        attachment.file.name = journal.save(prepared.filename, prepared.data)
        attachment.public_file.name = journal.save(prepared.filename, prepared.public_data)
        attachment.save()
        audit(
            "documents.attachment_added",
            obj=attachment,
            agency=owner.agency_id,
            actor=by,
            summary=f"上传附件：{prepared.filename}（{len(prepared.data)} 字节）",
            after={"sha256": prepared.sha256, "public_sha256": prepared.public_sha256, "kind": prepared.kind},
        )
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by: Any) -> None:
    owner = _lock(attachment.owner)  # its status now, not as it was when the attachment was read
    require(by, "documents.draft", owner)
    if owner.status != Status.DRAFT:
        raise Refused("只能在草稿状态下删除附件。")
    names = (attachment.file.name, attachment.public_file.name)
    audit(
        "documents.attachment_removed",
        obj=attachment,
        agency=owner.agency_id,
        actor=by,
        summary=f"删除附件：{attachment.original_name}",
        before={"sha256": attachment.sha256},
    )
    attachment.delete()
    transaction.on_commit(lambda: delete_files(*names))
