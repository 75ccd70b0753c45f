"""适老化 switches (特大鼠标, 简约版), line spacing, tap-to-call links and the government-site footer block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zwgk.core.templatetags.zwgk_ui import tel_link

pytestmark = pytest.mark.django_db
CSS = Path(__file__).resolve().parents[1] / "static" / "zwgk" / "css" / "zwgk.css"


def test_large_pointer_and_simple_version_are_switched_by_cookie_and_keep_the_display_mode(client):
    client.get("/display/", {"mode": "large", "next": "/"})
    response = client.get("/display/", {"pointer": "on", "next": "/xxgk/"})
    assert response["Location"] == "/xxgk/" and response.cookies["zwgk_pointer"].value == "on"
    assert "zwgk_display" not in response.cookies  # the display mode stays as chosen
    client.get("/display/", {"simple": "on", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="zh-CN" class="mode-large mode-pointer mode-simple">' in page
    assert "退出简约版" in page
    client.get("/display/", {"pointer": "off", "simple": "off", "next": "/"})
    assert '<html lang="zh-CN" class="mode-large">' in client.get("/").content.decode()


def test_line_spacing_is_at_least_1_3_in_every_mode_and_pointer_cursors_exist():
    css = CSS.read_text()
    lines = [float(v) for v in re.findall(r"--line:\s*([\d.]+)", css)]
    assert lines and min(lines) >= 1.3
    for name in ("cursor-arrow.svg", "cursor-hand.svg"):
        assert (CSS.parent.parent / "img" / name).is_file()
        assert name in css


def test_phone_numbers_become_tap_to_call_links():
    html = str(tel_link("022-84391234、13920001234转8 <b>"))
    assert '<a href="tel:02284391234">022-84391234</a>' in html
    assert '<a href="tel:13920001234">13920001234</a>转8' in html
    assert "&lt;b&gt;" in html  # the rest is escaped


def test_footer_shows_the_configured_site_numbers_and_the_required_links(client, settings):
    settings.SITE_CODE = "1201100001"
    settings.SITE_ICP = "津ICP备05004419号"
    settings.SITE_PSB = "津公网安备12011002000001号"
    page = client.get("/").content.decode()
    assert (
        "网站标识码：1201100001" in page
        and "津ICP备05004419号" in page
        and "津公网安备12011002000001号" in page
    )
    # 我要纠错 opens the 我为政府网站找错 form (互动交流); /report-error/ explains the other ways.
    for url in ("/site-map/", "/privacy/", "/interaction/new/zhaocuo/"):
        assert f'href="{url}"' in page
        assert client.get(url).status_code == 200
    settings.SITE_CODE = settings.SITE_ICP = settings.SITE_PSB = ""
    assert "网站标识码" not in client.get("/").content.decode()  # never an invented number


def test_login_page_shows_the_site_name_not_the_host(client, settings):
    page = client.get("/accounts/login/").content.decode()
    assert settings.SITE_NAME in page and "testserver" not in page
