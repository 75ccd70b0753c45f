"""Issue 23 item 4: NUL and other control characters never reach a lookup. Every URL pattern is walked with
`%00` in each path parameter (400 with a Chinese page) and in the filter parameters (stripped: a normal answer),
never a 500 (PostgreSQL raised DataError on 11 of them). CI runs this file on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from zwgk.testing import login

pytestmark = pytest.mark.django_db

EXCLUDED_PREFIXES = ("django-admin/",)
FILTERS = ("q", "agency", "theme", "kind", "category", "year", "page", "validity", "type", "status")


def _routes(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route.lstrip("^")


def nul_urls() -> list[str]:
    urls = []
    for route in _routes(get_resolver()):
        if route.startswith(EXCLUDED_PREFIXES) or "(?P<" in route:
            continue
        url, rest = "", route
        while "<" in rest:
            start, end = rest.index("<"), rest.index(">")
            url += rest[:start] + "a%00"
            rest = rest[end + 1 :]
        url = "/" + url + rest
        if url != "/" + route:
            urls.append(url)
        plain = "/" + route if "<" not in route else url
        urls.append(plain + "?" + "&".join(f"{name}=%00" for name in FILTERS))
        urls.append(plain + "?q=a%00b")
    return sorted(set(urls))


def test_the_walk_covers_the_urls_that_answered_500_on_postgresql():
    urls = nul_urls()
    assert len(urls) > 100
    for expected in ("/apply/status/a%00/", "/agencies/a%00/", "/xxgk/guide/a%00/", "/annual-reports/a%00/"):
        assert expected in urls


@pytest.mark.parametrize("staff", [False, True], ids=["anonymous", "staff"])
def test_every_url_with_a_nul_byte_is_refused_or_cleaned_never_a_500(staff, gkb):
    client = login(gkb) if staff else Client(raise_request_exception=False)
    if staff:
        client.raise_request_exception = False
    failures = []
    for url in nul_urls():
        response = client.get(url)
        body = response.content.decode(errors="replace") if not response.streaming else ""
        in_path = "%00" in url.split("?")[0]
        if response.status_code == 500 or (
            in_path and (response.status_code != 400 or "不允许的控制字符" not in body)
        ):
            failures.append((url, response.status_code))
    assert failures == []


@pytest.mark.parametrize("url", ["/apply/status/%00/", "/xxgk/agency/%00/", "/agencies/%00/"])
def test_the_reported_paths_are_refused(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=a&agency=%00",
        "/search/?q=a&theme=%00",
        "/search/?q=a&kind=%00",
        "/api/search/?q=a&theme=%00",
        "/apply/new/?agency=%00",
        "/search/?q=%01",
        "/search/?q=%7F",
    ],
)
def test_the_reported_query_parameters_are_cleaned_before_the_lookup(client, url):
    assert client.get(url).status_code == 200


def test_the_view_sees_the_cleaned_value(rf):
    from zwgk.core.middleware import InputHygieneMiddleware

    seen = {}

    def view(request):
        seen.update(request.GET.lists())
        from django.http import HttpResponse

        return HttpResponse("ok")

    InputHygieneMiddleware(view)(rf.get("/search/", {"q": "a\x00b\x01", "agency": "\x00"}))
    assert seen == {"q": ["ab"], "agency": [""]}


def test_tabs_and_newlines_in_a_query_are_not_control_characters(client):
    assert client.get("/search/?q=%E6%94%BF%E5%BA%9C%09%E4%BF%A1%E6%81%AF%0A").status_code == 200


def test_a_form_field_with_a_nul_byte_is_refused_before_the_view(client):
    response = client.post("/apply/status/", {"number": "YSQ2026-00001\x00", "code": "x"})
    assert response.status_code == 400 and "表单内容" in response.content.decode()
