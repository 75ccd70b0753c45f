"""Update monitoring: the 僵尸号 rule at exactly two weeks (pure and through the findings the self-check reads),
updates recorded by the unit, and feeds read from a local HTTP server — RSS, Atom, a redirect, a timeout, bad XML,
an entity declaration, a body too large (declared and streamed), a redirect loop, and addresses in private ranges
refused unless allowed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.test import override_settings

from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.newmedia import actions, fetch, freshness, services, tasks
from zwgk.newmedia.feedparse import FeedError, parse_feed
from zwgk.newmedia.models import Account, PostSource
from zwgk.testing import login

NOW = "2026-12-07 10:00:00+08:00"
LOCAL = override_settings(NEWMEDIA_FEED_ALLOW_PRIVATE=True, NEWMEDIA_FEED_TIMEOUT=1, NEWMEDIA_FEED_MAX_KB=64)


# --- the rule -----------------------------------------------------------------------------------------


def test_zombie_at_exactly_two_weeks_passes_and_one_day_more_fails():
    today = date(2026, 12, 21)
    exactly = freshness.evaluate(today - timedelta(days=14), None, today, 14)
    assert exactly.state == freshness.Freshness.DUE_SOON and exactly.ok and exactly.idle_days == 14
    over = freshness.evaluate(today - timedelta(days=15), None, today, 14)
    assert over.state == freshness.Freshness.ZOMBIE and not over.ok and "15 天未更新" in over.detail
    assert freshness.evaluate(today - timedelta(days=11), None, today, 14).state == freshness.Freshness.OK
    assert (
        freshness.evaluate(today - timedelta(days=12), None, today, 14).state == freshness.Freshness.DUE_SOON
    )
    # No update at all: counted from the opening day.
    assert freshness.evaluate(None, today - timedelta(days=15), today, 14).state == freshness.Freshness.ZOMBIE
    assert freshness.evaluate(None, today - timedelta(days=3), today, 14).state == freshness.Freshness.OK
    assert freshness.evaluate(None, None, today, 14).state == freshness.Freshness.UNKNOWN
    with pytest.raises(ValueError):
        freshness.evaluate(None, None, today, 0)


@pytest.mark.django_db
def test_findings_for_the_self_check_follow_the_setting(open_account, admin_a, gkb):
    with time_machine.travel("2026-12-07 10:00:00+08:00", tick=False):
        actions.record_post(open_account, {"posted_on": date(2026, 11, 23), "title": "周报"}, by=admin_a)
    with time_machine.travel("2026-12-07 10:00:00+08:00", tick=False):  # 14 days after the update
        [finding] = services.zombie_findings()
        assert finding["ok"] is True and finding["agency"] == "区发改委"
        assert set(finding) >= {"rule", "ok", "detail", "agency"}
    with time_machine.travel("2026-12-08 10:00:00+08:00", tick=False):  # 15 days
        [finding] = services.zombie_findings()
        assert finding["ok"] is False and "15 天未更新" in finding["detail"]
        assert finding["rule"] == services.ZOMBIE_RULE and finding["last_update"] == date(2026, 11, 23)
        with override_settings(NEWMEDIA_ZOMBIE_DAYS=30):
            assert services.zombie_findings()[0]["ok"] is True
        # The registry, the account page and the 工作台 show the warning.
        client = login(gkb)
        assert "僵尸号" in client.get("/workspace/newmedia/?state=zombie").content.decode()
        assert "僵尸号警示" in client.get(f"/workspace/newmedia/{open_account.pk}/").content.decode()
        assert "僵尸号警示" in login(admin_a).get("/workspace/").content.decode()


@pytest.mark.django_db
def test_the_unit_records_updates_of_an_account_without_a_feed(open_account, admin_a, drafter_a, staff_b):
    with time_machine.travel(NOW, tick=False):
        client = login(drafter_a)
        response = client.post(
            f"/workspace/newmedia/{open_account.pk}/",
            {"action": "post", "posted_on": "2026-12-06", "title": "冬季供暖政策解读", "url": ""},
        )
        assert response.status_code == 302
        open_account.refresh_from_db()
        assert open_account.last_post_on == date(2026, 12, 6)
        assert open_account.posts.get().source == PostSource.MANUAL
        with pytest.raises(Refused, match="不能晚于今天"):
            actions.record_post(open_account, {"posted_on": date(2026, 12, 8), "title": "x"}, by=admin_a)
        with pytest.raises(Refused, match="早于账号开设日期"):
            actions.record_post(open_account, {"posted_on": date(2025, 12, 8), "title": "x"}, by=admin_a)
        with pytest.raises(Exception) as denied:
            actions.record_post(open_account, {"posted_on": date(2026, 12, 6), "title": "x"}, by=staff_b)
        assert type(denied.value).__name__ == "PermissionDenied"
        assert AuditEvent.objects.filter(action="newmedia.post_recorded").count() == 1


# --- feeds --------------------------------------------------------------------------------------------


def test_parse_rss_and_atom_items_newest_first():
    from zwgk.newmedia.tests.conftest import ATOM, RSS

    rss = parse_feed(RSS)
    assert [i.guid for i in rss] == ["p2", "p1"] and rss[
        0
    ].published.isoformat() == "2026-11-30T09:00:00+08:00"
    [atom] = parse_feed(ATOM)
    assert (
        atom.link == "https://example.org/a/1" and atom.published.isoformat() == "2026-12-03T08:00:00+00:00"
    )
    with pytest.raises(FeedError, match="不是有效的 XML"):
        parse_feed(b"<rss><channel>")
    with pytest.raises(FeedError, match="不是 RSS 或 Atom"):
        parse_feed(b"<html/>")


@pytest.mark.django_db
def test_reading_a_feed_from_a_local_server_stores_new_items_once(open_account, admin_a, feed_server):
    open_account.feed_url = f"{feed_server}/redirect"  # a redirect to /rss, followed
    open_account.save()
    with LOCAL, time_machine.travel(NOW, tick=True):
        assert actions.read_feed(open_account, by=admin_a) == 2
        open_account.refresh_from_db()
        assert open_account.last_post_on == date(2026, 11, 30) and open_account.feed_error == ""
        assert set(open_account.posts.values_list("source", flat=True)) == {PostSource.FEED}
        assert actions.read_feed(open_account) == 0  # the periodic task again: nothing new, nothing audited
        assert AuditEvent.objects.filter(action="newmedia.feed_read").count() == 1
        open_account.feed_url = f"{feed_server}/atom"
        open_account.save()
        assert tasks.read_all_feeds() == {"read": 1, "added": 1, "failed": 0}
        open_account.refresh_from_db()
        assert open_account.last_post_on == date(2026, 12, 3)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/slow", "超过 1 秒"),
        ("/bad", "不是有效的 XML"),
        ("/html", "不是 RSS 或 Atom"),
        ("/entity", "实体声明"),
        ("/big-declared", "超过 64 KB"),
        ("/big-stream", "超过 64 KB"),
        ("/loop", "重定向次数过多"),
        ("/missing", "HTTP 404"),
    ],
)
def test_a_failing_feed_is_recorded_on_the_account_and_shown(
    open_account, admin_a, feed_server, path, message
):
    open_account.feed_url = f"{feed_server}{path}"
    open_account.save()
    with LOCAL, time_machine.travel(NOW, tick=True):
        assert actions.read_feed(open_account) == 0
        open_account.refresh_from_db()
        assert message in open_account.feed_error
        assert open_account.feed_checked_at is not None and not open_account.posts.exists()
        page = login(admin_a).get(f"/workspace/newmedia/{open_account.pk}/").content.decode()
        assert message in page
        assert AuditEvent.objects.filter(action="newmedia.feed_read").count() == 1


def test_private_and_loopback_addresses_and_other_schemes_are_refused_unless_allowed(feed_server):
    strict = fetch.Limits(timeout=1, max_bytes=1024, allow_private=False)
    for url in (
        f"{feed_server}/rss",
        "http://10.0.0.1/feed",
        "http://169.254.169.254/latest",
        "http://[::1]/x",
    ):
        with pytest.raises(fetch.FetchError, match="内部网络"):
            fetch.check_url(url, strict)
    with pytest.raises(fetch.FetchError, match="http"):
        fetch.check_url("file:///etc/passwd", strict)
    with pytest.raises(fetch.FetchError, match="http"):
        fetch.check_url("ftp://example.org/feed", fetch.Limits(allow_private=True))
    assert fetch.fetch(f"{feed_server}/rss", fetch.Limits(timeout=2, max_bytes=64 * 1024, allow_private=True))


@pytest.mark.django_db
def test_an_account_that_is_not_operating_is_not_read(open_account, gkb, admin_a):
    with time_machine.travel(NOW, tick=False):
        open_account.feed_url = "https://example.org/feed"
        open_account.save()
        from zwgk.newmedia.models import FilingKind

        actions.approve(
            actions.apply_filing(open_account, FilingKind.CLOSE, {"reason": "整合"}, by=admin_a), by=gkb
        )
        open_account.refresh_from_db()
        with pytest.raises(Refused, match="没有可读取的订阅源"):
            actions.read_feed(open_account)
        assert tasks.read_all_feeds() == {"read": 0, "added": 0, "failed": 0}
        assert Account.objects.monitored().count() == 0
