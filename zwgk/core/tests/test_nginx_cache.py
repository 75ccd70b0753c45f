"""Issue 22: the shipped nginx configuration (deploy/nginx/) in front of `zwgk serve` on loopback.

Debian's nginx (`make system-deps`) runs the shipped snippets; `zwgk serve` runs on its own SQLite data directory
with the documents demo. The test proves: anonymous public pages are micro-cached (X-Cache-Status HIT) per display
mode; a session cookie bypasses the cache and never fills it; static files are nginx's own; a withdrawn record
disappears from Django's cache at once (within the per-process token hold) and from nginx's within its
micro-cache seconds.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
import time
from pathlib import Path

import pytest

from zwgk import testdb
from zwgk.testdata import sqlite_pass_only

# One worker runs both tests, so the stack (migrate, demo, gunicorn, nginx) starts once per run.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("nginx-stack"),
    sqlite_pass_only("the stack runs `zwgk serve` on its own SQLite data directory"),
]

REPO = Path(__file__).resolve().parents[3]
MICRO = 3  # ZWGK_SHARED_CACHE_SECONDS for this server (the shipped default is 5)
HOLD_MS = 1000


def _stack_module():
    spec = importlib.util.spec_from_file_location("zwgk_bench_stack", REPO / "bench" / "stack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


WITHDRAW = """
from django.db import transaction
from zwgk.accounts.models import User
from zwgk.documents import actions
from zwgk.documents.models import Record
record = Record.objects.get(pk={pk})
for user in User.objects.filter(is_active=True):
    try:
        with transaction.atomic():
            actions.withdraw(record, by=user, reason="测试撤回")
    except Exception:
        continue
    print("withdrawn by", user.username)
    break
"""


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    assert shutil.which("nginx"), "nginx is missing: run `make system-deps` (Debian package nginx)"
    st = _stack_module()
    work = tmp_path_factory.mktemp("nginx-stack")
    env = st.app_env(
        work / "data",
        ZWGK_SHARED_CACHE_SECONDS=str(MICRO),
        ZWGK_PUBLIC_TOKEN_HOLD_MS=str(HOLD_MS),
        ZWGK_PUBLIC_CACHE_SECONDS="300",
    )
    # The test schema snapshot when current (zwgk/testdb.py): `migrate` then only checks there is nothing to do.
    (work / "data").mkdir()
    testdb.restore_file(work / "data" / "zwgk.sqlite3")
    st.zwgk(["migrate", "-v0"], env)
    st.zwgk(["demo", "-v0", "load", "--upto", "documents"], env)
    app_port, web_port = st.free_port(), st.free_port()
    stack = st.Stack(work)
    try:
        serve = st.start_serve(stack, env, app_port, workers=1)
        st.wait_ready(f"http://127.0.0.1:{app_port}/xxgk/", serve)
        conf = st.nginx_conf(
            work, port=web_port, upstreams=[app_port], static_root=REPO / "zwgk" / "core" / "static"
        )
        nginx = st.start_nginx(stack, conf)
        st.wait_ready(f"http://127.0.0.1:{web_port}/static/zwgk/css/zwgk.css", nginx, timeout=30)
        yield st, env, f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{web_port}"
    finally:
        stack.stop()


def test_public_pages_are_micro_cached_per_display_mode_and_bypassed_by_a_session(stack):
    st, _, _, web = stack
    status, headers, body = st.get(web + "/xxgk/")
    assert status == 200 and headers["x-cache-status"] in ("MISS", "EXPIRED", "HIT")
    assert headers["cache-control"] == f"public, max-age=0, s-maxage={MICRO}, must-revalidate"
    assert headers["etag"].startswith('W/"') and "last-modified" in headers
    status, headers, again = st.get(web + "/xxgk/")
    assert status == 200 and headers["x-cache-status"] == "HIT" and again == body
    # another display mode is another page (its markup differs)
    status, headers, large = st.get(web + "/xxgk/", {"Cookie": "zwgk_display=large"})
    assert headers["x-cache-status"] == "MISS" and b"mode-large" in large and b"mode-large" not in body
    # a session cookie: never answered from the cache, never stored
    for _ in range(2):
        status, headers, _ = st.get(web + "/xxgk/policies/", {"Cookie": "sessionid=abc123"})
        assert headers["x-cache-status"] == "BYPASS"
    status, headers, _ = st.get(web + "/xxgk/policies/")
    assert headers["x-cache-status"] == "MISS"
    # staff pages say private, no-store and are never kept
    status, headers, _ = st.get(web + "/workspace/")
    assert headers.get("x-cache-status") in ("MISS", None) and "no-store" in headers["cache-control"]
    assert st.get(web + "/workspace/")[1].get("x-cache-status") != "HIT"
    # static files are served by nginx itself
    status, headers, _ = st.get(web + "/static/zwgk/css/zwgk.css")
    assert status == 200 and "x-cache-status" not in headers and headers["server"].startswith("nginx")


def test_a_withdrawn_record_leaves_django_at_once_and_nginx_within_its_micro_cache_seconds(stack):
    st, env, app, web = stack
    listing = json.loads(st.get(app + "/api/v1/records/")[2])
    pk = listing["results"][0]["id"]
    url = f"/xxgk/records/{pk}/"
    assert st.get(web + url)[0] == 200
    status, headers, _ = st.get(web + url)
    assert status == 200 and headers["x-cache-status"] == "HIT"
    assert st.get(app + url)[1].get("x-cache") == "hit"  # Django's own cache holds it too

    assert "withdrawn by" in st.zwgk(["shell", "-c", WITHDRAW.format(pk=pk)], env)
    withdrawn_at = time.monotonic()
    gone_from_django = gone_from_nginx = None
    while time.monotonic() - withdrawn_at < MICRO + HOLD_MS / 1000 + 5:
        now = time.monotonic() - withdrawn_at
        if gone_from_django is None and st.get(app + url)[0] == 404:
            gone_from_django = now
        if gone_from_nginx is None and st.get(web + url)[0] == 404:
            gone_from_nginx = now
        if gone_from_django is not None and gone_from_nginx is not None:
            break
        time.sleep(0.1)
    # Django: the next request after the token hold (another process made the change)
    assert gone_from_django is not None and gone_from_django <= HOLD_MS / 1000 + 0.5
    # nginx: within its micro-cache seconds (plus the hold, plus one refresh)
    assert gone_from_nginx is not None and gone_from_nginx <= MICRO + HOLD_MS / 1000 + 1
    # and the 404 is not cached: it stays a 404 answered by the application
    status, headers, _ = st.get(web + url)
    assert status == 404 and headers.get("x-cache-status") != "HIT"
