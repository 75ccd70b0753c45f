"""Short-lived staging of an upload across a failed form submit, so that a citizen never has to choose a file twice.

A valid upload of a form that failed on another field is written under DATA_DIR/upload-staging/<token>/ (outside
MEDIA_ROOT, so backups never carry it); the form carries the signed token in a hidden field and shows
"已选择：文件名". A token is good for STAGING_MAX_AGE seconds and only with this site's SECRET_KEY; every write
sweeps entries older than that. Nothing here is public: the file is never served, only read back into the form.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

logger = logging.getLogger(__name__)

STAGING_MAX_AGE = 3600  # seconds
_SALT = "zwgk.core.formuploads"


def _root() -> Path:
    return Path(settings.DATA_DIR) / "upload-staging"


def sweep(max_age: int = STAGING_MAX_AGE) -> int:
    """Remove staged uploads older than max_age seconds; returns how many were removed."""
    root = _root()
    if not root.is_dir():
        return 0
    removed = 0
    cutoff = time.time() - max_age
    for entry in root.iterdir():
        try:
            if entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink()
                removed += 1
        except OSError:  # removed concurrently
            continue
    return removed


def stage(upload: UploadedFile) -> str:
    """Keep the upload for a while; returns a signed token naming it."""
    sweep()
    key = secrets.token_hex(16)
    folder = _root() / key
    folder.mkdir(parents=True, exist_ok=True)
    upload.seek(0)
    with (folder / "data").open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    upload.seek(0)
    name = Path(upload.name or "upload").name[:200]
    return signing.dumps({"k": key, "n": name, "t": upload.content_type or ""}, salt=_SALT)


def load(token: str | None) -> UploadedFile | None:
    """The staged upload a token names, or None (unknown, tampered with, expired or swept)."""
    if not token:
        return None
    try:
        meta = signing.loads(token, salt=_SALT, max_age=STAGING_MAX_AGE)
        path = _root() / str(meta["k"]) / "data"
        if not str(meta["k"]).isalnum() or not path.is_file():
            return None
        return SimpleUploadedFile(
            str(meta["n"]), path.read_bytes(), content_type=str(meta["t"]) or "application/octet-stream"
        )
    except (signing.BadSignature, KeyError, TypeError, OSError):
        return None


def discard(token: str | None) -> None:
    """Remove a staged upload once the form that carried it has been saved."""
    if not token:
        return
    try:
        key = str(signing.loads(token, salt=_SALT)["k"])
    except (signing.BadSignature, KeyError, TypeError):
        return
    if key.isalnum():
        shutil.rmtree(_root() / key, ignore_errors=True)
