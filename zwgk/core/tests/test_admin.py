"""The Django admin cannot write: no admin (or inline) lets even a superuser add, change or delete a row, set a
password, activate a user or grant a role — those go through the audited action functions."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from zwgk.accounts.models import User
from zwgk.testing import PASSWORD, make_user


@pytest.mark.django_db
def test_no_admin_can_write():
    root = User.objects.create_superuser("root", password=PASSWORD)
    request = RequestFactory().get("/django-admin/")
    request.user = root
    assert admin.site._registry, "the admin registers the reference data"
    for model, model_admin in admin.site._registry.items():
        admins = [model_admin, *model_admin.get_inline_instances(request)]
        for each in admins:
            assert not each.has_add_permission(request), model
            assert not each.has_change_permission(request), model
            assert not each.has_delete_permission(request), model


@pytest.mark.django_db
def test_the_admin_cannot_change_a_password_or_activate_a_user(client):
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    target = make_user("clerk", is_active=False)
    url = f"/django-admin/accounts/user/{target.pk}/password/"
    response = client.post(url, {"password1": "Another#pass-2026", "password2": "Another#pass-2026"})
    assert response.status_code == 403
    client.post(f"/django-admin/accounts/user/{target.pk}/change/", {"username": "clerk", "is_active": "on"})
    target.refresh_from_db()
    assert not target.is_active and not target.check_password("Another#pass-2026")
    assert client.get("/django-admin/agencies/agency/").status_code == 200  # still readable
