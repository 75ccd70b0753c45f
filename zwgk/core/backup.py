"""Backup and restore of the embedded SQLite database and the uploaded files.

The database is copied with SQLite's online backup API, which gives a consistent snapshot while
the platform keeps running (a plain file copy of a live WAL database can be torn). PostgreSQL
installations use pg_dump / pg_restore instead (README: 备份与恢复).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

import zwgk
from zwgk.audit.log import record

DB_MEMBER = "zwgk.sqlite3"
MANIFEST_MEMBER = "manifest.json"
MEDIA_PREFIX = "media/"


class BackupError(Exception):
    pass


def _sqlite_path() -> Path:
    if connection.vendor != "sqlite":
        raise BackupError(
            "当前使用 PostgreSQL：请用 pg_dump / pg_restore 备份和恢复（见 README）。 / "
            "This installation uses PostgreSQL: back up with pg_dump and restore with pg_restore."
        )
    return Path(str(settings.DATABASES["default"]["NAME"]))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) if root.exists() else 0


def check_free_space(output_dir: Path, tmp_dir: Path, db_bytes: int, media_bytes: int) -> None:
    """Refuse before writing anything when the disk cannot hold the backup (a margin of 10 % + 10 MB)."""
    needs: dict[Any, int] = {}
    for directory, size in ((output_dir, db_bytes + media_bytes), (tmp_dir, db_bytes)):
        device = directory.stat().st_dev
        needs[device] = needs.get(device, 0) + size
    for directory in (output_dir, tmp_dir):
        need = int(needs.pop(directory.stat().st_dev, 0) * 1.1) + 10 * 1024 * 1024
        if not need:
            continue
        free = shutil.disk_usage(directory).free
        if free < need:
            raise BackupError(
                f"磁盘空间不足：备份约需 {need // (1024 * 1024)} MB，{directory} 所在磁盘仅剩 "
                f"{free // (1024 * 1024)} MB，未开始备份。请清理磁盘或用 --output 指定其他磁盘。 / "
                f"Not enough disk space: the backup needs about {need // (1024 * 1024)} MB, "
                f"{free // (1024 * 1024)} MB free at {directory}; nothing was written."
            )


def create_backup(output: Path) -> dict[str, Any]:
    db_path = _sqlite_path()
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    check_free_space(
        output.parent,
        Path(tempfile.gettempdir()),
        db_path.stat().st_size if db_path.exists() else 0,
        _tree_bytes(media_root),
    )
    try:
        return _create_backup(output, db_path, media_root)
    except OSError as exc:
        output.with_name(output.name + ".partial").unlink(missing_ok=True)
        raise BackupError(
            f"备份失败，未生成备份文件：{exc.strerror or exc}。 / Backup failed, nothing was kept: {exc}"
        ) from None
    except sqlite3.Error as exc:
        output.with_name(output.name + ".partial").unlink(missing_ok=True)
        raise BackupError(
            f"备份失败，未生成备份文件：{exc}。 / Backup failed, nothing was kept: {exc}"
        ) from None


def _create_backup(output: Path, db_path: Path, media_root: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / DB_MEMBER
        source = sqlite3.connect(db_path)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
            source.close()
        media_files = _media_files(media_root)
        manifest = {
            "format": 1,
            "zwgk_version": zwgk.__version__,
            "created_at": timezone.now().isoformat(),
            "database_bytes": copy.stat().st_size,
            "database_sha256": _sha256(copy),
            "media_files": len(media_files),
            "migrations": sorted(
                f"{app}.{name}"
                for app, name in MigrationRecorder.Migration.objects.values_list("app", "name")
            ),
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST_MEMBER)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(copy, arcname=DB_MEMBER)
            for path in media_files:
                archive.add(path, arcname=MEDIA_PREFIX + path.relative_to(media_root).as_posix())
        partial.replace(output)

    record("system.backup", summary=f"备份至 {output.name}", after={"file": output.name, **_short(manifest)})
    return manifest


def _media_files(media_root: Path) -> list[Path]:
    """Stored files, without the upload staging area (uncommitted uploads are not data; zwgk.core.staging)."""
    from zwgk.core.staging import STAGING_DIR

    if not media_root.exists():
        return []
    staging = media_root / STAGING_DIR
    return [p for p in media_root.rglob("*") if p.is_file() and staging not in p.parents]


def _short(manifest: dict[str, Any]) -> dict[str, Any]:
    return {k: manifest[k] for k in ("created_at", "database_bytes", "media_files")}


def _safe_media_name(name: str) -> PurePosixPath | None:
    if not name.startswith(MEDIA_PREFIX):
        return None
    relative = PurePosixPath(name[len(MEDIA_PREFIX) :])
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None
    return relative


def _member(archive: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    handle = archive.extractfile(member)
    if handle is None:
        raise BackupError(f"备份文件中的 {member.name} 无法读取 / cannot read {member.name}")
    return handle


@contextmanager
def _readable(archive_path: Path) -> Iterator[None]:
    """A truncated or corrupt archive (gzip or tar cut short) becomes a BackupError, not EOFError/zlib.error."""
    try:
        yield
    except (EOFError, zlib.error, tarfile.TarError) as exc:
        raise BackupError(
            f"备份文件不完整或已损坏（{archive_path.name}：{exc.__class__.__name__}），请换用其他备份 / "
            "the backup archive is truncated or corrupt"
        ) from None


def restore_backup(archive_path: Path) -> dict[str, Any]:
    db_path = _sqlite_path()
    if not archive_path.is_file():
        raise BackupError(f"备份文件不存在：{archive_path} / backup file not found")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        try:
            archive = tarfile.open(archive_path, "r:gz")  # noqa: SIM115  (closed by the with-block below)
        except (tarfile.TarError, OSError) as exc:
            raise BackupError(f"不是有效的备份文件（{exc}） / not a valid backup archive") from None
        with archive, _readable(archive_path):
            members = {m.name: m for m in archive.getmembers() if m.isfile()}
            if MANIFEST_MEMBER not in members or DB_MEMBER not in members:
                raise BackupError("备份文件缺少数据库或清单 / archive lacks the database or manifest")
            manifest = json.loads(_member(archive, members[MANIFEST_MEMBER]).read())
            db_copy = tmp_dir / DB_MEMBER
            with db_copy.open("wb") as handle:
                shutil.copyfileobj(_member(archive, members[DB_MEMBER]), handle)
            if _sha256(db_copy) != manifest.get("database_sha256"):
                raise BackupError("数据库校验和不符，备份文件可能已损坏 / database checksum mismatch")
            check = sqlite3.connect(db_copy)
            try:
                ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                has_django = check.execute(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name='django_migrations'"
                ).fetchone()
            finally:
                check.close()
            if not ok or not has_django:
                raise BackupError("备份中的数据库不完整或不是本平台的数据库 / not an intact zwgk database")
            staged_media = tmp_dir / "media"
            staged_media.mkdir()
            for name, member in members.items():
                relative = _safe_media_name(name)
                if relative is None:
                    continue
                target = staged_media / Path(*relative.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as handle:
                    shutil.copyfileobj(_member(archive, member), handle)
        connections.close_all()
        source = sqlite3.connect(db_copy)
        live = sqlite3.connect(db_path, timeout=30)
        try:
            source.backup(live)
        finally:
            live.close()
            source.close()
        if media_root.exists():
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            media_root.rename(media_root.with_name(f"{media_root.name}.before-restore-{stamp}"))
        shutil.copytree(staged_media, media_root)
    from zwgk.audit import anchor
    from zwgk.audit.log import record

    anchor.update(force=True)  # the restored chain is the chain now; its head replaces the anchor

    record(
        "system.restore",
        summary=f"从 {archive_path.name} 恢复",
        after={"file": archive_path.name, **_short(manifest)},
    )
    return manifest
