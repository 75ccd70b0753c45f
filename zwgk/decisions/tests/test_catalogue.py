"""The decisions catalogue: public only through its published catalogue record; stage documents shown only while
public; stage moves audited and permission-checked; the API and the .xlsx export."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.decisions import actions, stages
from zwgk.documents.demo import ensure_default_themes, historical
from zwgk.documents.tests.helpers import draft
from zwgk.testing import login

pytestmark = pytest.mark.django_db


def published(agency, title):
    """A public record written through the import path (the review gate itself is tested in documents)."""
    ensure_default_themes()
    return historical(
        title,
        agency,
        title,
        written=date(2026, 3, 1),
        published=date(2026, 3, 2),
        theme_path="综合政务\\政务公开",
    )


def make_public(world) -> None:
    """The catalogue document as it is once it has passed 保密审查 and 审签 (the gate is tested in documents)."""
    catalogue = world["catalogue"]
    actions.save_catalogue(
        catalogue, {"record": published(catalogue.agency, "2026年度重大行政决策事项目录")}, by=world["admin"]
    )


@pytest.fixture
def world(agency_a, admin_a, drafter_a, reviewer_a, signer_a):
    catalogue_record = draft(
        agency_a, drafter_a, title="2026年度重大行政决策事项目录", doc_number="东丽政办发〔2026〕8号"
    )
    catalogue = actions.save_catalogue(
        None,
        {"agency": agency_a, "year": 2026, "title": "2026年度目录", "record": catalogue_record},
        by=admin_a,
    )
    decision = actions.save_decision(
        catalogue, None, {"number": 1, "title": "制定加装电梯办法", "lead_agency": agency_a}, by=admin_a
    )
    return {"record": catalogue_record, "catalogue": catalogue, "decision": decision, "admin": admin_a}


def test_the_catalogue_is_public_only_once_its_record_is_published(client, world):
    d = world["decision"]
    assert client.get("/decisions/").content.decode().count("制定加装电梯办法") == 0
    assert client.get(f"/decisions/{d.pk}/").status_code == 404
    assert client.get("/api/v1/decisions/").json()["count"] == 0
    make_public(world)
    assert "制定加装电梯办法" in client.get("/decisions/").content.decode()
    assert client.get(f"/decisions/{d.pk}/").status_code == 200
    export = client.get("/decisions/?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_stage_documents_appear_only_while_public(client, world, agency_a, admin_a, drafter_a):
    make_public(world)
    d = world["decision"]
    secret = draft(agency_a, drafter_a, title="LEAKDOC 草案说明（未发布）", doc_number="")
    shown = published(agency_a, "加装电梯办法（草案）")
    actions.move_stage(d, stages.PUBLIC_PARTICIPATION, stages.CURRENT, by=admin_a)
    actions.attach_document(d, stages.PUBLIC_PARTICIPATION, "explanation", secret, by=admin_a)
    actions.attach_document(d, stages.PUBLIC_PARTICIPATION, "draft", shown, by=admin_a)
    page = client.get(f"/decisions/{d.pk}/").content.decode()
    assert "加装电梯办法（草案）" in page and "LEAKDOC" not in page
    api = client.get("/api/v1/decisions/").json()["results"][0]
    stage = next(s for s in api["stages"] if s["stage"] == "participation")
    assert stage["status"] == "current" and [doc["title"] for doc in stage["documents"]] == [
        "加装电梯办法（草案）"
    ]
    assert "LEAKDOC" not in client.get("/sitemap.xml").content.decode()


def test_stage_moves_are_checked_and_audited(world, admin_a, staff_b):
    d = world["decision"]
    with pytest.raises(Refused, match="请先完成"):
        actions.move_stage(d, stages.LEGALITY_REVIEW, stages.CURRENT, by=admin_a)
    with pytest.raises(PermissionDenied):
        actions.move_stage(d, stages.PUBLIC_PARTICIPATION, stages.CURRENT, by=staff_b)
    actions.move_stage(d, stages.PUBLIC_PARTICIPATION, stages.CURRENT, by=admin_a)
    assert AuditEvent.objects.filter(action="decisions.stage_moved").count() == 1
    assert login(staff_b).get(f"/workspace/decisions/{d.pk}/").status_code == 403
    staff = login(admin_a)
    staff.post(f"/workspace/decisions/{d.pk}/", {"action": "move", "stage": "participation", "to": "done"})
    d.refresh_from_db()
    assert d.current_stage_label == "已完成“公众参与”"
