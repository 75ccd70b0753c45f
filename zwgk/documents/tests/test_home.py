"""The public home page lists the latest public policies and interpretations, and nothing that is not public."""

import pytest
from django.test import Client

from zwgk.core import registry
from zwgk.documents import actions
from zwgk.documents.tests.helpers import approve_interpretation, draft, interpretation, publish
from zwgk.testing import registered

pytestmark = pytest.mark.django_db


def test_home_shows_published_policies_and_interpretations_only(agency_a, drafter_a, reviewer_a, signer_a):
    people = (drafter_a, reviewer_a, signer_a)
    policy = draft(agency_a, drafter_a, title="东丽区促进就业若干措施", needs_interpretation=True)
    approve_interpretation(interpretation(policy, drafter_a, title="图解：促进就业若干措施"), *people)
    publish(policy, *people)
    draft(agency_a, drafter_a, title="尚在起草的文件")
    filed = draft(
        agency_a,
        drafter_a,
        title="不予公开的内部文件",
        openness="withheld",
        legal_ground="internal_affairs",
        openness_reason="内部人事管理",
        statutory_category="",
    )
    publish(filed, *people)
    withdrawn = publish(draft(agency_a, drafter_a, title="已撤回的通知"), *people)
    actions.withdraw(withdrawn, by=signer_a, reason="发布错误")

    html = Client().get("/").content.decode()
    assert "最新政策文件" in html and f'href="/xxgk/records/{policy.pk}/"' in html
    assert "东丽区促进就业若干措施" in html and "图解：促进就业若干措施" in html
    for hidden in ("尚在起草的文件", "不予公开的内部文件", "已撤回的通知"):
        assert hidden not in html


def test_a_failing_panel_is_left_out_and_the_page_still_works():
    def broken() -> list[registry.HomeLink]:
        raise RuntimeError("database hiccup")

    panel = registry.HomePanel("出错的栏目", broken, "core:home", order=1)
    with registered(registry.HOME_PANELS):
        registry.register_home_panel(panel)
        response = Client().get("/")
    assert response.status_code == 200 and "出错的栏目" not in response.content.decode()
