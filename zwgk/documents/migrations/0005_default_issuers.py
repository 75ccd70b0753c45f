"""The usual issuers outside the district (staff add others on the 区外发文机关 page)."""

from django.db import migrations

DEFAULTS = [
    ("全国人民代表大会", "全国人大", "", "national"),
    ("全国人民代表大会常务委员会", "全国人大常委会", "全国人大常务委员会", "national"),
    ("中华人民共和国主席", "国家主席", "", "national"),
    ("国务院", "国务院", "中华人民共和国国务院", "national"),
    ("国务院办公厅", "国办", "", "national"),
    ("最高人民法院", "最高法", "", "national"),
    ("最高人民检察院", "最高检", "", "national"),
    ("天津市人民代表大会常务委员会", "市人大常委会", "天津市人大常委会", "provincial"),
    ("天津市人民政府", "市政府", "天津市政府", "provincial"),
    ("天津市人民政府办公厅", "市政府办公厅", "天津市政府办公厅", "provincial"),
]


def load(apps, schema_editor):
    Issuer = apps.get_model("documents", "Issuer")
    for order, (name, short, aliases, level) in enumerate(DEFAULTS, start=1):
        Issuer.objects.get_or_create(
            name=name, defaults={"short_name": short, "aliases": aliases, "level": level, "sort_order": order * 10}
        )


def unload(apps, schema_editor):
    apps.get_model("documents", "Issuer").objects.filter(name__in=[d[0] for d in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_issuer_outside_directory")]
    operations = [migrations.RunPython(load, unload)]
