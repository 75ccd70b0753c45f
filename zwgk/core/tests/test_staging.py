"""Staged uploads: a file reaches its place only when its row commits; rollbacks, kills and orphans are swept."""

import os
import tarfile
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction

from zwgk.applications import actions as app_actions
from zwgk.applications import services as app_services
from zwgk.applications.models import Application
from zwgk.audit.models import AuditEvent
from zwgk.core import staging

pytestmark = pytest.mark.django_db(transaction=True)

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64

FORM = {
    "applicant_type": "自然人",
    "applicant_name": "王五",
    "id_type": "居民身份证",
    "id_number": "110101199003070017",
    "phone": "13800000000",
    "description": "请公开2025年老旧小区改造计划",
    "preferred_form": "电子数据",
    "delivery": "在线获取",
}


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_an_identity_proof_appears_only_when_the_application_commits(media, agency_a):
    seen: dict[str, list[str]] = {}
    with transaction.atomic():
        app, _ = app_actions.submit_online(agency_a, FORM, SimpleUploadedFile("id.png", PNG))
        seen["inside"] = files_under(media)
    final = app.identity_proof.name
    assert all(name.startswith("_staging/") for name in seen["inside"]) and seen["inside"]
    assert files_under(media) == [final]
    assert (media / final).read_bytes() == PNG


def test_a_rolled_back_outer_transaction_leaves_only_a_staged_file_for_the_sweep(media, agency_a):
    with pytest.raises(RuntimeError), transaction.atomic():
        app_actions.submit_online(agency_a, FORM, SimpleUploadedFile("id.png", PNG))
        raise RuntimeError("the request failed after the action returned")
    assert not Application.objects.exists()
    left = files_under(media)
    assert len(left) == 1 and left[0].startswith("_staging/")  # never in place, never served or backed up
    assert staging.sweep(max_age_seconds=0).staged_removed == left
    assert files_under(media) == []


def test_a_failure_inside_the_action_removes_the_staged_file_at_once(media, agency_a, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("numbering failed")

    monkeypatch.setattr(app_services, "refresh_clock", boom)
    with pytest.raises(RuntimeError):
        app_actions.submit_online(agency_a, FORM, SimpleUploadedFile("id.png", PNG))
    assert files_under(media) == []


def test_the_sweep_removes_old_staged_and_orphan_files_and_reports_them(media, agency_a):
    app, _ = app_actions.submit_online(agency_a, FORM, SimpleUploadedFile("id.png", PNG))
    kept = app.identity_proof.name
    # What a kill -9 inside a submission leaves: a staged file nobody will move, and an orphan from before.
    killed = media / "_staging/applications/identity/2026/12/dead.png.0123456789abcdef.part"
    orphan = media / "applications/identity/2026/12/orphan.png"
    fresh = media / "applications/identity/2026/12/just-written.png"
    for path in (killed, orphan, fresh):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(PNG)
    old = time.time() - 2 * 86400
    for path in (killed, orphan, media / kept):
        os.utime(path, (old, old))

    report = staging.sweep_and_report()

    assert report.staged_removed == ["_staging/applications/identity/2026/12/dead.png.0123456789abcdef.part"]
    assert report.orphans_removed == ["applications/identity/2026/12/orphan.png"]
    assert (media / kept).exists() and fresh.exists()  # referenced, and too young to judge
    event = AuditEvent.objects.get(action="core.files_swept")
    assert "删除未提交的暂存文件 1 个" in event.summary and "无记录引用的文件 1 个" in event.summary


def test_a_commit_whose_move_was_lost_is_repaired_by_the_sweep(media, agency_a, monkeypatch):
    monkeypatch.setattr(staging, "_promote", lambda staged, final: None)  # killed between commit and move
    app, _ = app_actions.submit_online(agency_a, FORM, SimpleUploadedFile("id.png", PNG))
    monkeypatch.undo()
    assert not (media / app.identity_proof.name).exists()
    report = staging.sweep()
    assert report.recovered == [app.identity_proof.name]
    assert (media / app.identity_proof.name).read_bytes() == PNG


@pytest.mark.skipif(
    "sqlite" not in os.environ.get("ZWGK_DATABASE_URL", "sqlite"),
    reason="[sqlite] online backup (SQLite backup API)",
)
def test_the_backup_leaves_the_staging_area_out(media, tmp_path):
    (media / "_staging/documents").mkdir(parents=True)
    (media / "_staging/documents/x.pdf.0123456789abcdef.part").write_bytes(b"%PDF")
    (media / "documents").mkdir()
    (media / "documents/kept.pdf").write_bytes(b"%PDF")
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "--output", str(archive), stdout=StringIO())
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "media/documents/kept.pdf" in names
    assert not any("_staging" in name for name in names)


@pytest.mark.skipif(
    "sqlite" not in os.environ.get("ZWGK_DATABASE_URL", "sqlite"),
    reason="[sqlite] online backup (SQLite backup API)",
)
def test_a_truncated_backup_gives_a_chinese_message(media, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "--output", str(archive), stdout=StringIO())
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError, match="备份文件不完整或已损坏"):
        call_command("restore", str(cut), "--yes")


def test_a_staged_file_can_be_read_inside_its_own_transaction(media, agency_a):
    with transaction.atomic():
        app, _ = app_actions.submit_online(agency_a, FORM, SimpleUploadedFile("id.png", PNG))
        assert not (media / app.identity_proof.name).exists()  # not in place before the commit …
        with app.identity_proof.open("rb") as handle:  # … but this transaction reads it (inline screening)
            assert handle.read() == PNG
    assert (media / app.identity_proof.name).read_bytes() == PNG


def test_the_sweep_never_deletes_the_data_directory_when_media_points_at_it(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = str(tmp_path)  # misconfigured: the media directory contains the data directory
    database = tmp_path / "data" / "zwgk.sqlite3"
    database.parent.mkdir()
    database.write_bytes(b"SQLite format 3\0")
    old = time.time() - 3 * 86400
    os.utime(database, (old, old))
    assert staging.sweep().orphans_removed == []
    assert database.exists()
