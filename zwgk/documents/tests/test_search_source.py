"""The catalogue in the search index: published records and interpretations are found, nothing else is, and a
withdrawal or validity change shows at once."""

import pytest

from zwgk.accounts.roles import Role
from zwgk.documents import actions
from zwgk.documents.tests.helpers import approve_interpretation, docx_bytes, draft, interpretation, publish
from zwgk.search.indexer import rebuild
from zwgk.search.models import SearchEntry
from zwgk.search.service import search
from zwgk.testing import make_user

pytestmark = pytest.mark.django_db


def titles(query: str) -> list[str]:
    return [r.entry.title for r in search(query, log=False).results]


@pytest.fixture
def live(agency_a, drafter_a, reviewer_a, signer_a, django_capture_on_commit_callbacks):
    """Publish with on-commit callbacks executed, as in production (the index listens after commit)."""

    def _publish(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return publish(draft(agency_a, drafter_a, **fields), drafter_a, reviewer_a, signer_a)

    return _publish


def test_a_published_record_is_found_and_a_withdrawn_one_disappears_at_once(
    live, drafter_a, agency_a, django_capture_on_commit_callbacks
):
    record = live(
        title="关于落实六税两费减免政策的通知",
        doc_number="东丽政办发〔2025〕9号",
        body="小微企业六税两费减半征收。",
    )
    assert "关于落实六税两费减免政策的通知" in titles("六税两费")
    response = search("东丽政办发〔2025〕9号", log=False)
    assert response.jump is not None and response.jump.url.endswith(f"/xxgk/records/{record.pk}/")
    admin = make_user("withdrawer", [(agency_a, Role.AGENCY_ADMIN)])
    with django_capture_on_commit_callbacks(execute=True):
        actions.withdraw(record, by=admin, reason="内容有误")
    assert titles("六税两费") == []
    assert not SearchEntry.objects.filter(title__contains="六税两费").exists()


def test_non_public_records_are_never_indexed_even_by_a_rebuild(agency_a, drafter_a, reviewer_a, signer_a):
    draft(agency_a, drafter_a, title="尚未发布的双减工作草稿", body="双减")
    withheld = draft(
        agency_a,
        drafter_a,
        title="不予公开的双减内部请示",
        body="双减",
        openness="withheld",
        legal_ground="process_info",
        openness_reason="属于内部请示报告",
    )
    publish(withheld, drafter_a, reviewer_a, signer_a)
    rebuild()
    assert titles("双减") == []


def test_attachment_text_and_interpretations_are_searchable(
    agency_a, drafter_a, reviewer_a, signer_a, django_capture_on_commit_callbacks
):
    record = draft(
        agency_a,
        drafter_a,
        title="关于印发稳岗返还实施办法的通知",
        needs_interpretation=True,
        body="见附件。",
    )
    actions.add_attachment(
        record,
        docx_bytes("失业保险稳岗返还按企业上年度实际缴纳失业保险费的60%返还。"),
        "办法.docx",
        title="实施办法",
        by=drafter_a,
    )
    item = interpretation(record, drafter_a, body="稳岗返还政策解读：返还比例为百分之六十。")
    approve_interpretation(item, drafter_a, reviewer_a, signer_a)
    with django_capture_on_commit_callbacks(execute=True):
        publish(record, drafter_a, reviewer_a, signer_a)
    found = search("稳岗返还", log=False)
    kinds = {r.entry.kind for r in found.results}
    assert {"政策文件", "政策解读"} <= kinds
    assert "关于印发稳岗返还实施办法的通知" in titles("实际缴纳失业保险费")
