"""Issue 23 item 7 / issue 13 item 5: rate limits that hold across processes, the client address taken behind
trusted proxies (never the client-written first X-Forwarded-For entry), and duplicate submissions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

from zwgk.applications.models import Application
from zwgk.applications.tests.factories import form_post
from zwgk.core import ratelimit
from zwgk.core.middleware import client_ip
from zwgk.testdata import sqlite_pass_only

pytestmark = pytest.mark.django_db

WORKER = textwrap.dedent(
    """
    import json, os, sys
    import django
    django.setup()
    from zwgk.core import ratelimit
    mode, n = sys.argv[1], int(sys.argv[2])
    if mode == "create":
        from django.db import connection
        from zwgk.core.models import RateCounter
        with connection.schema_editor() as editor:
            editor.create_model(RateCounter)
        print(json.dumps(0))
    elif mode == "limit":
        print(json.dumps(sum(not ratelimit.over_limit("mp", "203.0.113.9", 10, 3600) for _ in range(n))))
    else:
        print(json.dumps(int(ratelimit.claim("mp-same", "the same payload", 600))))
    """
)


def _processes(tmp_path: Path, mode: str, count: int, n: int = 1) -> list[int]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zwgk.settings",
        "ZWGK_DEBUG": "1",
        "ZWGK_DATA_DIR": str(tmp_path),
        "ZWGK_DATABASE_URL": f"sqlite:///{tmp_path / 'rate.sqlite3'}",
    }
    env.pop("ZWGK_REDIS_URL", None)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, mode, str(n)], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(count)
    ]
    results = []
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


ONCE = sqlite_pass_only("the four worker processes run on their own SQLite file")


@ONCE
def test_a_limit_holds_across_four_processes(tmp_path):
    _processes(tmp_path, "create", 1)
    allowed = _processes(tmp_path, "limit", 4, n=10)  # 40 attempts at once against a limit of 10
    assert sum(allowed) == 10


@ONCE
def test_a_duplicate_claim_is_won_by_exactly_one_process(tmp_path):
    _processes(tmp_path, "create", 1)
    assert sorted(_processes(tmp_path, "claim", 4)) == [0, 0, 0, 1]


def test_counters_live_in_the_database_not_in_the_process_cache(settings):
    from django.core.cache import cache

    for _ in range(3):
        ratelimit.over_limit("t", "198.51.100.1", 2, 3600)
    cache.clear()  # what a second worker with its own LocMem would see
    assert ratelimit.over_limit("t", "198.51.100.1", 2, 3600)
    assert ratelimit.peek("t", "198.51.100.1", 3600).count == 4
    ratelimit.reset("t", "198.51.100.1")
    assert ratelimit.peek("t", "198.51.100.1", 3600).count == 0


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.5", "10.0.0.5"),
        (1, "", "10.0.0.5", "10.0.0.5"),
        (1, "203.0.113.7", "127.0.0.1", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "127.0.0.1", "203.0.113.7"),  # the client wrote 6.6.6.6
        (2, "6.6.6.6, 203.0.113.7, 192.0.2.1", "127.0.0.1", "203.0.113.7"),
        (2, "203.0.113.7", "127.0.0.1", "203.0.113.7"),
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, proxies, forwarded, remote, expected):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected


def test_a_random_first_forwarded_entry_does_not_escape_the_limit(settings, agency_a):
    """Production behind one proxy: 40 submissions, each with a made-up first X-Forwarded-For entry."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = 1
    settings.APPLICATION_SUBMIT_RATE = 3
    client = Client()
    passed = 0
    for i in range(12):
        response = client.post(
            "/apply/new/",
            form_post(agency_a.pk, description=f"第 {i} 件"),
            HTTP_X_FORWARDED_FOR=f"10.{i}.{i}.{i}, 203.0.113.7",
            REMOTE_ADDR="127.0.0.1",
        )
        passed += response.status_code == 302
    assert passed == 3 and Application.objects.count() == 3


def test_the_same_payload_twice_makes_one_application(agency_a):
    client = Client()
    first = client.post("/apply/new/", form_post(agency_a.pk))
    assert first.status_code == 302
    again = client.post("/apply/new/", form_post(agency_a.pk), follow=True)
    assert Application.objects.count() == 1
    number = Application.objects.get().number
    assert number in again.content.decode()  # the same browser is shown the first result (the done page)
    stranger = Client().post("/apply/new/", form_post(agency_a.pk))
    html = stranger.content.decode()
    assert stranger.status_code == 200 and "内容相同的申请刚刚已经提交" in html and number in html
    assert Application.objects.count() == 1
    assert Client().post("/apply/new/", form_post(agency_a.pk, description="另一件")).status_code == 302


class FakeRedis:
    """The four Redis commands the counters use, with expiry ignored."""

    def __init__(self):
        self.data: dict[str, object] = {}

    def incr(self, name):
        self.data[name] = int(self.data.get(name, 0)) + 1
        return self.data[name]

    def expire(self, name, seconds):
        return True

    def set(self, name, value, ex=None):
        self.data[name] = str(value)

    def mget(self, *names):
        return [self.data.get(n) for n in names]

    def delete(self, *names):
        for n in names:
            self.data.pop(n, None)


def test_with_redis_configured_the_counters_live_there(monkeypatch):
    from zwgk.core.models import RateCounter

    fake = FakeRedis()
    monkeypatch.setattr(ratelimit, "_redis", fake)
    assert [ratelimit.over_limit("r", "192.0.2.5", 2) for _ in range(3)] == [False, False, True]
    assert ratelimit.peek("r", "192.0.2.5", 3600).count == 3 and ratelimit.peek("r", "x", 3600).count == 0
    assert ratelimit.claim("r-same", "payload", 600) and not ratelimit.claim("r-same", "payload", 600)
    ratelimit.reset("r", "192.0.2.5")
    assert ratelimit.peek("r", "192.0.2.5", 3600).count == 0
    assert not RateCounter.objects.exists()
    assert not any("192.0.2.5" in name for name in fake.data)  # keys are hashed
