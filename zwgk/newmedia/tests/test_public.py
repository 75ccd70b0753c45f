"""The public 政务新媒体矩阵 and the sitemap show only approved, operating accounts with their approved particulars:
accounts awaiting approval, returned, withdrawn, closed or cancelled, and a pending change, never appear; deleting
every non-public row changes no public response."""

from __future__ import annotations

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from zwgk.newmedia import actions
from zwgk.newmedia.models import Account, Filing, FilingKind, Post
from zwgk.newmedia.tests.conftest import particulars

pytestmark = pytest.mark.django_db
PUBLIC_URLS = [
    "/newmedia/",
    "/newmedia/?platform=wechat",
    "/newmedia/?platform=weibo",
    "/sitemap.xml",
    "/sitemap-newmedia.xml",
]


def _world(agency_a, agency_b, admin_a, staff_b, gkb) -> None:
    shown = actions.apply_open(
        agency_a, particulars(name="PUBLIC东丽发改", reviewer_phone="LEAKPHONE"), by=admin_a
    )
    actions.approve(shown, by=gkb)
    account = Account.objects.get(pk=shown.account_id)
    # A pending change: its new name must not be public before approval.
    actions.apply_filing(account, FilingKind.CHANGE, {"name": "LEAK改名", "reason": "LEAK理由"}, by=admin_a)
    actions.apply_open(agency_a, particulars(platform="weibo", name="LEAK待开设"), by=admin_a)
    returned = actions.apply_open(agency_a, particulars(platform="douyin", name="LEAK退回"), by=admin_a)
    actions.return_filing(returned, by=gkb, note="LEAK退回意见")
    withdrawn = actions.apply_open(agency_a, particulars(platform="kuaishou", name="LEAK撤回"), by=admin_a)
    actions.withdraw(withdrawn, by=admin_a)
    for platform, kind in (("toutiao", FilingKind.CLOSE), ("channels", FilingKind.CANCEL)):
        f = actions.apply_open(agency_b, particulars(platform=platform, name=f"LEAK{kind}"), by=staff_b)
        actions.approve(f, by=gkb)
        actions.approve(
            actions.apply_filing(Account.objects.get(pk=f.account_id), kind, {"reason": "LEAK"}, by=staff_b),
            by=gkb,
        )


def _responses() -> dict[str, tuple[int, bytes]]:
    cache.clear()
    client = Client()
    return {url: (r.status_code, r.content) for url in PUBLIC_URLS if (r := client.get(url))}


@time_machine.travel("2026-12-07 10:00:00+08:00", tick=False)
def test_only_approved_operating_accounts_reach_the_public(agency_a, agency_b, admin_a, staff_b, gkb):
    _world(agency_a, agency_b, admin_a, staff_b, gkb)
    before = _responses()
    matrix = before["/newmedia/"][1].decode()
    assert before["/newmedia/"][0] == 200 and "PUBLIC东丽发改" in matrix and agency_a.name in matrix
    assert "/newmedia/</loc>" in before["/sitemap-newmedia.xml"][1].decode()
    for url, (status, body) in before.items():
        assert status == 200, url
        assert "LEAK" not in body.decode(), url
    assert list(Account.objects.public().values_list("name", flat=True)) == ["PUBLIC东丽发改"]
    # Deleting every non-public row changes nothing public.
    public_ids = list(Account.objects.public().values_list("pk", flat=True))
    Post.objects.exclude(account__in=public_ids).delete()
    Filing.objects.exclude(account__in=public_ids).delete()
    Filing.objects.filter(status__in=["submitted", "returned"]).delete()
    Account.objects.exclude(pk__in=public_ids).delete()
    assert _responses() == before


def test_an_empty_matrix_says_so_and_is_not_in_the_sitemap():
    cache.clear()
    client = Client()
    assert "暂无已备案的政务新媒体账号" in client.get("/newmedia/").content.decode()
    assert "/newmedia/</loc>" not in client.get("/sitemap-newmedia.xml").content.decode()
