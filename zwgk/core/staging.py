"""Staged uploads: every stored file is written under a staging name and moved into place when its row commits.

Every upload path uses `put()` (or `put_field()` for a model's FileField). The bytes go to
`MEDIA_ROOT/_staging/<final name>.<token>.part` at once; the row gets the final name; `transaction.on_commit`
moves the file into place (until then, this process reads it from staging: StagedFileSystemStorage, the default
storage). If the block rolls back inside `rollback_cleanup()` (or an action decorated with
`@staged_atomic`), the staged files are deleted at once; if the process dies, or an outer transaction rolls back,
they stay in `_staging` — never served, never backed up — until `sweep()` deletes them (daily, and when the
worker starts). A row that committed but whose move did not happen (kill between commit and move) is repaired
by the same sweep: its staged file is moved into place. Files under MEDIA_ROOT that no row references (older
than ZWGK_STAGING_MAX_AGE_HOURS) are deleted and reported too.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage
from django.db import connection, transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)

STAGING_DIR = "_staging"
_STAGED = re.compile(r"^(?P<final>.+)\.(?P<token>[0-9a-f]{16})\.part$")
_CHUNK = 1024 * 1024

F = TypeVar("F", bound=Callable[..., Any])

_pending: contextvars.ContextVar[tuple[list[Path], ...]] = contextvars.ContextVar("staged_files", default=())
# Final name → staged path of the files this process staged and has not moved yet: code running in the same
# transaction reads them where they are (StagedFileSystemStorage); other processes do not see them at all.
_in_flight: dict[str, Path] = {}
_in_flight_lock = threading.Lock()


class StagedFileSystemStorage(FileSystemStorage):
    """The default storage: a file staged by this process and not yet moved into place is read from staging."""

    def path(self, name: str) -> str:
        final = super().path(name)
        with _in_flight_lock:
            staged = _in_flight.get(name)
        if staged is not None and not os.path.exists(final):
            return str(staged)
        return final


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def staging_root() -> Path:
    return media_root() / STAGING_DIR


def put(final_name: str, content: bytes | IO[bytes] | File) -> str:
    """Stage `content` for the storage name `final_name` (unique, e.g. from an upload_to); return that name.

    The caller stores the returned name in its row; the file appears under it when the transaction commits.
    """
    final_name = final_name.lstrip("/")
    final = media_root() / final_name
    if final.exists() or ".." in Path(final_name).parts:
        raise ValueError(f"refusing to stage over {final_name}")
    staged = staging_root() / f"{final_name}.{secrets.token_hex(8)}.part"
    staged.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(staged, "xb") as out:
            _copy(content, out)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        staged.unlink(missing_ok=True)  # a full disk leaves no truncated file behind
        raise
    for journal in _pending.get():
        journal.append(staged)
    with _in_flight_lock:
        _in_flight[final_name] = staged
    if _outermost_is_test_case():
        # A test case owns the outermost transaction and never commits it: there the action's own block is the
        # commit point, which is now as far as the caller can tell (see rollback_cleanup for the other half).
        _promote(staged, final)
    else:
        transaction.on_commit(lambda: _promote(staged, final))
    return final_name


def put_field(field_file: FieldFile, filename: str, content: bytes | IO[bytes] | File) -> str:
    """Stage an upload for a model's FileField (its upload_to decides the name); sets `field_file.name`."""
    name = field_file.field.generate_filename(field_file.instance, filename)
    field_file.name = put(name, content)
    return field_file.name


def _copy(content: bytes | IO[bytes] | File, out: IO[bytes]) -> None:
    if isinstance(content, bytes | bytearray):
        out.write(content)
        return
    if hasattr(content, "seek"):
        content.seek(0)
    if isinstance(content, File):
        for chunk in content.chunks(_CHUNK):
            out.write(chunk)
        return
    while chunk := content.read(_CHUNK):
        out.write(chunk)


def _outermost_is_test_case() -> bool:
    blocks = getattr(connection, "atomic_blocks", [])
    return bool(blocks) and getattr(blocks[0], "_from_testcase", False)


def _promote(staged: Path, final: Path) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(staged, final)
    except FileNotFoundError:  # already moved (the sweep repaired it) or removed
        logger.warning("staged file %s vanished before it was moved into place", staged)
    _forget(staged)


def _forget(staged: Path) -> None:
    with _in_flight_lock:
        for name in [n for n, p in _in_flight.items() if p == staged]:
            del _in_flight[name]


@contextmanager
def rollback_cleanup() -> Iterator[list[Path]]:
    """Delete the files staged inside the block if it raises (its transaction rolled back)."""
    journal: list[Path] = []
    token = _pending.set((*_pending.get(), journal))
    try:
        yield journal
    except BaseException:
        for staged in journal:
            staged.unlink(missing_ok=True)
            _forget(staged)
            match = _STAGED.match(str(staged.relative_to(staging_root())))
            if match and _outermost_is_test_case():
                (media_root() / match["final"]).unlink(missing_ok=True)
        raise
    finally:
        _pending.reset(token)


def staged_atomic(func: F) -> F:
    """`@transaction.atomic` for an action that stores files: staged files are removed when it rolls back."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with rollback_cleanup(), transaction.atomic():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------------- sweep


@dataclass
class SweepReport:
    staged_removed: list[str] = field(default_factory=list)
    orphans_removed: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.staged_removed or self.orphans_removed or self.recovered)

    def summary(self) -> str:
        return (
            f"清理上传暂存区：删除未提交的暂存文件 {len(self.staged_removed)} 个、无记录引用的文件 "
            f"{len(self.orphans_removed)} 个，补全已提交但未就位的文件 {len(self.recovered)} 个"
        )


def referenced_names() -> set[str]:
    """Every storage name a FileField of any model points at."""
    from django.apps import apps
    from django.db import models

    names: set[str] = set()
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField) and model_field.concrete:
                values = (
                    model._default_manager.exclude(**{model_field.name: ""})
                    .values_list(model_field.name, flat=True)
                    .iterator(chunk_size=2000)
                )
                names.update(v for v in values if v)
    return names


def sweep(*, max_age_seconds: float | None = None, now: float | None = None) -> SweepReport:
    """Delete staged and orphan files older than the limit, move committed-but-staged files into place."""
    age = max_age_seconds if max_age_seconds is not None else int(settings.STAGING_MAX_AGE_HOURS) * 3600
    cutoff = (now if now is not None else time.time()) - age
    root, stage_root = media_root(), staging_root()
    referenced = referenced_names()
    report = SweepReport()
    if stage_root.is_dir():
        for path in sorted(p for p in stage_root.rglob("*") if p.is_file()):
            match = _STAGED.match(path.relative_to(stage_root).as_posix())
            final_name = match["final"] if match else ""
            if final_name in referenced and not (root / final_name).exists():
                _promote(path, root / final_name)
                report.recovered.append(final_name)
            elif _older(path, cutoff):
                path.unlink(missing_ok=True)
                report.staged_removed.append(path.relative_to(root).as_posix())
    data_dir = Path(settings.DATA_DIR).resolve()
    if root.resolve() == data_dir or root.resolve() in data_dir.parents:
        # ZWGK_MEDIA_DIR pointing at (or above) the data directory: "unreferenced" would include the database.
        logger.error("upload sweep: MEDIA_ROOT %s contains the data directory; orphans not swept", root)
    elif root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            if name.startswith(f"{STAGING_DIR}/") or name in referenced or not _older(path, cutoff):
                continue
            path.unlink(missing_ok=True)
            report.orphans_removed.append(name)
    _remove_empty_dirs(stage_root)
    return report


def _older(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:
        return False


def _remove_empty_dirs(top: Path) -> None:
    if not top.is_dir():
        return
    for directory in sorted((p for p in top.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        with suppress(OSError):  # not empty
            directory.rmdir()


def sweep_and_report() -> SweepReport:
    """The sweep with its report in the log and, when it did anything, in the audit log."""
    from zwgk.audit.log import record

    report = sweep()
    if report:
        logger.warning(
            "upload sweep: %d staged removed, %d orphans removed, %d recovered: %s",
            len(report.staged_removed),
            len(report.orphans_removed),
            len(report.recovered),
            ", ".join([*report.staged_removed, *report.orphans_removed, *report.recovered])[:2000],
        )
        with transaction.atomic():
            record(
                "core.files_swept",
                obj=None,
                actor=None,
                summary=report.summary(),
                after={
                    "staged_removed": report.staged_removed[:200],
                    "orphans_removed": report.orphans_removed[:200],
                    "recovered": report.recovered[:200],
                },
            )
    return report
