"""Background screening of large attachments, and the sweeper that re-queues screenings a worker lost."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from zwgk.secrecy.models import Screening, ScreeningStatus
from zwgk.secrecy.runner import run_screening


@db_task()
def screen_subject_task(screening_id: int) -> None:
    run_screening(screening_id)


@db_periodic_task(crontab(minute="*/5"))
def requeue_stuck_screenings() -> int:
    """Pending for 10 minutes or running for 30: the task was lost (worker restart). Claim each row with a
    conditional update so that two sweepers never queue the same screening twice."""
    now = timezone.now()
    requeued = 0
    for screening_id in Screening.objects.stuck(
        now - timedelta(minutes=10), now - timedelta(minutes=30)
    ).values_list("pk", flat=True):
        claimed = (
            Screening.objects.filter(pk=screening_id)
            .exclude(status=ScreeningStatus.DONE)
            .exclude(status=ScreeningStatus.FAILED)
            .update(status=ScreeningStatus.PENDING, requested_at=now, started_at=None)
        )
        if claimed == 1:
            requeued += 1
            screen_subject_task(screening_id)
    return requeued
