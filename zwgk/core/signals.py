"""Signals shared across apps.

`public_content_changed` is sent (after commit) whenever an object's public visibility or its public content may
have changed: published, withdrawn, validity changed, edited while public, converted from non-public. Receivers
(the search index, feeds, caches) must re-read the object through its `.public()` queryset rather than trust the
sender, so a withdrawn record disappears at once.
"""

from django.db import transaction
from django.dispatch import Signal

# sender = model class; kwargs: instance_id (pk), kind (short string such as "record", "interpretation", "faq")
public_content_changed = Signal()


def announce_public_change(model: type, instance_id: object, kind: str) -> None:
    """Send `public_content_changed` once the current transaction commits (immediately outside one)."""

    transaction.on_commit(
        lambda: public_content_changed.send(sender=model, instance_id=instance_id, kind=kind), robust=True
    )
