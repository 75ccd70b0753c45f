"""The shipped serving stack on loopback, for the nginx cache test (zwgk/core/tests/test_nginx_cache.py) and the
serving benchmarks (bench/serving.py): Debian's nginx with deploy/nginx/zwgk-http.conf and zwgk-proxy.conf in
front of one or more `zwgk serve` nodes.

Everything runs on 127.0.0.1 under a temporary directory; every process started here is stopped by its own pid.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy" / "nginx"
VENV_BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Proc:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@dataclass
class Stack:
    workdir: Path
    procs: list[Proc] = field(default_factory=list)

    def stop(self) -> None:
        for proc in reversed(self.procs):
            proc.stop()
        self.procs.clear()

    def start(self, name: str, command: Sequence[str], env: Mapping[str, str] | None = None) -> Proc:
        log = self.workdir / f"{name}.log"
        handle = log.open("wb")
        process = subprocess.Popen(
            list(command), env=dict(env or os.environ), stdout=handle, stderr=subprocess.STDOUT, cwd=REPO
        )
        proc = Proc(name, process, log)
        self.procs.append(proc)
        return proc


def app_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment of a demo-mode `zwgk` process on its own data directory (SQLite unless extra says)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZWGK_", "DJANGO_", "PYTEST"))}
    env.update(
        {
            "ZWGK_DATA_DIR": str(data_dir),
            "ZWGK_DEBUG": "1",
            "ZWGK_TESTING": "0",
            "ZWGK_LOG_LEVEL": "WARNING",
        }
    )
    env.update(extra)
    return env


def zwgk(args: Sequence[str], env: Mapping[str, str], timeout: float = 600) -> str:
    done = subprocess.run(
        [str(VENV_BIN / "zwgk"), *args],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )
    if done.returncode != 0:
        raise RuntimeError(f"zwgk {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def nginx_conf(
    workdir: Path,
    *,
    port: int,
    upstreams: Sequence[int],
    static_root: Path,
    workers: int = 1,
) -> Path:
    """An nginx.conf around the shipped snippets; `/bench-static.html` is a static file (the bench peer)."""
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "cache"):
        (workdir / sub).mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstreams)
    user = "user root;\n" if os.geteuid() == 0 else ""
    text = f"""{user}worker_processes {workers};
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
daemon off;
events {{ worker_connections 2048; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    include {DEPLOY}/zwgk-http.conf;
    proxy_cache_path {workdir}/cache levels=1:2 keys_zone=zwgk:8m max_size=200m inactive=10m use_temp_path=off;
    upstream zwgk_app {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location /static/ {{ alias {static_root}/; }}
        location = /bench-static.html {{ root {workdir}; }}
        location / {{
            proxy_pass http://zwgk_app;
            include {DEPLOY}/zwgk-proxy.conf;
        }}
    }}
}}
"""
    path = workdir / "nginx.conf"
    path.write_text(text)
    return path


def start_nginx(stack: Stack, conf: Path) -> Proc:
    check = subprocess.run([NGINX, "-t", "-c", str(conf)], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
    return stack.start("nginx", [NGINX, "-c", str(conf)])


def start_serve(
    stack: Stack,
    env: Mapping[str, str],
    port: int,
    *,
    workers: int = 2,
    name: str = "serve",
    worker: bool = False,
) -> Proc:
    args = [str(VENV_BIN / "zwgk"), "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    if not worker:
        args.append("--no-worker")
    return stack.start(name, args, env)


def get(
    url: str, headers: Mapping[str, str] | None = None, timeout: float = 30
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=dict(headers or {}))  # noqa: S310  (loopback only)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310  (loopback only)
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def wait_ready(url: str, proc: Proc, timeout: float = 120) -> float:
    """Seconds until `url` answers 200 (raises with the process log when it does not)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc.process.poll() is not None:
            raise RuntimeError(f"{proc.name} exited:\n{proc.tail()}")
        try:
            status, _, _ = get(url, timeout=5)
            if status == 200:
                return time.monotonic() - start
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} not ready after {timeout} s:\n{proc.tail()}")
