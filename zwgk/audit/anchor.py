"""The chain's head kept outside its table, so that cutting off the newest events (or all) is detected.

After every committed event the latest (id, hash) and the number of events up to it are written to
ZWGK_AUDIT_ANCHOR_FILE (atomically, under a file lock, never moving backwards) and, with
ZWGK_AUDIT_ANCHOR_SYSLOG=1, sent to syslog. `zwgk audit verify` checks that the anchored event is still in the
table with the same hash and that as many events lead up to it (docs/subsystems/audit.md).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Anchor:
    last_id: int
    last_hash: str
    count: int


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def read() -> Anchor | None:
    try:
        data = json.loads(anchor_path().read_text("utf-8"))
        return Anchor(int(data["last_id"]), str(data["last_hash"]), int(data["count"]))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise AnchorError(
            f"链头锚点文件无法读取（{anchor_path()}）",
            f"the chain anchor file {anchor_path()} is unreadable ({exc.__class__.__name__})",
        ) from None


def read_or_none() -> Anchor | None:
    try:
        return read()
    except AnchorError:
        return None


class AnchorError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(f"{zh} / {en}")


def current_head() -> Anchor | None:
    from zwgk.audit.models import AuditEvent

    head = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    if head is None:
        return None
    return Anchor(head[0], head[1], AuditEvent.objects.filter(id__lte=head[0]).count())


def update(*, force: bool = False) -> Anchor | None:
    """Write the table's committed head; an older head never overwrites a newer one unless `force` (restore)."""
    head = current_head()
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with contextlib.suppress(AnchorError):
            previous = read()
            if head is not None and previous is not None and previous.last_id >= head.last_id and not force:
                return previous
        if head is None:
            if force:
                path.unlink(missing_ok=True)
            return None
        partial = path.with_name(path.name + ".partial")
        partial.write_text(
            json.dumps({"last_id": head.last_id, "last_hash": head.last_hash, "count": head.count}), "utf-8"
        )
        os.replace(partial, path)
    if settings.AUDIT_ANCHOR_SYSLOG:
        _to_syslog(head)
    return head


def update_after_commit() -> None:
    """on_commit hook of every event: a failure to write the anchor is logged, never fails the action."""
    try:
        update()
    except Exception:  # disk full, permissions: the action committed; verify will report the stale anchor
        logger.exception("could not write the audit chain anchor %s", anchor_path())


def _to_syslog(head: Anchor) -> None:
    try:
        import syslog

        syslog.openlog("zwgk-audit", 0, syslog.LOG_AUTH)
        syslog.syslog(
            syslog.LOG_INFO, f"audit head id={head.last_id} hash={head.last_hash} count={head.count}"
        )
    except OSError:
        logger.warning("syslog unavailable for the audit anchor")


def check(anchor: Anchor | None) -> list[tuple[str, str]]:
    """(zh, en) problems of the table against the anchor; empty when the anchored head is intact."""
    from zwgk.audit.models import AuditEvent

    if anchor is None:
        return []
    stored: Any = AuditEvent.objects.filter(id=anchor.last_id).values_list("hash", flat=True).first()
    total = AuditEvent.objects.count()
    if stored is None:
        return [
            (
                f"锚点记录的最新事件 #{anchor.last_id} 已不在表中（现有 {total} 条，锚点记载 {anchor.count} 条）："
                "审计日志末尾被截断或被清空",
                f"the anchored head event #{anchor.last_id} is missing ({total} events now, the anchor "
                f"recorded {anchor.count}): the log was truncated or emptied",
            )
        ]
    problems = []
    if stored != anchor.last_hash:
        problems.append(
            (
                f"事件 #{anchor.last_id} 的哈希与锚点不符：链头被替换",
                f"event #{anchor.last_id} does not carry the anchored hash: the head was replaced",
            )
        )
    upto = AuditEvent.objects.filter(id__lte=anchor.last_id).count()
    if upto != anchor.count:
        problems.append(
            (
                f"截至事件 #{anchor.last_id} 应有 {anchor.count} 条记录，实有 {upto} 条",
                f"{anchor.count} events expected up to #{anchor.last_id}, {upto} found",
            )
        )
    return problems
