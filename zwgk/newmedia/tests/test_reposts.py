"""Work plan item 十: staff record where a published policy or interpretation was reposted by a government
account; only public documents; shown on the account, in the register and on the document's workspace."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.documents.tests.helpers import draft, publish
from zwgk.newmedia import actions
from zwgk.newmedia.models import Repost
from zwgk.testing import login

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-12-07 10:00:00+08:00", tick=False)
def test_staff_record_a_repost_by_the_document_address(
    open_account, agency_a, admin_a, drafter_a, reviewer_a, signer_a
):
    record = draft(agency_a, drafter_a, title="东丽区稳就业若干措施")
    publish(record, drafter_a, reviewer_a, signer_a)
    client = login(drafter_a)
    response = client.post(
        "/workspace/newmedia/reposts/",
        {
            "document": f"http://testserver/xxgk/records/{record.pk}/",
            "account": open_account.pk,
            "url": "https://mp.example.org/s/abc",
            "reposted_on": "2026-12-07",
        },
    )
    assert response.status_code == 302
    repost = Repost.objects.get()
    assert (
        repost.record == record and repost.account == open_account and repost.reposted_on == date(2026, 12, 7)
    )
    assert AuditEvent.objects.filter(action="newmedia.repost_recorded").exists()
    assert "东丽区稳就业若干措施" in client.get("/workspace/newmedia/reposts/").content.decode()
    assert "东丽区稳就业若干措施" in client.get(f"/workspace/newmedia/{open_account.pk}/").content.decode()
    document_page = client.get(f"/workspace/documents/{record.pk}/").content.decode()
    assert "政务新媒体转载" in document_page and "https://mp.example.org/s/abc" in document_page
    # Twice the same address: refused; a document that is not public: not found, nothing typed lost.
    with pytest.raises(Refused, match="已经登记过"):
        actions.record_repost(
            record, open_account, "https://mp.example.org/s/abc", date(2026, 12, 7), by=drafter_a
        )
    hidden = draft(agency_a, drafter_a, title="未发布的文件")
    again = client.post(
        "/workspace/newmedia/reposts/",
        {
            "document": f"/xxgk/records/{hidden.pk}/",
            "account": open_account.pk,
            "url": "https://mp.example.org/s/def",
            "reposted_on": "2026-12-07",
        },
    )
    html = again.content.decode()
    assert again.status_code == 200 and "没有找到这份已公开的政策文件" in html and "s/def" in html
    with pytest.raises(Refused, match="已公开发布"):
        actions.record_repost(
            hidden, open_account, "https://mp.example.org/s/x", date(2026, 12, 7), by=drafter_a
        )
    with pytest.raises(Refused, match="不能晚于今天"):
        actions.record_repost(
            record, open_account, "https://mp.example.org/s/y", date(2026, 12, 8), by=drafter_a
        )
    # Removal is audited.
    client.post("/workspace/newmedia/reposts/", {"action": "remove", "pk": repost.pk})
    assert not Repost.objects.exists()
    assert AuditEvent.objects.filter(action="newmedia.repost_removed").exists()
