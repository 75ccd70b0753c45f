"""Browser suite: Debian's Chromium driven by Playwright for Python, axe-core from npm, the demo district served
by `zwgk serve` from its own data directory.

Nothing is downloaded at run time: Chromium comes from apt (`apt-get install chromium`, never `playwright
install`), axe-core from `npm install` in this folder (both done by `make test-browser`). Screenshots go to
var/browser-artifacts/ (README: 浏览器测试).
"""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("ZWGK_BROWSER_DATA_DIR", ROOT / "var" / "browser"))
ARTIFACTS = Path(os.environ.get("ZWGK_BROWSER_ARTIFACTS", ROOT / "var" / "browser-artifacts"))
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("ZWGK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ZWGK = str(Path(sys.executable).with_name("zwgk"))

MODES = ["standard", "large", "contrast", "large-contrast"]
WIDTHS = [1366, 320]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"ZWGK_DATA_DIR": str(DATA_DIR), "ZWGK_DEBUG": "1"})
    env.pop("ZWGK_TESTING", None)
    env.pop("ZWGK_DATABASE_URL", None)  # the suite always uses its own SQLite file under DATA_DIR
    return env


def _prepare_data() -> None:
    """Migrate, collect static files and load the demo district once; later runs reuse the data directory. With
    `-n 2` the first worker prepares while the other waits on the lock (then finds the work done)."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    with (DATA_DIR / ".prepare.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _prepare_locked()


def _prepare_locked() -> None:
    env = _env()
    subprocess.run([ZWGK, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([ZWGK, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    marker = DATA_DIR / ".demo-loaded"
    if not marker.exists():
        subprocess.run([ZWGK, "demo", "load"], env=env, check=True, stdout=subprocess.DEVNULL)
        marker.write_text("ok\n")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    if os.environ.get("ZWGK_BROWSER_URL"):  # a server that is already running (while developing)
        yield os.environ["ZWGK_BROWSER_URL"].rstrip("/")
        return
    _prepare_data()
    port = int(os.environ.get("ZWGK_BROWSER_PORT") or _free_port())
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    log_path = DATA_DIR / f"serve-{worker}.log"
    log = log_path.open("wb")
    server = subprocess.Popen(
        [ZWGK, "serve", "--bind", f"127.0.0.1:{port}"],
        env=_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=5) as response:  # noqa: S310 (loopback)
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"zwgk serve did not start; see {log_path}")
            time.sleep(0.5)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def new_context(
    browser: object, base_url: str, *, mode: str = "standard", width: int = 1366, **options: object
):
    """A browser context with the display-mode cookie set (what the 适老化 switch stores)."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": 900}, locale="zh-CN", bypass_csp=True, **options
    )
    context.add_cookies([{"name": "zwgk_display", "value": mode, "url": base_url}])
    return context
