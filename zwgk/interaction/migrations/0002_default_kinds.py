"""The five channels every installation starts with (zwgk.interaction.defaults)."""

from django.db import migrations


def create(apps, schema_editor):
    from zwgk.interaction.defaults import DEFAULT_KINDS

    MessageKind = apps.get_model("interaction", "MessageKind")
    for spec in DEFAULT_KINDS:
        MessageKind.objects.get_or_create(code=spec["code"], defaults=spec)


class Migration(migrations.Migration):
    dependencies = [("interaction", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
