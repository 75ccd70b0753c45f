"""The one helper that writes audit events: `record(action, obj=..., before=..., after=...)`.

Called inside the action functions' transactions, so the event commits or rolls back with the change.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from zwgk.agencies.models import Agency
from zwgk.audit.chain import GENESIS, canonical, event_hash
from zwgk.audit.models import AuditEvent
from zwgk.core import context

# Arbitrary constant key for the PostgreSQL advisory lock that serialises chain appends.
_CHAIN_LOCK_KEY = 7_301_2019


def _agency_id_of(obj: Any) -> int | None:
    if obj is None:
        return None

    if isinstance(obj, Agency):
        return obj.pk
    return getattr(obj, "agency_id", None)


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """Values of `fields` on `obj`, for before/after records."""
    data: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        data[name] = getattr(obj, getattr(field, "attname", name))
    return canonical(data)


def record(
    action: str,
    *,
    obj: models.Model | None = None,
    agency: Any = None,
    actor: Any = None,
    summary: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    """Append one event. `actor` defaults to the user of the current request; None means the system."""
    ctx = context.current()
    if actor is None:
        actor = ctx.user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    agency_id = agency.pk if agency is not None and hasattr(agency, "pk") else agency
    if agency_id is None:
        agency_id = _agency_id_of(obj)
    event = AuditEvent(
        created_at=timezone.now(),
        actor=actor,
        actor_name=(getattr(actor, "display_name", "") or str(actor))[:150] if actor else "",
        agency_id=agency_id,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        summary=summary[:500],
        before=canonical(before) if before is not None else None,
        after=canonical(after) if after is not None else None,
        request_id=ctx.request_id,
        ip=ctx.ip,
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        # On SQLite every transaction is IMMEDIATE (settings), so appends are already serialised.
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event.prev_hash = last or GENESIS
        event.hash = event_hash(event.prev_hash, event.chain_fields())
        event.save()
        _anchor_on_commit()
    return event


def _anchor_on_commit() -> None:
    """Once per transaction: write the chain's head outside the table when the events commit (audit.anchor)."""
    from zwgk.audit.anchor import update_after_commit

    if not any(entry[1] is update_after_commit for entry in connection.run_on_commit):
        transaction.on_commit(update_after_commit)
