"""Verification of the stored chain."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from zwgk.audit.chain import ChainBreak, verify
from zwgk.audit.models import AuditEvent


def iter_breaks(progress: Callable[[int], None] | None = None) -> Iterator[ChainBreak]:
    def rows() -> Iterator[tuple[int, str, str, dict]]:
        for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
            if progress is not None:
                progress(1)
            yield event.id, event.prev_hash, event.hash, event.chain_fields()

    return verify(rows())
