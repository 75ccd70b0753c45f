"""The permission matrix as persona tests (issue 13, items 3 and 10): one person per role, every protected URL and
action of the review chain and the applications, on an object of their own agency and of another agency. The
expected answer of each cell is the generated role matrix (zwgk.accounts.matrix, docs/subsystems/role-matrix.md);
the test proves the views enforce exactly what the rules say — and that the file is current."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings

from zwgk.accounts import matrix
from zwgk.accounts.roles import Role
from zwgk.agencies.models import Agency, AgencyKind
from zwgk.applications.tests.factories import staff_application
from zwgk.documents import actions as doc_actions
from zwgk.documents.models import PeriodicReview, Record, Status
from zwgk.documents.tests.helpers import docx_bytes, draft, withheld_draft
from zwgk.testing import login, make_agency, make_user

pytestmark = pytest.mark.django_db
ID_NUMBER = "11010519491231002X"
MATRIX_FILE = Path(__file__).resolve().parents[3] / "docs" / "subsystems" / "role-matrix.md"


@dataclass
class Side:
    agency: Agency
    record: Record
    attachment: Any
    periodic: PeriodicReview
    application: Any


def build_side(agency: Agency, tag: str) -> Side:
    author = make_user(f"author_{tag}", [(agency, Role.DRAFTER)])
    reviewer = make_user(f"rev_{tag}", [(agency, Role.SECRECY_REVIEWER)])
    signer = make_user(f"sig_{tag}", [(agency, Role.SIGNER)])
    handler = make_user(f"hdl_{tag}", [(agency, Role.APPLICATION_HANDLER)])
    with time_machine.travel("2024-03-01 10:00:00+08:00", tick=False):
        filed = withheld_draft(agency, author)
        doc_actions.submit(filed, by=author)
        doc_actions.approve_review(filed, by=reviewer, note="已审查")
        doc_actions.sign(filed, by=signer, note="同意")
    with time_machine.travel("2025-03-03 10:00:00+08:00", tick=False):
        doc_actions.open_due_reviews(date(2025, 3, 3))
        record = draft(agency, author, body="会议纪要正文。")
        attachment = doc_actions.add_attachment(record, docx_bytes("附件正文"), "附件.docx", by=author)
        doc_actions.submit(record, by=author)
        # Registered, nobody assigned yet: the agency's 承办人 (one of whom takes it) and the 负责人 see it whole.
        application = staff_application(agency, handler, day=date(2025, 3, 3))
    application.handler = None
    application.save(update_fields=["handler"])
    return Side(agency, record, attachment, PeriodicReview.objects.get(record=filed), application)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[dict[str, Side]]:
    """Both agencies' records, reviews and applications, built once for the module's 400-odd cells and rolled back
    after; each cell still runs in its own savepoint, so what one attempt changes the next does not see."""
    media = tmp_path_factory.mktemp("persona-matrix-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)), transaction.atomic():
        district = make_agency("区人民政府", kind=AgencyKind.GOVERNMENT, code="M120110001")
        own = make_agency("区发改委", parent=district, code="M120110003")
        other = make_agency("区财政局", parent=district, code="M120110004")
        yield {"own": build_side(own, "a"), "other": build_side(other, "b")}
        transaction.set_rollback(True)


def expected(perms: tuple[str, ...], role: Role, side: str) -> bool:
    granted = {"own": (matrix.OWN_ONLY, matrix.ALL), "other": (matrix.ALL,)}[side]
    cells = matrix.table()
    return all(cells[perm][role] in granted for perm in perms)


# name -> (permissions that must all hold, GET url)
PAGES = {
    "record_page": (("documents.view",), lambda s: f"/workspace/documents/{s.record.pk}/"),
    "attachment_original": (
        ("documents.view", "documents.view_content"),
        lambda s: f"/workspace/documents/attachments/{s.attachment.pk}/",
    ),
    "attachment_public_copy": (
        ("documents.view", "documents.view_content"),
        lambda s: f"/workspace/documents/attachments/{s.attachment.pk}/?copy=public",
    ),
    "findings": (
        ("secrecy.view_findings",),
        lambda s: f"/workspace/secrecy/records/documents.record/{s.record.pk}/",
    ),
    "periodic_review_page": (
        ("documents.view",),
        lambda s: f"/workspace/documents/periodic-reviews/{s.periodic.pk}/",
    ),
    "application_page": (("applications.view",), lambda s: f"/workspace/applications/{s.application.pk}/"),
}
ROLES = list(Role)
SIDES = ["own", "other"]


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_page(world, role, page, side):
    perms, url = PAGES[page]
    persona = make_user(f"persona_{role.value}", [(world["own"].agency, role)])
    status = login(persona).get(url(world[side])).status_code
    if expected(perms, role, side):
        assert status == 200, (role, page, side, status)
    else:
        assert status in (403, 404), (role, page, side, status)


def _approve(client, s: Side) -> bool:
    client.post(f"/workspace/documents/{s.record.pk}/do/approve/", {"note": "已审查，不涉密"})
    s.record.refresh_from_db()
    return s.record.status == Status.AWAITING_SIGNOFF


def _sign_or_file(client, s: Side) -> bool:
    # The review chain's last step, reached only through the reviewer; nobody else moves it.
    client.post(f"/workspace/documents/{s.record.pk}/do/sign/", {"note": "同意"})
    s.record.refresh_from_db()
    return s.record.status == Status.PUBLISHED


def _propose(client, s: Side) -> bool:
    client.post(
        f"/workspace/documents/periodic-reviews/{s.periodic.pk}/",
        {"outcome": "convert", "reason": "情势变化可以公开", "statutory_category": "art20_03"},
    )
    s.periodic.refresh_from_db()
    return s.periodic.decided_at is not None


def _applicant_shown(client, s: Side) -> bool:
    return ID_NUMBER in client.get(f"/workspace/applications/{s.application.pk}/").content.decode()


# name -> (permissions, the attempt returning whether it took effect)
ACTIONS = {
    "approve_review": (("documents.review",), _approve),
    "sign_in_review": (("documents.sign", "documents.review"), _sign_or_file),  # never: sign needs 待审签
    "propose_conversion": (("documents.periodic_review",), _propose),
    "applicant_id_number": (("applications.view", "applications.view_personal"), _applicant_shown),
}


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_action(world, role, action, side):
    perms, attempt = ACTIONS[action]
    persona = make_user(f"persona_{role.value}", [(world["own"].agency, role)])
    with time_machine.travel("2025-03-05 10:00:00+08:00", tick=False):
        took_effect = attempt(login(persona), world[side])
    assert took_effect == expected(perms, role, side), (role, action, side)
    if action == "propose_conversion":
        assert not Record.objects.public().filter(pk=world[side].periodic.record_id).exists()


def test_the_role_matrix_file_is_current():
    assert MATRIX_FILE.read_text(encoding="utf-8") == matrix.markdown(), (
        "docs/subsystems/role-matrix.md is stale: run `zwgk roles matrix --markdown --output "
        "docs/subsystems/role-matrix.md`"
    )


def test_the_matrix_command_prints_the_same_table(capsys):
    from django.core.management import call_command

    call_command("roles", "matrix", "--markdown")
    assert capsys.readouterr().out == matrix.markdown()


def test_superusers_hold_no_cell(agency_a):
    root = make_user("root", [(agency_a, Role.AGENCY_ADMIN)], is_superuser=True, is_staff=True)
    from zwgk.accounts.permissions import can

    assert not any(can(root, perm, agency_a) for perm in matrix.permissions())
