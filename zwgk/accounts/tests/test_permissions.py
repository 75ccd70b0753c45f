"""The permission matrix: users act on their own agency's objects; district-wide roles act everywhere."""

import pytest
import rules
from django.core.exceptions import PermissionDenied

from zwgk.accounts import actions
from zwgk.accounts.models import RoleAssignment
from zwgk.accounts.permissions import agency_scope, can, has_role, require
from zwgk.accounts.roles import Role
from zwgk.audit.models import AuditEvent
from zwgk.testing import login, make_user

pytestmark = pytest.mark.django_db


class Owned:
    """Any object of a later app: it says which agency owns it."""

    def __init__(self, agency):
        self.agency_id = agency.pk


class JointlyOwned:
    def __init__(self, *agencies):
        self._ids = [a.pk for a in agencies]

    def permission_agency_ids(self):
        return self._ids


@pytest.fixture(autouse=True)
def sample_perm():
    rules.add_perm(
        "tests.edit_thing",
        rules.is_authenticated
        & rules.predicate(lambda user, obj=None: has_role(user, [Role.DRAFTER, Role.DISTRICT_ADMIN], obj)),
    )
    yield
    rules.remove_perm("tests.edit_thing")


def test_user_of_agency_a_cannot_act_on_agency_b_objects(drafter_a, agency_a, agency_b):
    assert can(drafter_a, "tests.edit_thing", Owned(agency_a))
    assert not can(drafter_a, "tests.edit_thing", Owned(agency_b))


def test_district_wide_role_acts_on_every_agency(gkb, agency_a, agency_b):
    assert can(gkb, "tests.edit_thing", Owned(agency_a))
    assert can(gkb, "tests.edit_thing", Owned(agency_b))
    assert agency_scope(gkb, [Role.DISTRICT_ADMIN]) is None


def test_a_role_in_one_agency_does_not_carry_to_another_role(reviewer_a, agency_a):
    assert not can(reviewer_a, "tests.edit_thing", Owned(agency_a))


def test_joint_objects_are_reachable_from_each_owner(drafter_a, staff_b, agency_a, agency_b, district):
    joint = JointlyOwned(agency_a, agency_b)
    assert can(drafter_a, "tests.edit_thing", joint)
    assert can(staff_b, "tests.edit_thing", joint)
    outsider = make_user("outsider", [(district, Role.DRAFTER)])
    assert not can(outsider, "tests.edit_thing", joint)


def test_anonymous_and_inactive_users_may_do_nothing(client, drafter_a, agency_a):
    from django.contrib.auth.models import AnonymousUser

    assert not can(AnonymousUser(), "tests.edit_thing", Owned(agency_a))
    drafter_a.is_active = False
    assert not can(drafter_a, "tests.edit_thing", Owned(agency_a))


def test_superuser_gets_no_bypass(agency_a):
    root = make_user("root", is_superuser=True, is_staff=True)
    assert not can(root, "tests.edit_thing", Owned(agency_a))


def test_unknown_permission_names_are_programming_errors(drafter_a):
    with pytest.raises(KeyError):
        can(drafter_a, "tests.no_such_permission")


def test_require_raises_permission_denied_with_a_chinese_message(drafter_a, agency_b):
    with pytest.raises(PermissionDenied, match="没有权限"):
        require(drafter_a, "tests.edit_thing", Owned(agency_b))


def test_agency_admin_grants_roles_in_own_agency_only_and_it_is_audited(admin_a, agency_a, agency_b):
    person = make_user("newcomer")
    actions.grant_role(person, agency_a, Role.DRAFTER, by=admin_a)
    assert RoleAssignment.objects.filter(user=person, agency=agency_a, role=Role.DRAFTER).exists()
    event = AuditEvent.objects.get(action="role.granted")
    assert event.actor == admin_a and event.agency == agency_a
    with pytest.raises(PermissionDenied):
        actions.grant_role(person, agency_b, Role.DRAFTER, by=admin_a)


def test_only_the_district_office_grants_district_wide_roles(admin_a, gkb, agency_a):
    person = make_user("newcomer")
    with pytest.raises(PermissionDenied, match="公开办"):
        actions.grant_role(person, agency_a, Role.SUPERVISOR, by=admin_a)
    actions.grant_role(person, agency_a, Role.SUPERVISOR, by=gkb)
    assert has_role(person, [Role.SUPERVISOR])


def test_revoking_a_role_takes_effect_at_once_and_is_audited(admin_a, agency_a, drafter_a):
    assert can(drafter_a, "tests.edit_thing", Owned(agency_a))
    assignment = RoleAssignment.objects.get(user=drafter_a)
    actions.revoke_role(assignment, by=admin_a)
    next_request_user = type(drafter_a).objects.get(pk=drafter_a.pk)
    assert not can(next_request_user, "tests.edit_thing", Owned(agency_a))
    assert AuditEvent.objects.filter(action="role.revoked", actor=admin_a).exists()


def test_roles_page_lists_own_agency_and_exports_xlsx(admin_a, drafter_a, staff_b):
    client = login(admin_a)
    html = client.get("/workspace/roles/").content.decode()
    assert "孙信息" in html and "吴其他" not in html
    export = client.get("/workspace/roles/?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_roles_page_is_forbidden_to_a_drafter(drafter_a):
    assert login(drafter_a).get("/workspace/roles/").status_code == 403


def test_new_user_form_keeps_input_and_reports_weak_password(admin_a):
    client = login(admin_a)
    response = client.post(
        "/workspace/roles/",
        {
            "new-username": "xiaoli",
            "new-full_name": "小李",
            "new-password": "12345678",
            "new-role": "drafter",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="小李"' in html
    assert "密码" in html and "field-error" in html


def test_agency_admin_cannot_revoke_in_another_agency(admin_a, staff_b):
    assignment = RoleAssignment.objects.filter(user=staff_b).first()
    response = login(admin_a).post(f"/workspace/roles/{assignment.pk}/revoke/")
    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
