"""`zwgk serve` — web server (gunicorn) plus background worker and scheduler (huey) in one command.

The command supervises both: a process that dies is started again after a back-off (1 s, doubling to 30 s, back
to 1 s once it has run for a minute), and the other keeps running — a dead worker never takes the website down.
Ctrl+C or SIGTERM stops both. Production installations run the same two processes under systemd instead
(deploy/systemd/, Restart=on-failure).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from argparse import ArgumentParser
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import BaseCommand

BACKOFF_FIRST = 1.0
BACKOFF_MAX = 30.0
STABLE_AFTER = 60.0  # a process that ran this long has its back-off reset


@dataclass
class Supervised:
    name: str
    label: str
    command: list[str]
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    backoff: float = BACKOFF_FIRST
    restart_at: float | None = None
    restarts: int = field(default=0)

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, env=self.env)
        self.started_at = time.monotonic()
        self.restart_at = None


class Command(BaseCommand):
    help = "启动网站、后台任务和定时任务 / serve the web site with the background worker and scheduler"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("ZWGK_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("ZWGK_WEB_WORKERS", "3")))
        parser.add_argument("--no-worker", action="store_true", help="不启动后台任务进程 / web only")

    def handle(self, *args: Any, **options: Any) -> None:
        env = os.environ.copy()
        env.setdefault("DJANGO_SETTINGS_MODULE", "zwgk.settings")
        web_cmd = [
            sys.executable, "-m", "gunicorn", "zwgk.wsgi:application",
            "--bind", options["bind"],
            "--workers", str(options["workers"]),
            "--threads", "4",
            "--access-logfile", "-",
            "--timeout", "120",
        ]  # fmt: skip
        children = [Supervised("web", "网站", web_cmd, env)]
        if not options["no_worker"]:
            children.append(
                Supervised("worker", "后台任务", [sys.executable, "-m", "zwgk.cli", "run_huey"], env)
            )
        for child in children:
            child.start()
        self.stdout.write(f"网站 / web: http://{options['bind']}/  （按 Ctrl+C 停止 / Ctrl+C to stop）")

        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while not stopping:
            now = time.monotonic()
            for child in children:
                self._supervise(child, now)
            time.sleep(0.5)
        for child in children:
            if child.process is not None and child.process.poll() is None:
                child.process.terminate()
        for child in children:
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.process.kill()

    def _supervise(self, child: Supervised, now: float) -> None:
        if child.restart_at is not None:
            if now >= child.restart_at:
                child.start()
                child.restarts += 1
                pid = child.process.pid if child.process else "?"
                self.stderr.write(
                    f"{child.label}进程已重新启动（第 {child.restarts} 次，pid {pid}） / "
                    f"{child.name} restarted (#{child.restarts}, pid {pid})"
                )
            return
        assert child.process is not None
        code = child.process.poll()
        if code is None:
            return
        if now - child.started_at >= STABLE_AFTER:
            child.backoff = BACKOFF_FIRST
        child.restart_at = now + child.backoff
        self.stderr.write(
            f"{child.label}进程已退出（{code}），{child.backoff:g} 秒后重新启动 / "
            f"{child.name} exited with {code}, restarting in {child.backoff:g} s"
        )
        child.backoff = min(child.backoff * 2, BACKOFF_MAX)
