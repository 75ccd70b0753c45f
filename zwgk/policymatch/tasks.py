"""Background work of 政策找人 (huey): queueing pushes for a policy, the triggers, sending codes and the delivery
sweep. Nothing here runs in a request; requests only enqueue these tasks after their transaction commits."""

from __future__ import annotations

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from zwgk.policymatch import subscriptions
from zwgk.policymatch.channels import ChannelError
from zwgk.policymatch.models import PolicyEligibility, Trigger

logger = logging.getLogger(__name__)

DEADLINE_WORKING_DAYS = 5  # issue 20: remind 5 working days before 申报 closes


@db_task()
def queue_policy(eligibility_id: int, trigger: str = Trigger.PUBLISHED) -> None:
    item = PolicyEligibility.objects.select_related("record").filter(pk=eligibility_id).first()
    if (
        item is not None
        and PolicyEligibility.objects.matchable(timezone.localdate()).filter(pk=item.pk).exists()
    ):
        subscriptions.queue_for_policy(item, trigger=trigger)


@db_task()
def send_code_message(channel: str, address: str, code: str) -> None:
    try:
        subscriptions.code_message(channel, address, code)
    except ChannelError as exc:
        # The subscriber sees no code and asks for a new one; the reason is in the log (no address written).
        logger.warning("验证码发送失败 / one-time code not sent (%s): %s", channel, exc)


@db_periodic_task(crontab(minute="5", hour="7"))
def queue_opened() -> None:
    """Policies whose 申报期限 opened since yesterday reach their subscribers (queueing is idempotent), and those
    closing within 5 working days reach the subscribers not told yet."""
    from zwgk.workdays.service import get_calendar  # (the calendar is read only by this daily sweep)

    today = timezone.localdate()
    horizon, _ = get_calendar(provisional=True).add_working_days(today, DEADLINE_WORKING_DAYS)
    for item in PolicyEligibility.objects.matchable(today):
        if item.closes_on is not None and item.closes_on <= horizon:
            trigger = Trigger.DEADLINE
        elif item.opens_on == today:
            trigger = Trigger.OPENED
        else:
            trigger = Trigger.PUBLISHED
        subscriptions.queue_for_policy(item, trigger=trigger)


def on_public_change(sender: object, instance_id: object, kind: str, **_: object) -> None:
    """A record became public (or changed while public): if it carries 申报条件, its subscribers are queued by the
    worker (`public_content_changed` is sent after commit; queueing is idempotent)."""
    if kind != "record":
        return
    item = (
        PolicyEligibility.objects.filter(record_id=int(str(instance_id))).values_list("pk", flat=True).first()
    )
    if item is not None:
        queue_policy(item)


@db_periodic_task(crontab(minute="*/5"))
def deliver() -> None:
    subscriptions.deliver_due()
