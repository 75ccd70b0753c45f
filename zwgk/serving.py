"""`zwgk serve` — web server (gunicorn) plus background worker and scheduler (huey) in one command.

The command supervises both: a process that dies is started again after a back-off (1 s, doubling to 30 s, back
to 1 s once it has run for a minute), and the other keeps running — a dead worker never takes the website down.
Ctrl+C or SIGTERM stops both. Production installations run the same processes under systemd instead
(deploy/systemd/, Restart=on-failure) or docker compose (deploy/docker-compose.yml).

Cold start (issue 22 item 5): this module imports nothing from Django — `zwgk serve` is intercepted by zwgk.cli
before settings are read, so the supervisor does not set Django up only to start other processes. gunicorn runs
with `--preload`: the application (URLconf, views and the search lexicon, zwgk.wsgi) is loaded once in the master
and shared by the forked workers.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

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


def web_command(bind: str, workers: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "zwgk.wsgi:application",
        "--bind", bind,
        "--workers", str(workers),
        "--threads", "4",
        "--preload",
        "--access-logfile", "-",
        "--timeout", "120",
    ]  # fmt: skip


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="zwgk serve",
        description="启动网站、后台任务和定时任务 / serve the web site with the background worker and scheduler",
    )
    add_arguments(p)
    return p


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--bind", default=os.environ.get("ZWGK_BIND", "127.0.0.1:8000"))
    p.add_argument("--workers", type=int, default=int(os.environ.get("ZWGK_WEB_WORKERS", "3")))
    p.add_argument("--no-worker", action="store_true", help="不启动后台任务进程 / web only")


def main(argv: list[str]) -> None:
    run(vars(parser().parse_args(argv)), sys.stdout, sys.stderr)


def run(options: dict[str, object], stdout: object, stderr: object) -> None:
    out = _Writer(stdout)
    err = _Writer(stderr)
    env = os.environ.copy()
    env.setdefault("DJANGO_SETTINGS_MODULE", "zwgk.settings")
    bind = str(options["bind"])
    workers = options["workers"]
    assert isinstance(workers, int)
    children = [Supervised("web", "网站", web_command(bind, workers), env)]
    if not options["no_worker"]:
        children.append(Supervised("worker", "后台任务", [sys.executable, "-m", "zwgk.cli", "run_huey"], env))
    for child in children:
        child.start()
    out.write(f"网站 / web: http://{bind}/  （按 Ctrl+C 停止 / Ctrl+C to stop）")

    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while not stopping:
        now = time.monotonic()
        for child in children:
            _supervise(child, now, err)
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


class _Writer:
    def __init__(self, stream: object) -> None:
        self.stream = stream

    def write(self, text: str) -> None:
        self.stream.write(text if text.endswith("\n") else text + "\n")  # type: ignore[attr-defined]
        flush = getattr(self.stream, "flush", None)
        if flush is not None:
            flush()


def _supervise(child: Supervised, now: float, err: _Writer) -> None:
    if child.restart_at is not None:
        if now >= child.restart_at:
            child.start()
            child.restarts += 1
            pid = child.process.pid if child.process else "?"
            err.write(
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
    err.write(
        f"{child.label}进程已退出（{code}），{child.backoff:g} 秒后重新启动 / "
        f"{child.name} exited with {code}, restarting in {child.backoff:g} s"
    )
    child.backoff = min(child.backoff * 2, BACKOFF_MAX)
