"""The staff page that edits a policy's 申报条件."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from zwgk.policymatch.models import PolicyEligibility
from zwgk.policymatch.tests.helpers import published_policy
from zwgk.testing import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(agency_a, drafter_a, reviewer_a, signer_a):
    return published_policy(agency_a, drafter_a, reviewer_a, signer_a, "小微企业稳岗补贴申报通知")


def _post(client, policy, conditions, **extra):
    data = {"action": "save", "profile_kind": "enterprise", "conditions": conditions, "delivery": "apply"}
    data.update(extra)
    return client.post(reverse("policymatch:workspace_edit", args=[policy.pk]), data)


def test_drafter_lists_and_saves(policy, drafter_a):
    client = login(drafter_a)
    listing = client.get(reverse("policymatch:workspace_list"))
    assert (
        "小微企业稳岗补贴申报通知" in listing.content.decode() and "设置申报条件" in listing.content.decode()
    )
    conditions = json.dumps(
        {"field": "从业人数", "op": "<=", "value": 300, "clause": "第二条"}, ensure_ascii=False
    )
    response = _post(client, policy, conditions, closes_on="2025-06-30")
    assert response.status_code == 302
    item = PolicyEligibility.objects.get()
    assert item.conditions["value"] == 300 and item.closes_on.isoformat() == "2025-06-30"
    page = client.get(reverse("policymatch:workspace_edit", args=[policy.pk])).content.decode()
    assert "&quot;从业人数&quot;" in page


def test_errors_are_shown_per_condition_and_the_text_is_kept(policy, drafter_a):
    typed = '{"all": [{"field": "size", "op": "==", "value": "特大", "clause": "一"}]}'
    response = _post(login(drafter_a), policy, typed)
    html = response.content.decode()
    assert response.status_code == 400
    assert "条件.all[1]（企业规模）.value：应为 大型、中型、小型、微型 之一" in html
    assert "特大" in html  # what was typed is still in the textarea
    assert not PolicyEligibility.objects.exists()


def test_other_agency_gets_404_and_non_editor_403(policy, staff_b, signer_a):
    url = reverse("policymatch:workspace_edit", args=[policy.pk])
    assert login(staff_b).get(url).status_code == 404
    assert login(signer_a).get(url).status_code == 403


def test_the_page_shows_the_figures_and_staff_record_applications(policy, drafter_a, staff_b):
    from zwgk.policymatch import subscriptions
    from zwgk.policymatch.models import ApplicationTally, Subscription
    from zwgk.policymatch.tests.helpers import USCC, with_conditions

    for fields in ({"size": "小型", "tax_credit": "A"}, {"size": "微型"}, {"size": "大型"}):
        sub = subscriptions.subscribe(
            "enterprise", fields, email="e@example.com", uscc=USCC, include_maybe=False, consent=True
        )
        Subscription.objects.filter(pk=sub.pk).update(
            verified_at="2025-06-01T00:00:00+08:00", email_verified_at="2025-06-01T00:00:00+08:00"
        )
    subscriptions.subscribe(
        "enterprise", {"size": "小型"}, email="u@example.com", uscc=USCC, include_maybe=False, consent=True
    )
    with_conditions(policy, drafter_a)
    url = reverse("policymatch:workspace_edit", args=[policy.pk])
    client = login(drafter_a)
    html = client.get(url).content.decode()
    assert "<dt>已验证的企业订阅</dt><dd>3</dd>" in html
    assert "<dt>目前符合 / 可能符合</dt><dd>1 / 1</dd>" in html
    assert "<dd>未登记</dd>" in html
    assert client.post(url, {"action": "tally", "received": "-1"}).status_code == 302
    assert not ApplicationTally.objects.exists()  # refused with a message
    client.post(url, {"action": "tally", "received": "12", "as_of": "2025-06-09", "note": "窗口受理"})
    assert "<dd>12 件</dd>" in client.get(url).content.decode()
    assert login(staff_b).post(url, {"action": "tally", "received": "99"}).status_code == 404
    assert ApplicationTally.objects.get().received == 12
