"""The SQLite test database comes from tests/data/sqlite-schema.sql (zwgk/testdb.py): the snapshot must match
the migrations, and replaying it must give back exactly what was dumped."""

import sqlite3

import pytest

from zwgk import testdb


def test_the_snapshot_matches_the_migrations():
    # Fails after a migration (or a file a migration reads) changed without `make test-schema`.
    assert testdb.staleness() == ""


def test_replaying_the_snapshot_gives_back_the_same_database():
    text = testdb.SNAPSHOT.read_text(encoding="utf-8")
    raw = sqlite3.connect(":memory:")
    try:
        testdb.restore(raw, text)
        _, inputs = testdb._header(text)
        assert testdb.dump(raw, inputs) == text
        tables = {n for (n,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"django_migrations", "documents_record", "zwgk_search_fts"} <= tables
        assert raw.execute("SELECT count(*) FROM auth_permission").fetchone()[0] > 100
    finally:
        raw.close()


def test_a_changed_input_makes_the_snapshot_stale(monkeypatch):
    _, inputs = testdb._header(testdb.SNAPSHOT.read_text(encoding="utf-8"))
    current = testdb.fingerprint(inputs)
    target = testdb.ROOT / "zwgk" / "documents" / "data" / "themes.json"
    assert "zwgk/documents/data/themes.json" in inputs  # read by documents 0002_default_themes
    real_read = type(target).read_bytes

    def edited(path):
        data = real_read(path)
        return data + b" " if path == target else data

    monkeypatch.setattr(type(target), "read_bytes", edited)
    assert testdb.fingerprint(inputs) != current
    assert "make test-schema" in testdb.staleness()


@pytest.mark.django_db
def test_the_test_database_holds_what_the_migrations_seed():
    from django.contrib.contenttypes.models import ContentType
    from django.db.migrations.recorder import MigrationRecorder

    from zwgk.documents.models import Theme

    applied = set(MigrationRecorder.Migration.objects.values_list("app", "name"))
    assert ("documents", "0002_default_themes") in applied
    assert Theme.objects.exists() and ContentType.objects.filter(app_label="documents").exists()


def test_another_sqlite_version_migrates_for_real_without_a_failure(monkeypatch):
    assert testdb.usable()
    monkeypatch.setattr(testdb.sqlite3, "sqlite_version", "9.9.9")
    assert testdb.staleness() == "" and not testdb.usable()


def test_the_snapshot_is_deterministic_in_its_timestamps():
    text = testdb.SNAPSHOT.read_text(encoding="utf-8")
    applied = [line for line in text.splitlines() if line.startswith('INSERT INTO "django_migrations"')]
    assert len(applied) > 50 and all("'2019-12-31 16:00:00'" in line for line in applied)
