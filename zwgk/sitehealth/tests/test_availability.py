"""The availability probe against a local server (ok, failure, timeout), and the month view with its SVG chart and
the 5% line."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from zwgk.sitehealth import services
from zwgk.sitehealth.models import Probe
from zwgk.sitehealth.tests.localserver import serve
from zwgk.testing import login

pytestmark = pytest.mark.django_db


def test_probe_records_each_key_page_with_its_time(settings):
    with serve() as base:
        settings.SITEHEALTH_PROBE_BASE_URL = base
        settings.SITEHEALTH_PROBE_PATHS = ["/", "/moved", "/error", "/missing"]
        rows = services.probe()
    assert [p.ok for p in rows] == [True, True, False, False]
    assert rows[2].error == "HTTP 500" and rows[0].ms is not None
    assert Probe.objects.count() == 4


def test_probe_of_a_dead_server_is_a_failure(settings):
    settings.SITEHEALTH_PROBE_BASE_URL = "http://127.0.0.1:9"
    settings.SITEHEALTH_PROBE_PATHS = ["/"]
    (row,) = services.probe()
    assert not row.ok and row.error == "连接被拒绝"


@time_machine.travel("2026-12-07 10:00:00+08:00", tick=False)
def test_month_view_draws_days_and_the_five_percent_line(gkb, drafter_a):
    tz = timezone.get_current_timezone()
    for day, fails in ((date(2026, 12, 2), 0), (date(2026, 12, 3), 6)):
        at = datetime.combine(day, datetime.min.time(), tzinfo=tz)
        Probe.objects.bulk_create(
            [
                Probe(at=at + timedelta(minutes=5 * i), url="http://x/", ok=i >= fails, ms=100)
                for i in range(100)
            ]
        )
    page = login(gkb).get(reverse("sitehealth:availability") + "?year=2026&month=12")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "5% 否决线" in html
    assert (
        'class="bar-danger"' in html
        and "12-03 失败 6.0%" in html
        and "本月访问 200 次，失败 6 次（3.0%）" in html
    )
    assert "<script" not in html.split("<main", 1)[-1]
    assert login(gkb).get(reverse("sitehealth:availability") + "?year=abc").status_code == 200
    assert login(drafter_a).get(reverse("sitehealth:availability")).status_code == 403
