"""Entries name the document that replaces them; template sentences per kind are kept out of the index.

On SQLite, adding a column rebuilds search_searchentry, which drops the delete trigger that keeps the FTS and
meta tables in step: the engine install is re-run and rows orphaned meanwhile are removed.
"""

from django.db import migrations, models




def reinstall_engine(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from zwgk.search.backends.sqlite import ENTRY_FTS, ENTRY_META, INSTALL_SQL

    for statement in INSTALL_SQL:
        schema_editor.execute(statement)
    schema_editor.execute(f"DELETE FROM {ENTRY_META} WHERE id NOT IN (SELECT id FROM search_searchentry)")
    schema_editor.execute(f"DELETE FROM {ENTRY_FTS} WHERE rowid NOT IN (SELECT id FROM search_searchentry)")


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0005_default_abbreviations'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchentry',
            name='successor_url',
            field=models.CharField(blank=True, max_length=500, verbose_name='替代文件链接'),
        ),
        migrations.CreateModel(
            name='BoilerplateSentence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=20, verbose_name='类别')),
                ('digest', models.CharField(max_length=32)),
                ('documents', models.PositiveIntegerField(default=0, verbose_name='出现文件数')),
            ],
            options={
                'verbose_name': '模板套话',
                'verbose_name_plural': '模板套话',
                'constraints': [models.UniqueConstraint(fields=('kind', 'digest'), name='search_boilerplate_unique')],
            },
        ),
        migrations.RunPython(reinstall_engine, migrations.RunPython.noop),
    ]
