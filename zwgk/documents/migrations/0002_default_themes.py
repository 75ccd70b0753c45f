import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data" / "themes.json"


def seed(apps, schema_editor):
    Theme = apps.get_model("documents", "Theme")
    if Theme.objects.exists():
        return
    themes = json.loads(DATA.read_text(encoding="utf-8"))["themes"]
    for index, (name, children) in enumerate(themes, start=1):
        parent = Theme.objects.create(name=name, sort_order=index * 10)
        for sub_index, child in enumerate(children, start=1):
            Theme.objects.create(name=child, parent=parent, sort_order=sub_index * 10)


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
