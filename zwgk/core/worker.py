"""Liveness of the background worker: a heartbeat thread in every huey consumer, and recovery of the jobs a dead
worker was running.

Each consumer process gets an id and beats every ZWGK_HEARTBEAT_SECONDS into two Heartbeat rows: "worker" (read
by /healthz) and "worker:<id>". Jobs that record the id of the worker running them (the secrecy screening) are
handed to the registered recovery functions once that worker has not beaten for ZWGK_WORKER_LOST_SECONDS —
checked by every live consumer on start and on each beat, so a job lost with its worker is requeued (or, after
repeated losses, failed visibly) within a minute instead of the 30-minute sweep.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger(__name__)

PREFIX = "worker:"
# fn(alive worker ids) -> number of jobs recovered; jobs of a worker id not in `alive` are lost.
RecoveryFn = Callable[[set[str]], int]

_recoveries: list[RecoveryFn] = []
_worker_id = ""
_started = threading.Lock()
_thread: threading.Thread | None = None


def register_recovery(fn: RecoveryFn) -> None:
    if fn not in _recoveries:
        _recoveries.append(fn)


def worker_id() -> str:
    """The id of this consumer process; "" outside a consumer (a web request running a job inline)."""
    return _worker_id


def beat() -> None:
    from zwgk.core.models import Heartbeat

    now = timezone.now()
    Heartbeat.objects.update_or_create(name="worker", defaults={"beat_at": now})
    if _worker_id:
        Heartbeat.objects.update_or_create(name=PREFIX + _worker_id, defaults={"beat_at": now})


def alive_workers() -> set[str]:
    from zwgk.core.models import Heartbeat

    cutoff = timezone.now() - timedelta(seconds=int(settings.WORKER_LOST_SECONDS))
    return {
        name[len(PREFIX) :]
        for name in Heartbeat.objects.filter(name__startswith=PREFIX, beat_at__gte=cutoff).values_list(
            "name", flat=True
        )
    }


def recover_lost_jobs() -> int:
    """Hand the jobs of dead workers to the registered recovery functions; forget the dead workers' rows."""
    from zwgk.core.models import Heartbeat

    alive = alive_workers()
    recovered = 0
    for fn in list(_recoveries):
        try:
            recovered += fn(alive)
        except Exception:  # one app's recovery failing must not stop the heartbeat
            logger.exception("recovery of lost jobs failed in %s", getattr(fn, "__qualname__", fn))
    cutoff = timezone.now() - timedelta(seconds=int(settings.WORKER_LOST_SECONDS) * 10)
    Heartbeat.objects.filter(name__startswith=PREFIX, beat_at__lt=cutoff).delete()
    return recovered


def start() -> bool:
    """Called when a consumer starts (huey on_startup, for each of its workers): the first call of the process
    beats, recovers lost jobs and starts the heartbeat thread, and returns True; later calls do nothing."""
    global _worker_id, _thread
    with _started:
        if _thread is not None:
            return False
        _worker_id = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        _once()
        _thread = threading.Thread(target=_loop, name="zwgk-heartbeat", daemon=True)
        _thread.start()
        return True


def _once() -> None:
    close_old_connections()
    try:
        beat()
        recover_lost_jobs()
    except Exception:  # the database may be briefly unavailable; the next beat tries again
        logger.exception("worker heartbeat failed")
    finally:
        close_old_connections()


def _loop() -> None:
    while True:
        time.sleep(int(settings.HEARTBEAT_SECONDS))
        _once()
