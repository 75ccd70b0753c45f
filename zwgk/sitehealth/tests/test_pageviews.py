"""The page-view counter: public HTML pages only, no database write per request, no address stored, marks and
salt gone once the day is counted; the mirror endpoint for a caching proxy."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from zwgk.sitehealth import pageviews
from zwgk.sitehealth.models import DailySalt, PageViewDay, VisitorDay, VisitorMark
from zwgk.testing import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def counting(settings):
    settings.SITEHEALTH_PAGEVIEWS = True
    settings.SITEHEALTH_PAGEVIEW_MIRROR = False
    settings.SITEHEALTH_PAGEVIEW_FLUSH_SECONDS = 3600
    pageviews.flush()
    pageviews._salts.clear()
    yield
    pageviews.flush()


@time_machine.travel("2026-12-07 10:00:00+08:00", tick=False)
def test_public_pages_are_counted_in_memory_and_flushed_together(
    counting, gkb, django_assert_max_num_queries
):
    browser = Client(HTTP_USER_AGENT="Mozilla/5.0 甲", REMOTE_ADDR="10.0.0.1")
    browser.get("/")  # the day's salt is created once
    with django_assert_max_num_queries(40) as captured:
        browser.get("/")
    assert not any("sitehealth_" in q["sql"] for q in captured.captured_queries)  # no write per request
    Client(HTTP_USER_AGENT="Mozilla/5.0 乙", REMOTE_ADDR="10.0.0.2").get("/?utm=x")
    Client(HTTP_USER_AGENT="Baiduspider", REMOTE_ADDR="10.0.0.3").get("/")  # a bot
    Client().get("/no-such-page/")  # 404
    login(gkb).get(reverse("sitehealth:overview"))  # staff page
    Client(HTTP_USER_AGENT="zwgk-sitehealth/1.0").get("/")  # our own crawler
    assert PageViewDay.objects.count() == 0
    assert pageviews.flush() == 3
    assert PageViewDay.objects.get(path="/").views == 3
    assert VisitorMark.objects.count() == 2
    assert pageviews.totals(date(2026, 12, 7), date(2026, 12, 7)) == (3, 2)
    stored = " ".join(VisitorMark.objects.values_list("digest", flat=True))
    assert "10.0.0" not in stored and len(stored.split()[0]) == 32


def test_rollup_keeps_only_counts(counting):
    with time_machine.travel("2026-12-06 10:00:00+08:00", tick=False):
        pageviews.note("/", "10.0.0.1", "A")
        pageviews.note("/", "10.0.0.1", "A")
        pageviews.note("/xxgk/", "10.0.0.2", "B")
        pageviews.flush()
    with time_machine.travel("2026-12-07 00:05:00+08:00", tick=False):
        assert pageviews.rollup() == 1
    day = VisitorDay.objects.get(day=date(2026, 12, 6))
    assert (day.views, day.visitors) == (3, 2)
    assert not VisitorMark.objects.exists() and not DailySalt.objects.exists()
    assert pageviews.totals(date(2026, 12, 1), date(2026, 12, 31)) == (3, 2)


def test_the_same_visitor_gets_another_mark_under_the_next_days_salt(counting):
    with time_machine.travel("2026-12-06 10:00:00+08:00", tick=False):
        pageviews.note("/", "10.0.0.1", "A")
    with time_machine.travel("2026-12-07 10:00:00+08:00", tick=False):
        pageviews.note("/", "10.0.0.1", "A")
        pageviews.flush()
    first, second = VisitorMark.objects.order_by("day").values_list("digest", flat=True)
    assert first != second


def test_mirror_endpoint_counts_only_for_the_local_proxy(counting, settings):
    settings.SITEHEALTH_PAGEVIEW_MIRROR = True
    assert Client(REMOTE_ADDR="203.0.113.5").get("/_pv", HTTP_X_ORIGINAL_URI="/").status_code == 404
    response = Client(REMOTE_ADDR="127.0.0.1").get(
        "/_pv", HTTP_X_ORIGINAL_URI="/xxgk/?page=2", HTTP_USER_AGENT="M"
    )
    assert response.status_code == 204
    Client().get("/")  # the middleware does not count in mirror mode
    pageviews.flush()
    assert list(PageViewDay.objects.values_list("path", "views")) == [("/xxgk/", 1)]


def test_marks_flushed_after_the_roll_up_add_to_the_day(counting):
    with time_machine.travel("2026-12-06 23:59:00+08:00", tick=False):
        pageviews.note("/", "10.0.0.1", "A")
    with time_machine.travel("2026-12-07 00:05:00+08:00", tick=False):
        pageviews.rollup()
        # Another web process writes its buffer of yesterday a minute later.
        VisitorMark.objects.create(day=date(2026, 12, 6), digest="b" * 32)
    with time_machine.travel("2026-12-08 00:05:00+08:00", tick=False):
        pageviews.rollup()
    assert VisitorDay.objects.get(day=date(2026, 12, 6)).visitors == 2
    assert not VisitorMark.objects.exists()
