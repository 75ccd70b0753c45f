"""Background work of 政策找人: queueing pushes for a policy, and the delivery sweep (never in a request)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from zwgk.policymatch import subscriptions
from zwgk.policymatch.models import PolicyEligibility


@db_task()
def queue_policy(eligibility_id: int) -> None:
    item = PolicyEligibility.objects.select_related("record").filter(pk=eligibility_id).first()
    if item is not None:
        subscriptions.queue_for_policy(item)


@db_periodic_task(crontab(minute="5", hour="7"))
def queue_opened() -> None:
    """Policies whose 申报期限 opened since yesterday reach their subscribers (queueing is idempotent)."""
    for item in PolicyEligibility.objects.matchable(timezone.localdate()):
        subscriptions.queue_for_policy(item)


@db_periodic_task(crontab(minute="*/5"))
def deliver() -> None:
    subscriptions.deliver_due()
