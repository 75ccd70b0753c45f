import pytest
import time_machine
from django.test import Client

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


def _attempt(username, password, address="203.0.113.50"):
    return Client().post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_repeated_failures_from_one_address_wait_with_exponential_backoff(drafter_a, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        for _ in range(settings.LOGIN_FAILURE_LIMIT):
            assert _attempt("drafter_a", "wrong").status_code == 200
        response = _attempt("drafter_a", PASSWORD)
        assert response.status_code == 429 and "暂时锁定" in response.content.decode()
        assert response["Retry-After"] == "60"
        traveller.shift(61)
        assert _attempt("drafter_a", "wrong").status_code == 200  # the 6th failure: now 120 s
        assert _attempt("drafter_a", PASSWORD)["Retry-After"] == "120"
        traveller.shift(121)
        assert _attempt("drafter_a", PASSWORD).status_code == 302  # the right password after the wait


def test_a_stranger_cannot_lock_the_real_user_out(drafter_a, settings):
    """Issue 13: five wrong passwords from anyone used to lock any staff account for 30 minutes."""
    for _ in range(settings.LOGIN_FAILURE_LIMIT + 3):
        _attempt("drafter_a", "wrong", address="198.51.100.66")
    assert _attempt("drafter_a", "wrong", address="198.51.100.66").status_code == 429
    assert _attempt("drafter_a", PASSWORD, address="203.0.113.10").status_code == 302


def test_one_address_trying_many_usernames_is_throttled(settings, drafter_a):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for i in range(8):
        assert _attempt(f"user{i}", "wrong", address="198.51.100.77").status_code == 200
    response = _attempt("another", "wrong", address="198.51.100.77")
    assert response.status_code == 429 and "来自该地址的登录已暂时锁定" in response.content.decode()
    assert _attempt("drafter_a", PASSWORD, address="198.51.100.78").status_code == 302


def test_the_throttle_holds_behind_the_proxy_whatever_the_client_writes(drafter_a, settings):
    settings.TRUSTED_PROXIES = 1
    statuses = [
        Client()
        .post(
            "/accounts/login/",
            {"username": "drafter_a", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, 198.51.100.99",
            REMOTE_ADDR="127.0.0.1",
        )
        .status_code
        for i in range(settings.LOGIN_FAILURE_LIMIT + 2)
    ]
    assert statuses.count(429) == 2


def test_logout_is_a_post(client, drafter_a):
    client.force_login(drafter_a)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/workspace/").status_code == 302
