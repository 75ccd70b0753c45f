"""Issue 23 item 8: degraded but up. With a full disk or an unreachable database, public pages seen before are
served from their last good copy, every other page is a plain Chinese 503 (no traceback), commands print a
Chinese and English message, and `zwgk backup` checks the free space first."""

from __future__ import annotations

import errno
import tarfile
from collections import namedtuple
from contextlib import contextmanager
from io import StringIO

import pytest
from django.db import OperationalError, connection
from django.db.backends import utils as db_utils
from django.test import Client

from zwgk.core.signals import public_content_changed
from zwgk.documents.models import Record
from zwgk.testing import login

pytestmark = pytest.mark.django_db

FAILURES = {
    "disk-full": OperationalError("database or disk is full"),
    "unreachable": OperationalError(
        'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
    ),
}


@contextmanager
def broken_database(monkeypatch, failure):
    """Every query fails the way a full disk or a stopped database server makes it fail."""

    def fail(*args, **kwargs):
        raise failure

    with monkeypatch.context() as patch:
        patch.setattr(db_utils.CursorWrapper, "execute", fail)
        patch.setattr(db_utils.CursorWrapper, "executemany", fail)
        yield


def anonymous() -> Client:
    return Client(raise_request_exception=False)


@pytest.fixture(autouse=True)
def _no_copies():
    from django.core.cache import caches

    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.mark.parametrize("kind", sorted(FAILURES))
def test_a_public_page_seen_before_is_served_from_its_copy(monkeypatch, kind, agency_a):
    client = anonymous()
    good = client.get("/xxgk/")
    assert good.status_code == 200
    with broken_database(monkeypatch, FAILURES[kind]):
        again = client.get("/xxgk/")
        assert again.status_code == 200 and again["X-Degraded"] == "copy"
        assert again.content == good.content
        other = client.get("/xxgk/system/")  # never seen: no copy
    html = other.content.decode()
    assert other.status_code == 503 and "系统暂时无法提供服务" in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert other["Retry-After"]


def test_staff_pages_and_personal_pages_are_never_copied(monkeypatch, gkb):
    staff = login(gkb)
    staff.raise_request_exception = False
    assert staff.get("/workspace/").status_code == 200
    with broken_database(monkeypatch, FAILURES["disk-full"]):
        response = staff.get("/workspace/")
    assert response.status_code == 503 and "磁盘空间已满" in response.content.decode()


def test_a_public_change_drops_every_copy(monkeypatch, agency_a):
    client = anonymous()
    assert client.get("/xxgk/").status_code == 200
    public_content_changed.send(sender=Record, instance_id=1, kind="record")
    with broken_database(monkeypatch, FAILURES["unreachable"]):
        response = client.get("/xxgk/")
    assert response.status_code == 503  # a withdrawn record can never come back from a copy


def test_a_full_disk_while_storing_an_upload_is_a_503_not_a_500(monkeypatch, agency_a):
    from django.core.files.storage import FileSystemStorage

    from zwgk.applications.tests.factories import form_post

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    from zwgk.core import staging

    monkeypatch.setattr(FileSystemStorage, "_save", full)
    monkeypatch.setattr(
        staging, "_copy", full
    )  # uploads are written through the staging area (core/staging.py)
    response = anonymous().post("/apply/new/", form_post(agency_a.pk))
    assert response.status_code == 503 and "磁盘空间已满" in response.content.decode()


def test_commands_print_chinese_and_english_instead_of_a_traceback(monkeypatch, capsys):
    from zwgk.cli import main

    with broken_database(monkeypatch, FAILURES["disk-full"]), pytest.raises(SystemExit) as exit_:
        main(["deadline", "--received", "2025-03-03"])
    err = capsys.readouterr().err
    assert exit_.value.code == 1
    assert "磁盘空间已满" in err and "the disk is full" in err and "Traceback" not in err


sqlite_backup = [
    pytest.mark.django_db(transaction=True),  # SQLite's online backup waits for the test's open transaction
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="[sqlite] PostgreSQL installations back up with pg_dump"
    ),
]


@sqlite_backup[0]
@sqlite_backup[1]
def test_backup_checks_the_free_space_first(monkeypatch, tmp_path):
    from django.core.management import CommandError, call_command

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr("zwgk.core.backup.shutil.disk_usage", lambda path: usage(10**9, 10**9 - 1024, 1024))
    output = tmp_path / "b.tar.gz"
    with pytest.raises(CommandError, match="磁盘空间不足") as err:
        call_command("backup", "--output", str(output), stdout=StringIO())
    assert "Not enough disk space" in str(err.value)
    assert list(tmp_path.iterdir()) == []


@sqlite_backup[0]
@sqlite_backup[1]
def test_a_disk_that_fills_during_the_backup_is_a_message_and_leaves_nothing(monkeypatch, tmp_path):
    from django.core.management import CommandError, call_command

    real_open = tarfile.open

    def full(name, mode="r", *args, **kwargs):
        if "w" in mode:
            with open(name, "wb") as handle:
                handle.write(b"half an archive")
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(name, mode, *args, **kwargs)

    monkeypatch.setattr("zwgk.core.backup.tarfile.open", full)
    output = tmp_path / "b.tar.gz"
    with pytest.raises(CommandError, match="备份失败"):
        call_command("backup", "--output", str(output), stdout=StringIO())
    assert list(tmp_path.iterdir()) == []


def test_the_page_copy_file_cache_culls_every_hundred_writes_not_on_every_write(tmp_path, monkeypatch):
    from django.core.cache.backends.filebased import FileBasedCache

    from zwgk.core.degraded import PageCopyCache

    copies = PageCopyCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 50, "CULL_FREQUENCY": 2}})
    listed = []
    real = FileBasedCache._list_cache_files

    def counting(self):
        listed.append(1)
        return real(self)

    monkeypatch.setattr(FileBasedCache, "_list_cache_files", counting)
    for n in range(250):
        copies.set(f"page-{n}", b"<html>", 60)
    assert len(listed) == 3  # writes 1, 101 and 201
    assert copies.get("page-249") == b"<html>"
    assert len(list(tmp_path.glob("*.djcache"))) <= 50 + PageCopyCache.CULL_EVERY
