"""Background screening of large attachments, the recovery of screenings whose worker died (heartbeat-based,
zwgk.core.worker), and the sweeper that re-queues screenings lost otherwise (a web process running one inline)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from zwgk.core import worker
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


# A screening whose worker died this often is failed visibly instead of requeued (it may be what kills it).
MAX_LOSSES = 2


def recover_lost_screenings(alive: set[str]) -> int:
    """Screenings running on a worker that stopped beating: requeue them, or fail them after MAX_LOSSES."""
    from zwgk.audit.log import record

    lost = (
        Screening.objects.filter(status=ScreeningStatus.RUNNING)
        .exclude(worker="")
        .exclude(worker__in=alive)
        .values_list("pk", "worker", "lost_count", "label")
    )
    now = timezone.now()
    recovered = 0
    for screening_id, dead, losses, label in list(lost):
        with transaction.atomic():
            claim = Screening.objects.filter(pk=screening_id, status=ScreeningStatus.RUNNING, worker=dead)
            if losses + 1 >= MAX_LOSSES:
                error = f"后台任务进程在筛查中 {losses + 1} 次意外退出，已停止自动重试，请重新筛查或人工审查"
                if claim.update(
                    status=ScreeningStatus.FAILED,
                    error=error,
                    worker="",
                    lost_count=F("lost_count") + 1,
                    finished_at=now,
                ):
                    record(
                        "secrecy.screening_lost",
                        obj=Screening.objects.get(pk=screening_id),
                        actor=None,
                        summary=f"自动筛查《{label}》无法完成：{error}",
                    )
                    recovered += 1
            elif claim.update(
                status=ScreeningStatus.PENDING,
                worker="",
                started_at=None,
                requested_at=now,
                lost_count=F("lost_count") + 1,
            ):
                transaction.on_commit(lambda pk=screening_id: screen_subject_task(pk))  # type: ignore[misc]
                recovered += 1
    return recovered


worker.register_recovery(recover_lost_screenings)
