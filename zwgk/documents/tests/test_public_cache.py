"""Issue 22: cheap cached hits of public pages (zwgk.core.pagecache) — the validity token held per process or read
from a shared cache, hits answered before the middleware an anonymous GET does not need, HTTP caching headers,
and a withdrawn record gone from Django's cache at once."""

from __future__ import annotations

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zwgk.core import pagecache
from zwgk.documents import actions
from zwgk.documents.models import Record
from zwgk.documents.tests.helpers import draft, publish

pytestmark = pytest.mark.django_db
NOW = "2025-04-01 10:00:00+08:00"


@pytest.fixture
def record(agency_a, drafter_a, reviewer_a, signer_a):
    with time_machine.travel(NOW, tick=False):
        rec = draft(
            agency_a,
            drafter_a,
            title="东丽区促进就业补贴办法",
            doc_number="东丽人社规〔2025〕1号",
            statutory_category="art21_social_assistance",
        )
        publish(rec, drafter_a, reviewer_a, signer_a)
    rec.refresh_from_db()
    return rec


@pytest.fixture
def cache_on(settings):
    cache.clear()
    pagecache.forget_held()
    settings.DOCUMENTS_PUBLIC_CACHE_SECONDS = 300
    settings.PUBLIC_TOKEN_HOLD_MS = 60_000  # longer than this loaded machine takes between two requests
    settings.SHARED_CACHE_SECONDS = 5
    yield settings
    cache.clear()
    pagecache.forget_held()


PUBLIC_URLS = ["/", "/xxgk/", "/xxgk/statutory/", "/xxgk/policies/", "/api/v1/records/", "/xxgk/feed/rss/",
               "/sitemap.xml", "/site-map/"]  # fmt: skip


def test_public_pages_carry_cache_headers_and_hits_cost_no_query(
    client, record, cache_on, django_assert_num_queries
):
    for url in [*PUBLIC_URLS, f"/xxgk/records/{record.pk}/", f"/api/v1/records/{record.pk}/"]:
        first = client.get(url)
        assert first.status_code == 200, url
        assert first["Cache-Control"] == "public, max-age=0, s-maxage=5, must-revalidate", url
        assert first["ETag"].startswith('W/"') and "Cookie" in first["Vary"], url
        with CaptureQueriesContext(connection) as queries:
            hit = client.get(url)
        assert not queries.captured_queries, (url, queries.captured_queries)
        assert hit["X-Cache"] == "hit" and hit.content == first.content, url
        assert hit["ETag"] == first["ETag"] and "Content-Security-Policy" in hit, url
        assert hit["X-Frame-Options"] == "DENY", url
        with django_assert_num_queries(0):
            assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    api = client.get("/api/v1/records/")
    assert api["X-Cache"] == "hit" and api["Access-Control-Allow-Origin"] == "*"


def test_display_modes_and_sessions(client, record, cache_on, signer_a):
    standard = client.get("/xxgk/")
    client.cookies["zwgk_display"] = "large"
    large = client.get("/xxgk/")
    assert "X-Cache" not in large and b"mode-large" in large.content and b"mode-large" not in standard.content
    assert client.get("/xxgk/")["X-Cache"] == "hit"
    client.force_login(signer_a)
    staff = client.get("/xxgk/")
    assert "X-Cache" not in staff and "no-store" in staff["Cache-Control"] and "ETag" not in staff


def test_a_withdrawn_record_leaves_the_cache_at_once_with_the_token_held(client, record, cache_on, signer_a,
                                                                      django_capture_on_commit_callbacks):  # fmt: skip
    url = f"/xxgk/records/{record.pk}/"
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Cache"] == "hit"
    assert record.title in client.get("/api/v1/records/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        actions.withdraw(Record.objects.get(pk=record.pk), by=signer_a, reason="撤回")
    assert client.get(url).status_code == 404  # at once: this process dropped its held token
    assert record.title not in client.get("/api/v1/records/").content.decode()


def test_another_process_sees_a_change_within_the_hold(record, cache_on, monkeypatch):
    from zwgk.documents.models import PublicState

    cache_on.PUBLIC_TOKEN_HOLD_MS = 1000
    clock = [1000.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: clock[0])
    before = pagecache.token()
    # another process publishes: the database has a new token, this process still holds the old one
    PublicState.objects.update_or_create(key="public", defaults={"token": "changed-elsewhere"})
    clock[0] += 0.9
    assert pagecache.token() == before
    clock[0] += 0.2  # the hold (1 s) is over
    assert pagecache.token() == "changed-elsewhere"


def test_with_a_shared_cache_the_token_is_read_from_it(
    record, cache_on, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(pagecache, "shared_cache", lambda: True)
    first = pagecache.token()
    with django_assert_num_queries(0):
        assert pagecache.token() == first
    pagecache.bump()
    with django_assert_num_queries(0):
        assert pagecache.token() != first


def test_pages_that_use_a_csrf_token_or_set_a_cookie_are_not_stored(rf, cache_on):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    def with_form(request):
        return HttpResponse(get_token(request))

    def with_cookie(request):
        response = HttpResponse("x")
        response.set_cookie("a", "b")
        return response

    for view in (with_form, with_cookie):
        wrapped = pagecache.public_cache(view)
        request = rf.get("/x/")
        wrapped(request)
        assert "X-Cache" not in wrapped(rf.get("/x/"))


def test_counts_and_list_totals_are_cached_per_token(client, record, cache_on, signer_a,
                                                   django_capture_on_commit_callbacks):  # fmt: skip
    def counts(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        grouped = [
            q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"] or "COUNT(" in q["sql"]
        ]
        return response, grouped

    _, grouped = counts("/xxgk/statutory/")
    assert grouped  # computed once
    # another URL (a page-cache miss) reuses the counts of this token
    again, grouped = counts("/xxgk/statutory/?from=home")
    assert again.status_code == 200 and not grouped
    listing, grouped = counts("/api/v1/records/")
    assert listing.json()["count"] == 1
    assert not counts("/api/v1/records/?page=1")[1]  # the same list: its total is not counted again
    with django_capture_on_commit_callbacks(execute=True):
        actions.withdraw(Record.objects.get(pk=record.pk), by=signer_a, reason="撤回")
    assert client.get("/api/v1/records/?page=1").json()["count"] == 0
    after, grouped = counts("/xxgk/statutory/?from=home")
    assert grouped and after.content != again.content


def test_the_record_page_reads_its_links_in_one_public_query(client, record, django_assert_max_num_queries):
    # record (with agency, issuer, theme), validity changes, linked ids, co-agencies, attachments,
    # interpretations, openness changes: no query per link or per validity change. Three more come from the
    # record-link providers other apps register (its consultation, its dataset, its reposts) — one each, not per link.
    with django_assert_max_num_queries(11):
        assert client.get(f"/xxgk/records/{record.pk}/").status_code == 200
