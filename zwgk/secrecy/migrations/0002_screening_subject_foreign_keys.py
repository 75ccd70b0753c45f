"""A screening names its subject by nullable foreign keys (record / interpretation / attachment / reply) instead
of a content type and a CharField id. Step 1: keep the old columns under legacy_* names, add the keys."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_transfer_sender_received"),
        ("documents", "0004_reviewed_base_verbose_names"),
        ("secrecy", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="screening", name="secrecy_one_screening_per_subject"),
        migrations.RemoveIndex(model_name="screening", name="secrecy_screening_record"),
        migrations.RenameField(model_name="screening", old_name="content_type", new_name="legacy_content_type"),
        migrations.RenameField(model_name="screening", old_name="object_id", new_name="legacy_object_id"),
        migrations.RenameField(model_name="screening", old_name="record_type", new_name="legacy_record_type"),
        migrations.RenameField(model_name="screening", old_name="record_id", new_name="legacy_record_id"),
        migrations.AddField(
            model_name="screening",
            name="record",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="screenings",
                to="documents.record",
            ),
        ),
        migrations.AddField(
            model_name="screening",
            name="interpretation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="screenings",
                to="documents.interpretation",
            ),
        ),
        migrations.AddField(
            model_name="screening",
            name="attachment",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="screenings",
                to="documents.attachment",
            ),
        ),
        migrations.AddField(
            model_name="screening",
            name="reply",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="screenings",
                to="applications.reply",
            ),
        ),
    ]
