"""Checking and storing uploaded attachments: allowed formats, size, text extraction, metadata stripping.

Everything that can fail — and everything slow: extraction, metadata stripping — runs in memory before the
action's transaction starts (`prepare`); files are staged and moved into place when that transaction commits
(`FileJournal` over zwgk.core.staging), so nothing is half-saved and no write lock is held while a file is read.
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from types import TracebackType

from django.conf import settings
from django.core.files.storage import default_storage

from zwgk.core import staging
from zwgk.core.extraction import limits as extraction_limits
from zwgk.core.files import shorten_filename
from zwgk.documents.models import _upload_to
from zwgk.documents.sanitize import SanitizeError, strip_metadata
from zwgk.extract import KIND_LABELS, ExtractError, extract

logger = logging.getLogger(__name__)

# Formats agencies publish (issue: .docx .pdf .ofd .xlsx .jpg/.png); suffix -> the kind extract() must detect.
ALLOWED: dict[str, str] = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".ofd": "ofd",
    ".xlsx": "xlsx",
    ".jpg": "image",
    ".jpeg": "image",
    ".png": "image",
}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "ofd": "application/ofd",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


class AttachmentRejected(ValueError):
    """An upload that cannot be accepted; `message` is the Chinese text shown to the user."""

    def __init__(self, message: str, en: str = "") -> None:
        self.message = message
        self.en = en or message
        super().__init__(message)


@dataclass
class PreparedFile:
    filename: str
    suffix: str
    kind: str
    data: bytes
    public_data: bytes
    text: str
    pages: int | None
    warnings: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def public_sha256(self) -> str:
        return hashlib.sha256(self.public_data).hexdigest()


def max_bytes() -> int:
    return int(settings.MAX_UPLOAD_MB) * 1024 * 1024


def clean_filename(filename: str) -> str:
    name = PurePosixPath(str(filename).replace("\\", "/")).name.strip()
    return shorten_filename(name, 200) or "附件"


def prepare(data: bytes, filename: str) -> PreparedFile:
    """Validate an upload and produce its metadata-free public copy; raise AttachmentRejected on any problem."""
    name = clean_filename(filename)
    suffix = PurePosixPath(name.lower()).suffix
    if suffix not in ALLOWED:
        raise AttachmentRejected(
            f"不支持的文件类型“{suffix or '无扩展名'}”。附件只能是 .docx、.pdf、.ofd、.xlsx、.jpg 或 .png 文件。",
            f"unsupported file type {suffix or '(none)'}",
        )
    limit = max_bytes()
    if len(data) > limit:
        raise AttachmentRejected(
            f"文件大小 {len(data) / 1024 / 1024:.1f} MB，超过 {settings.MAX_UPLOAD_MB} MB 的上限。",
            f"file exceeds the {settings.MAX_UPLOAD_MB} MB limit",
        )
    limits = extraction_limits(limit)
    try:
        extracted = extract(data, name, limits)
    except ExtractError as exc:
        raise AttachmentRejected(f"“{name}”无法接收：{exc.zh}。", exc.en) from None
    expected = ALLOWED[suffix]
    if extracted.kind != expected:
        raise AttachmentRejected(
            f"“{name}”的内容与扩展名不符（扩展名为 {suffix}，内容实际是{_kind_label(extracted.kind)}）。",
            f"content ({extracted.kind}) does not match the extension {suffix}",
        )
    try:
        public_data = strip_metadata(data, extracted.kind)
        # The published copy must still open: extract from it again.
        again = extract(public_data, name, limits)
    except SanitizeError as exc:
        raise AttachmentRejected(f"“{name}”无法接收：{exc.zh}。", exc.en) from None
    except ExtractError as exc:
        raise AttachmentRejected(f"“{name}”清除文档属性后无法读取：{exc.zh}。", exc.en) from None
    return PreparedFile(
        filename=name,
        suffix=suffix,
        kind=extracted.kind,
        data=data,
        public_data=public_data,
        text=again.text if extracted.kind != "image" else "",
        pages=extracted.pages,
        warnings=list(extracted.warnings),
    )


def _kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


class FileJournal:
    """Stage files written inside a block (zwgk.core.staging); delete them if the block exits with an exception.

    Journals nest: a caller that wraps a whole transaction (the import command) removes the files staged by the
    actions inside it when that transaction rolls back. Files reach their final place only on commit.
    """

    def __init__(self) -> None:
        self._cleanup: AbstractContextManager[object] | None = None

    def save(self, prepared_name: str, data: bytes) -> str:
        return staging.put(_upload_to(None, prepared_name), data)

    def __enter__(self) -> FileJournal:
        self._cleanup = staging.rollback_cleanup()
        self._cleanup.__enter__()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        assert self._cleanup is not None
        return self._cleanup.__exit__(exc_type, exc, tb)


def delete_files(*names: str | None) -> None:
    for name in names:
        if name:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("could not remove replaced file %s", name)
