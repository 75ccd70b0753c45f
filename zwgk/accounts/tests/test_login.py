import pytest

from zwgk.testing import PASSWORD

pytestmark = pytest.mark.django_db


def test_staff_log_in_with_username_and_password(client, drafter_a):
    response = client.post("/accounts/login/", {"username": "drafter_a", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/workspace/"


def test_wrong_password_shows_chinese_error_and_keeps_username(client, drafter_a):
    response = client.post("/accounts/login/", {"username": "drafter_a", "password": "wrong"})
    html = response.content.decode()
    assert "用户名或密码不正确" in html
    assert 'value="drafter_a"' in html


def test_account_is_locked_after_repeated_failures(client, drafter_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "drafter_a", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "drafter_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "暂时锁定" in response.content.decode()


def test_logout_is_a_post(client, drafter_a):
    client.force_login(drafter_a)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/workspace/").status_code == 302
