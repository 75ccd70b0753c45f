"""Issue 13: a superuser set gkb's password at /django-admin/accounts/user/<id>/password/ and logged in as the
公开办管理员, unaudited. Passwords now change only through an audited one-time link issued in the workspace."""

import re

import pytest
import time_machine
from django.core import mail

from zwgk.accounts import actions
from zwgk.accounts.models import RoleAssignment
from zwgk.accounts.roles import Role
from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.testing import PASSWORD, login, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return make_user("root", is_superuser=True, is_staff=True)


def test_the_admin_password_change_view_refuses(root, gkb):
    client = login(root)
    url = f"/django-admin/accounts/user/{gkb.pk}/password/"
    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": "Taken#over-2026", "password2": "Taken#over-2026"})
    assert response.status_code == 403
    gkb.refresh_from_db()
    assert gkb.check_password(PASSWORD) and not gkb.check_password("Taken#over-2026")


def test_superusers_have_no_workspace_access_even_with_a_role_row(root, office, agency_a):
    client = login(root)
    for url in ("/workspace/", "/workspace/documents/", "/workspace/roles/", "/workspace/applications/"):
        assert client.get(url).status_code == 403, url
    # A role row slipped in (e.g. by a data import) still gives nothing.
    RoleAssignment.objects.create(user=root, agency=office, role=Role.DISTRICT_ADMIN.value)
    assert login(root).get("/workspace/roles/").status_code == 403
    with pytest.raises(Refused, match="超级用户"):
        actions.grant_role(
            root, agency_a, Role.DRAFTER, by=make_user("gkb2", [(office, Role.DISTRICT_ADMIN)])
        )


def test_the_district_office_issues_a_one_time_link_and_the_user_sets_the_password(client, gkb, drafter_a):
    office = login(gkb)
    response = office.post("/workspace/roles/reset-password/", {"username": "drafter_a"}, follow=True)
    html = response.content.decode()
    link = re.search(r"(/accounts/reset/[^/]+/[^/]+/)", html).group(1)
    event = AuditEvent.objects.get(action="user.password_reset_issued")
    assert event.actor == gkb and "drafter_a" in event.summary and link.split("/")[-2] not in str(event.after)
    # The administrator never sets the password; the user does, once.
    assert "设置新密码" in client.get(link).content.decode()
    response = client.post(link, {"new_password1": "Neues#Kennwort-7", "new_password2": "Neues#Kennwort-7"})
    assert response.status_code == 302
    drafter_a.refresh_from_db()
    assert drafter_a.check_password("Neues#Kennwort-7")
    assert AuditEvent.objects.filter(action="user.password_set_by_link", actor=drafter_a).exists()
    # Spent: the same link cannot set another password.
    again = client.post(link, {"new_password1": "Zweites#Kennwort-8", "new_password2": "Zweites#Kennwort-8"})
    assert "已失效" in again.content.decode()
    drafter_a.refresh_from_db()
    assert drafter_a.check_password("Neues#Kennwort-7")


def test_reset_links_expire_and_go_by_mail_when_there_is_an_address(client, gkb, handler_a, settings):
    with time_machine.travel("2026-03-10 09:00:00+08:00", tick=False):
        path = actions.issue_password_reset(handler_a, by=gkb)
        login(gkb).post("/workspace/roles/reset-password/", {"username": "handler_a"})
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    with time_machine.travel(f"2026-03-{10 + hours // 24 + 1} 10:00:00+08:00", tick=False):
        assert "已失效" in client.get(path).content.decode()


def test_only_the_district_office_issues_resets_and_never_for_itself(gkb, admin_a, drafter_a):
    assert (
        login(admin_a).post("/workspace/roles/reset-password/", {"username": "drafter_a"}).status_code == 403
    )
    with pytest.raises(Refused):
        actions.issue_password_reset(gkb, by=gkb)
