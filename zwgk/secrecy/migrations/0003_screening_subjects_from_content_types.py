"""Step 2: fill the subject keys from the content type + id; screenings of anything else (the former test-only
app) or of a subject that no longer exists are deleted with their findings."""

from django.db import migrations

KEY_BY_MODEL = {
    ("documents", "record"): "record_id",
    ("documents", "interpretation"): "interpretation_id",
    ("documents", "attachment"): "attachment_id",
}


def forwards(apps, schema_editor):
    Screening = apps.get_model("secrecy", "Screening")
    existing = {
        "record_id": apps.get_model("documents", "Record"),
        "interpretation_id": apps.get_model("documents", "Interpretation"),
        "attachment_id": apps.get_model("documents", "Attachment"),
    }
    orphans = []
    for screening in Screening.objects.select_related("legacy_content_type").iterator():
        ct = screening.legacy_content_type
        key = KEY_BY_MODEL.get((ct.app_label, ct.model))
        try:
            pk = int(screening.legacy_object_id)
        except (TypeError, ValueError):
            key = None
        if key is None or not existing[key].objects.filter(pk=pk).exists():
            orphans.append(screening.pk)
            continue
        Screening.objects.filter(pk=screening.pk).update(**{key: pk})
    Screening.objects.filter(pk__in=orphans).delete()


def backwards(apps, schema_editor):
    Screening = apps.get_model("secrecy", "Screening")
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = {
        name: ContentType.objects.get_or_create(app_label="documents", model=name)[0]
        for name in ("record", "interpretation", "attachment")
    }
    Attachment = apps.get_model("documents", "Attachment")
    Screening.objects.filter(reply__isnull=False).delete()
    for screening in Screening.objects.iterator():
        if screening.attachment_id:
            attachment = Attachment.objects.get(pk=screening.attachment_id)
            owner = ("record", attachment.record_id) if attachment.record_id else (
                "interpretation",
                attachment.interpretation_id,
            )
            subject = ("attachment", screening.attachment_id)
        elif screening.record_id:
            owner = subject = ("record", screening.record_id)
        else:
            owner = subject = ("interpretation", screening.interpretation_id)
        Screening.objects.filter(pk=screening.pk).update(
            legacy_content_type=types[subject[0]],
            legacy_object_id=str(subject[1]),
            legacy_record_type=types[owner[0]],
            legacy_record_id=str(owner[1]),
        )


class Migration(migrations.Migration):
    dependencies = [("secrecy", "0002_screening_subject_foreign_keys"), ("contenttypes", "0002_remove_content_type_name")]

    operations = [migrations.RunPython(forwards, backwards)]
