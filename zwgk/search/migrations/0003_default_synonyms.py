"""Fill the staff-editable synonym table with the platform's default groups (data/synonyms.txt)."""

from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "synonyms.txt"


def load(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for line in DATA.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        one_way = "=>" in line
        terms = line.replace("=>", ",")
        words = [w.strip() for w in terms.split(",") if w.strip()]
        if len(words) < 2:
            continue
        joined = "，".join(words)
        if not Synonym.objects.filter(terms=joined).exists():
            Synonym.objects.create(terms=joined, one_way=one_way, note="平台默认")


def unload(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(note="平台默认").delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_tables")]
    operations = [migrations.RunPython(load, unload)]
