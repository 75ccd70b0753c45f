"""Backup and restore round trip of the embedded database and uploaded files."""

import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from zwgk.agencies.models import Agency
from zwgk.audit.models import AuditEvent
from zwgk.testing import make_agency

pytestmark = pytest.mark.django_db(transaction=True)

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="[sqlite] online backup of the embedded database; PostgreSQL uses pg_dump",
)


@sqlite_only
def test_backup_and_restore_round_trip(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "attachments").mkdir(parents=True)
    (tmp_path / "media" / "attachments" / "a.txt").write_text("附件内容")
    make_agency("备份前的单位", code="B-BEFORE")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive), stdout=StringIO())
    assert archive.exists()
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert {"manifest.json", "zwgk.sqlite3", "media/attachments/a.txt"} <= set(names)

    make_agency("备份后的单位", code="B-AFTER")
    (tmp_path / "media" / "attachments" / "a.txt").write_text("被改动")
    call_command("restore", str(archive), "--yes", stdout=StringIO())

    assert Agency.objects.filter(code="B-BEFORE").exists()
    assert not Agency.objects.filter(code="B-AFTER").exists()
    assert (tmp_path / "media" / "attachments" / "a.txt").read_text() == "附件内容"
    assert AuditEvent.objects.filter(action="system.restore").exists()
    call_command("audit", "verify", stdout=StringIO())  # the restored chain plus the restore event is intact


@sqlite_only
def test_restore_refuses_without_confirmation_and_on_garbage(tmp_path):
    garbage = tmp_path / "x.tar.gz"
    garbage.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(garbage))
    with pytest.raises(CommandError, match="不是有效的备份文件"):
        call_command("restore", str(garbage), "--yes")


@sqlite_only
def test_restore_refuses_an_archive_with_a_corrupted_database(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive), stdout=StringIO())
    corrupted = tmp_path / "corrupted.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(corrupted, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "zwgk.sqlite3":
                data = data[:-100] + b"x" * 100
            import io

            dst.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="校验和不符"):
        call_command("restore", str(corrupted), "--yes")


@pytest.mark.skipif(connection.vendor == "sqlite", reason="[postgresql] the message names pg_dump")
def test_backup_on_postgresql_points_to_pg_dump(tmp_path):
    with pytest.raises(CommandError, match="pg_dump"):
        call_command("backup", "--output", str(Path(tmp_path) / "x.tar.gz"))
