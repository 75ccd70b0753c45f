"""SQLite: the compact ranking/facet table and its delete trigger (re-runs the idempotent engine install)."""

from django.db import migrations


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from zwgk.search.backends.sqlite import INSTALL_SQL

    for statement in INSTALL_SQL:
        schema_editor.execute(statement)
    # Entries indexed before this migration: copy their ranking columns.
    schema_editor.execute(
        "INSERT OR IGNORE INTO zwgk_search_meta (id, kind, agency_name, year, theme, validity, boost, title) "
        "SELECT id, kind, agency_name, year, theme, validity, boost, title FROM search_searchentry"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0003_default_synonyms")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
