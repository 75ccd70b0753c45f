"""State changes of agencies."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zwgk.accounts.permissions import require
from zwgk.agencies.models import Agency, AgencyKind
from zwgk.audit.log import record, snapshot
from zwgk.core.errors import Refused

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


def set_supervisor(agency: Agency, supervisor: Agency | None, *, by: Any) -> Agency:
    """The 公开办 names the 主管部门 of a 公共企事业单位 (work plan item 六); None clears it."""
    require(by, "agencies.set_supervisor", agency)
    with transaction.atomic():
        locked = Agency.objects.select_for_update().get(pk=agency.pk)
        if locked.kind != AgencyKind.PUBLIC_INSTITUTION:
            raise Refused("只有公共企事业单位才设置主管部门。")
        if supervisor is not None and (
            supervisor.pk == locked.pk or supervisor.kind == AgencyKind.PUBLIC_INSTITUTION
        ):
            raise Refused("主管部门应为区政府部门等行政机关，不能是本单位或其他公共企事业单位。")
        before = locked.supervisor_id
        new = supervisor.pk if supervisor is not None else None
        if before == new:
            return locked
        locked.supervisor_id = new
        locked.save(update_fields=["supervisor"])
        record(
            "agency.supervisor_set",
            obj=locked,
            actor=by,
            before={"supervisor": before},
            after={"supervisor": new},
        )
    return locked
