import re

import pytest

from zwgk.testing import login

pytestmark = pytest.mark.django_db


def test_home_page_is_chinese_and_has_skip_link_and_navigation(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN"' in html
    assert 'href="#main"' in html
    assert 'aria-label="主导航"' in html
    assert "首页" in html


def test_public_pages_set_no_csrf_cookie_so_they_stay_cacheable(client):
    response = client.get("/")
    assert "csrftoken" not in response.cookies


def test_display_mode_is_remembered_and_applied(client):
    response = client.get("/display/", {"mode": "large-contrast", "next": "/agencies/"})
    assert response.status_code == 302
    assert response["Location"] == "/agencies/"
    assert response.cookies["zwgk_display"].value == "large-contrast"
    page = client.get("/").content.decode()
    assert 'class="mode-large mode-contrast"' in page
    assert re.search(
        r'value="large-contrast" aria-describedby="display-switch-label"\s+aria-pressed="true"', page
    )


def test_display_mode_refuses_offsite_redirects_and_unknown_modes(client):
    response = client.get("/display/", {"mode": "evil", "next": "https://example.com/"})
    assert response["Location"] == "/"
    assert response.cookies["zwgk_display"].value == "standard"


def test_unknown_page_gives_a_chinese_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_workspace_requires_login(client):
    response = client.get("/workspace/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_workspace_shows_agency_switcher_with_only_own_agencies(drafter_a, agency_a, agency_b):
    html = login(drafter_a).get("/workspace/").content.decode()
    assert "当前单位" in html
    assert agency_a.short_name in html
    assert f'value="{agency_b.pk}"' not in html


def test_district_admin_may_switch_to_any_agency(gkb, agency_a, agency_b):
    client = login(gkb)
    response = client.post("/workspace/agency/switch/", {"agency": agency_b.pk, "next": "/workspace/"})
    assert response.status_code == 302
    html = client.get("/workspace/").content.decode()
    assert f'<option value="{agency_b.pk}" selected>' in html


def test_switching_to_a_foreign_agency_is_refused(drafter_a, agency_a, agency_b):
    client = login(drafter_a)
    client.post("/workspace/agency/switch/", {"agency": agency_b.pk})
    html = client.get("/workspace/").content.decode()
    assert f'<option value="{agency_a.pk}" selected>' in html
