"""Add the platform's default abbreviations (data/abbreviations.txt) to the staff-editable synonym table."""

from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "abbreviations.txt"
NOTE = "平台默认简称"


def load(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for line in DATA.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        one_way = "=>" in line
        words = [w.strip() for w in line.replace("=>", ",").split(",") if w.strip()]
        if len(words) < 2:
            continue
        joined = "，".join(words)
        if not Synonym.objects.filter(terms=joined).exists():
            Synonym.objects.create(terms=joined, one_way=one_way, note=NOTE)
    IndexStatus = apps.get_model("search", "IndexStatus")
    status, _ = IndexStatus.objects.get_or_create(name="main")
    IndexStatus.objects.filter(name="main").update(dictionary_version=status.dictionary_version + 1)


def unload(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(note=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0004_sqlite_meta_table")]
    operations = [migrations.RunPython(load, unload)]
