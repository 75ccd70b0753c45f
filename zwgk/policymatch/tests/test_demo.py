"""The demo loader puts 申报条件 on the 六税两费, 稳岗返还 and 社保缓缴 policies, once."""

from __future__ import annotations

import pytest

from zwgk.accounts.roles import Role
from zwgk.core.registry import DemoContext
from zwgk.documents.models import Record
from zwgk.policymatch import demo
from zwgk.policymatch.models import Notification, PolicyEligibility, Subscription
from zwgk.policymatch.tests.helpers import published_policy
from zwgk.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(agency_a, agency_b, gkb, drafter_a, reviewer_a, signer_a):
    rsj_xxy = make_user("rsj_xxy", roles=[(agency_b, Role.DRAFTER)])
    return DemoContext(
        data={
            "agencies": {"区政府办": agency_a, "区人社局": agency_b},
            "users": {
                "gkb": gkb,
                "zfb_xxy": drafter_a,
                "zfb_bmsc": reviewer_a,
                "zfb_sq": signer_a,
                "rsj_xxy": rsj_xxy,
            },
        },
        verbose=False,
    )


def test_existing_policy_is_used_missing_ones_are_published_and_loading_twice_changes_nothing(
    ctx, agency_a, drafter_a, reviewer_a, signer_a
):
    existing = published_policy(agency_a, drafter_a, reviewer_a, signer_a, "关于落实“六税两费”减免政策的通知")
    demo.load(ctx)
    items = PolicyEligibility.objects.select_related("record")
    titles = sorted(item.record.title for item in items)
    assert len(titles) == 3
    assert existing.eligibility.conditions == demo.LIUSHUI
    assert any("稳岗返还" in t for t in titles) and any("社保缓缴" in t for t in titles)
    assert all(Record.objects.public().filter(pk=item.record_id).exists() for item in items)
    assert Subscription.objects.active().filter(profile_kind="enterprise").count() == 200
    assert Subscription.objects.active().filter(profile_kind="person").count() == 100
    queued = Notification.objects.count()
    assert 0 < queued < 600  # only 符合 (or chosen 可能符合) subscribers, at most one per policy
    assert set(Notification.objects.values_list("level", flat=True)) <= {"eligible", "maybe"}
    count = Record.objects.count()
    demo.load(ctx)
    assert PolicyEligibility.objects.count() == 3 and Record.objects.count() == count
    assert Subscription.objects.count() == 300 and Notification.objects.count() == queued
