"""`zwgk serve` — web server (gunicorn) plus background worker and scheduler (huey) in one command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand


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
        processes: list[tuple[str, subprocess.Popen[bytes]]] = [("web", subprocess.Popen(web_cmd, env=env))]
        if not options["no_worker"]:
            worker_cmd = [sys.executable, "-m", "zwgk.cli", "run_huey"]
            processes.append(("worker", subprocess.Popen(worker_cmd, env=env)))
        self.stdout.write(f"网站 / web: http://{options['bind']}/  （按 Ctrl+C 停止 / Ctrl+C to stop）")

        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        while not stopping:
            for name, proc in processes:
                code = proc.poll()
                if code is not None:
                    self.stderr.write(
                        f"{name} 进程已退出（{code}），正在停止 / {name} exited with {code}, stopping"
                    )
                    exit_code = code or 1
                    stopping = True
            time.sleep(0.5)
        for _, proc in processes:
            if proc.poll() is None:
                proc.terminate()
        for _, proc in processes:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        if exit_code:
            raise SystemExit(exit_code)
