"""The extraction bounds of this installation: `zwgk.extract.Limits` built from the ZWGK_EXTRACT_* settings."""

from __future__ import annotations

from django.conf import settings

from zwgk.extract import Limits


def limits(max_bytes: int | None = None) -> Limits:
    """Limits for one upload; `max_bytes` defaults to ZWGK_MAX_UPLOAD_MB."""
    return Limits(
        max_bytes=max_bytes if max_bytes is not None else int(settings.MAX_UPLOAD_MB) * 1024 * 1024,
        max_uncompressed=int(settings.EXTRACT_MAX_INFLATED_MB) * 1024 * 1024,
        max_ratio=int(settings.EXTRACT_MAX_RATIO),
        max_members=int(settings.EXTRACT_MAX_MEMBERS),
        max_pages=int(settings.EXTRACT_MAX_PDF_PAGES),
        max_seconds=float(settings.EXTRACT_MAX_SECONDS),
    )
