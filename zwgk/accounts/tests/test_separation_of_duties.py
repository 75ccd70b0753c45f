"""Issue 13: fgw_admin granted himself 审签人 and 依申请承办人; conflicting roles and cross-agency grants took effect
at once. Now: nobody grants to themselves; conflicts and a 单位管理员 naming a 审签人 wait for a second
administrator; a person from another agency is granted only when their own agency's administrator accepts."""

import pytest
from django.core.exceptions import PermissionDenied

from zwgk.accounts import actions
from zwgk.accounts.models import PendingGrant, RoleAssignment
from zwgk.accounts.permissions import has_role
from zwgk.accounts.roles import Role
from zwgk.core.errors import Refused
from zwgk.testing import login, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_admin_a(agency_a):
    return make_user("admin2_a", [(agency_a, Role.AGENCY_ADMIN)])


def test_nobody_grants_a_role_to_themselves(admin_a, agency_a, gkb, office):
    for role in (Role.SIGNER, Role.APPLICATION_HANDLER, Role.DRAFTER):
        with pytest.raises(Refused, match="自己"):
            actions.grant_role(admin_a, agency_a, role, by=admin_a)
    response = login(admin_a).post("/workspace/roles/", {"grant-username": "admin_a", "grant-role": "signer"})
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=admin_a, role=Role.SIGNER).exists()
    with pytest.raises(Refused):
        actions.grant_role(gkb, office, Role.SUPERVISOR, by=gkb)


def test_an_agency_admin_naming_a_signer_needs_a_second_admin(admin_a, second_admin_a, agency_a):
    person = make_user("newcomer", [(agency_a, Role.DRAFTER)])
    pending = actions.grant_role(person, agency_a, Role.SIGNER, by=admin_a)
    assert isinstance(pending, PendingGrant) and not has_role(person, [Role.SIGNER])
    with pytest.raises(PermissionDenied):
        actions.decide_grant(pending, by=admin_a, confirm=True)  # not the requester
    with pytest.raises(PermissionDenied):
        actions.decide_grant(pending, by=person, confirm=True)
    client = login(second_admin_a)
    assert "待确认的角色授予" in client.get("/workspace/roles/").content.decode()
    client.post(f"/workspace/roles/pending/{pending.pk}/", {"decision": "confirm"})
    assert RoleAssignment.objects.filter(user=person, agency=agency_a, role=Role.SIGNER).exists()


def test_signer_plus_reviewer_in_one_agency_needs_confirmation(gkb, reviewer_a, agency_a, admin_a):
    pending = actions.grant_role(reviewer_a, agency_a, Role.SIGNER, by=gkb)
    assert isinstance(pending, PendingGrant) and pending.reasons == ["conflict"]
    actions.decide_grant(pending, by=admin_a, confirm=False)
    assert not RoleAssignment.objects.filter(user=reviewer_a, role=Role.SIGNER).exists()
    # An unconflicted grant by the 公开办 takes effect at once.
    assert isinstance(actions.grant_role(reviewer_a, agency_a, Role.DRAFTER, by=gkb), RoleAssignment)


def test_a_cross_agency_grant_needs_the_home_agency_admin(admin_a, agency_a, agency_b, staff_b):
    """区人社局 staff published an interpretation on a 区发改委 policy after such a grant."""
    outsider = make_user("outsider_b", [(agency_b, Role.DRAFTER)])
    pending = actions.grant_role(outsider, agency_a, Role.DRAFTER, by=admin_a)
    assert isinstance(pending, PendingGrant) and pending.reasons == ["cross_agency"]
    assert not has_role(outsider, [Role.DRAFTER], type("O", (), {"agency_id": agency_a.pk})())
    second = make_user("admin3_a", [(agency_a, Role.AGENCY_ADMIN)])
    with pytest.raises(PermissionDenied):
        actions.decide_grant(pending, by=second, confirm=True)  # same side: not the other agency
    page = login(staff_b).get("/workspace/roles/").content.decode()
    assert "outsider_b" in page and "确认" in page
    actions.decide_grant(pending, by=staff_b, confirm=True)  # staff_b is agency B's 单位管理员
    assert RoleAssignment.objects.filter(user=outsider, agency=agency_a, role=Role.DRAFTER).exists()
