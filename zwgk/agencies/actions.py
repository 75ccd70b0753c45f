"""State changes of agencies."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zwgk.accounts.permissions import require
from zwgk.agencies.models import Agency
from zwgk.audit.log import record, snapshot

CONTACT_FIELDS = [
    "disclosure_office",
    "office_address",
    "office_hours",
    "phone",
    "fax",
    "email",
    "website",
    "postal_code",
]


def update_contact(agency: Agency, data: dict[str, Any], *, by: Any) -> Agency:
    require(by, "agencies.edit_contact", agency)
    with transaction.atomic():
        locked = Agency.objects.select_for_update().get(pk=agency.pk)
        before = snapshot(locked, CONTACT_FIELDS)
        for field in CONTACT_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        locked.full_clean()
        locked.save(update_fields=CONTACT_FIELDS)
        after = snapshot(locked, CONTACT_FIELDS)
        if before != after:
            record(
                "agency.contact_updated",
                obj=locked,
                actor=by,
                before={k: v for k, v in before.items() if after[k] != v},
                after={k: v for k, v in after.items() if before[k] != v},
            )
    return locked
