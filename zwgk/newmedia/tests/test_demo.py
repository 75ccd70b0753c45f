"""The 政务新媒体 demo: accounts in every status (operating, change under review, closed, cancelled, awaiting
approval as a second account with its reason, returned, withdrawn), exactly one 僵尸号 warning; loading twice
adds nothing."""

from __future__ import annotations

import pytest
import time_machine

from zwgk.accounts import demo as accounts_demo
from zwgk.agencies import demo as agencies_demo
from zwgk.core.registry import DemoContext
from zwgk.newmedia import demo, services
from zwgk.newmedia.models import Account, AccountStatus, Filing, FilingKind, FilingStatus, Post

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-12-07 10:00:00+08:00", tick=False)
def test_demo_has_every_status_one_zombie_and_is_idempotent():
    ctx = DemoContext(verbose=False)
    agencies_demo.load(ctx)
    accounts_demo.load(ctx)
    demo.load(ctx)
    statuses = set(Account.objects.values_list("status", flat=True))
    assert statuses == set(AccountStatus.values)
    assert Filing.objects.filter(kind=FilingKind.CHANGE, status=FilingStatus.SUBMITTED).exists()
    assert Filing.objects.filter(status=FilingStatus.RETURNED).exists()
    assert (
        Filing.objects.filter(status=FilingStatus.SUBMITTED, kind="open").exclude(second_reason="").exists()
    )
    zombies = [f for f in services.zombie_findings() if not f["ok"]]
    assert [z["account"] for z in zombies] == ["东丽发改"]
    counts = (Account.objects.count(), Filing.objects.count(), Post.objects.count())
    demo.load(DemoContext(verbose=False, data=ctx.data))
    assert (Account.objects.count(), Filing.objects.count(), Post.objects.count()) == counts
