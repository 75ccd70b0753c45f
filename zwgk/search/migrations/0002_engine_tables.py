"""Create the engine side of the index: FTS5 tables and delete triggers on SQLite, GIN indexes on PostgreSQL."""

from django.db import migrations


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from zwgk.search.backends.sqlite import INSTALL_SQL
    elif vendor == "postgresql":
        from zwgk.search.backends.postgres import INSTALL_SQL
    else:
        return
    for statement in INSTALL_SQL:
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from zwgk.search.backends.sqlite import UNINSTALL_SQL
    elif vendor == "postgresql":
        from zwgk.search.backends.postgres import UNINSTALL_SQL
    else:
        return
    for statement in UNINSTALL_SQL:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
