"""Figures of 政策找人 per policy and per year: profiles matched, notified, opened, and 申报 received (recorded
by staff). Shown on the policy's workspace page and as the work plan's live indicators for items 二 and 五."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from zwgk.policymatch.matching import concerned
from zwgk.policymatch.models import ApplicationTally, Notification, NotificationStatus, PolicyEligibility


@dataclass(frozen=True)
class PolicyFigures:
    subscribed: int  # active subscriptions of the policy's kind
    matched: int  # of them 符合 now
    maybe: int  # of them 可能符合 now
    queued: int
    notified: int  # sent (at least the inbox and one chosen channel)
    failed: int
    opened: int
    applications: int | None  # the latest 申报 count staff recorded; None = not recorded

    @property
    def open_share(self) -> str:
        return f"{self.opened / self.notified * 100:.0f}%" if self.notified else "—"


def latest_tally(record_id: int) -> ApplicationTally | None:
    return ApplicationTally.objects.filter(record_id=record_id).order_by("-as_of", "-pk").first()


def for_policy(item: PolicyEligibility) -> PolicyFigures:
    who = concerned(item)
    counts = Notification.objects.for_record(item.record_id).aggregate(
        queued=Count("pk", filter=Q(status=NotificationStatus.QUEUED)),
        notified=Count("pk", filter=Q(status=NotificationStatus.SENT)),
        failed=Count("pk", filter=Q(status=NotificationStatus.FAILED)),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
    )
    tally = latest_tally(item.record_id)
    return PolicyFigures(
        subscribed=who["subscribed"],
        matched=who["eligible"],
        maybe=who["maybe"],
        applications=None if tally is None else tally.received,
        **counts,
    )


def _notifications(year: int, agency_id: int | None) -> QuerySet[Notification]:
    qs = Notification.objects.filter(created_at__year=year)
    return qs if agency_id is None else qs.filter(record__agency_id=agency_id)


def year_pushes(year: int, agency_id: int | None) -> dict[str, int]:
    return _notifications(year, agency_id).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=NotificationStatus.SENT)),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
    )


def year_applications(year: int, agency_id: int | None) -> tuple[int, int]:
    """(申报 received, policies counted): the latest tally of each policy counted in `year`."""
    tallies = ApplicationTally.objects.filter(as_of__year=year)
    if agency_id is not None:
        tallies = tallies.filter(record__agency_id=agency_id)
    latest: dict[int, int] = {}
    for record_id, received in tallies.order_by("record_id", "-as_of", "-pk").values_list(
        "record_id", "received"
    ):
        latest.setdefault(record_id, received)
    return sum(latest.values()), len(latest)
