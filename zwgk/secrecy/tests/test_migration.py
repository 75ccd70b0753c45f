"""The data migration from content type + CharField id to the subject foreign keys keeps every documents
screening and drops what no longer has a subject."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from zwgk.documents import actions
from zwgk.documents.tests.helpers import docx_bytes, draft

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("secrecy", "0002_screening_subject_foreign_keys")]
AFTER = [("secrecy", "0003_screening_subjects_from_content_types")]


def test_subjects_are_filled_from_content_types(agency_a, drafter_a):
    record = draft(agency_a, drafter_a)
    attachment = actions.add_attachment(record, docx_bytes("附件"), "附件.docx", by=drafter_a)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    ContentType = old.get_model("contenttypes", "ContentType")
    Screening = old.get_model("secrecy", "Screening")
    record_ct = ContentType.objects.get_or_create(app_label="documents", model="record")[0]
    attachment_ct = ContentType.objects.get_or_create(app_label="documents", model="attachment")[0]
    fake_ct = ContentType.objects.get_or_create(app_label="fakedocs", model="fakerecord")[0]
    common = {
        "agency_id": agency_a.pk,
        "label": "x",
        "requested_at": "2025-01-01T00:00:00Z",
        "status": "done",
    }
    rows = [
        (record_ct, record.pk, "body"),
        (attachment_ct, attachment.pk, "attachment"),
        (fake_ct, 1, "body"),
        (record_ct, 999999, "body"),  # the record is gone
    ]
    for ct, pk, kind in rows:
        Screening.objects.create(
            legacy_content_type=ct,
            legacy_object_id=str(pk),
            legacy_record_type=record_ct,
            legacy_record_id=str(record.pk),
            kind=kind,
            **common,
        )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("secrecy", "Screening")
    kept = sorted((s.kind, s.record_id, s.attachment_id) for s in new.objects.all())
    assert kept == [("attachment", None, attachment.pk), ("body", record.pk, None)]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
