"""Hash chain of audit events (pure Python): each event's hash covers its content and the previous hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(value: Any) -> Any:
    """JSON-normalise a value exactly as it will be stored (dates and decimals become strings)."""
    return json.loads(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    payload = json.dumps(
        {"prev": prev_hash, **fields}, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


def verify(events: Iterable[tuple[int, str, str, Mapping[str, Any]]]) -> Iterator[ChainBreak]:
    """Check (id, prev_hash, hash, fields) tuples in id order; yield every break found."""
    previous = GENESIS
    for event_id, prev_hash, stored_hash, fields in events:
        if prev_hash != previous:
            yield ChainBreak(event_id, "前一条记录的哈希不符（记录被删除、插入或改动）")
        expected = event_hash(prev_hash, fields)
        if expected != stored_hash:
            yield ChainBreak(event_id, "记录内容与哈希不符（记录被改动）")
        previous = stored_hash
