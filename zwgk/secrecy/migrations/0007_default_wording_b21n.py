"""The shipped default 规范表述 list (zwgk/screening/data/default_wording.tsv; its header names the sources)."""

from django.db import migrations


def load(apps, schema_editor):
    from zwgk.screening.wording import default_wording

    WordingRule = apps.get_model("secrecy", "WordingRule")
    existing = set(WordingRule.objects.values_list("wrong", flat=True))
    WordingRule.objects.bulk_create(
        WordingRule(
            wrong=entry.wrong,
            right=entry.right,
            kind=entry.kind,
            note=entry.note,
            exceptions="\n".join(entry.exceptions),
        )
        for entry in default_wording()
        if entry.wrong not in existing
    )


def unload(apps, schema_editor):
    from zwgk.screening.wording import default_wording

    WordingRule = apps.get_model("secrecy", "WordingRule")
    WordingRule.objects.filter(wrong__in=[e.wrong for e in default_wording()], updated_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("secrecy", "0006_wording_b21n")]

    operations = [migrations.RunPython(load, unload)]
