"""`zwgk serve` supervises its processes: kill -9 of the worker leaves the website up, and the worker is back
(and healthy on /healthz) within seconds. A real server on a loopback port, a real kill."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from zwgk.testing import copy_test_database

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  (loopback test server)
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def worker_pid(serve_pid: int) -> int | None:
    for pid in children(serve_pid):
        try:
            if b"run_huey" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        except FileNotFoundError:
            continue
    return None


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="[sqlite] runs the embedded default on a copied database"
)
def test_a_killed_worker_is_restarted_and_the_site_stays_up(tmp_path):
    database = tmp_path / "zwgk.sqlite3"
    copy_test_database(database)
    port = int(os.environ.get("ZWGK_TEST_SERVE_PORT") or free_port())
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "ZWGK_TESTING": "0",
        "ZWGK_DEBUG": "1",
        "ZWGK_DATA_DIR": str(tmp_path),
        "ZWGK_DATABASE_URL": f"sqlite:///{database}",
        "ZWGK_HEARTBEAT_SECONDS": "1",
        "ZWGK_WORKERS": "1",
    }
    serve = subprocess.Popen(
        [sys.executable, "-m", "zwgk.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert wait_for(lambda: get(f"{base}/healthz")[0] == 200, 90), "the server never became healthy"
        first = worker_pid(serve.pid)
        assert first is not None
        os.kill(first, signal.SIGKILL)
        statuses = []
        restarted = wait_for(
            lambda: statuses.append(get(f"{base}/healthz")[0]) or worker_pid(serve.pid) not in (None, first),
            30,
        )
        assert restarted, "the worker was not restarted"
        assert 0 not in statuses and serve.poll() is None  # the website answered throughout
        assert wait_for(lambda: get(f"{base}/healthz")[0] == 200, 60)
        assert json.loads(get(f"{base}/healthz")[1])["worker"] == "ok"
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            output = serve.communicate(timeout=30)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            serve.kill()
            output = serve.communicate()[0].decode(errors="replace")
    assert "worker exited with -9, restarting in 1 s" in output
    assert "worker restarted (#1" in output
