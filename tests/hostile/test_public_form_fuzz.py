"""Hypothesis-driven fuzzing of the public forms a citizen reaches without logging in: the application form,
the status lookup, search and the policy Q&A. Whatever is typed — control characters, NUL, huge strings, odd
Unicode, wrong types — the answer is never a 5xx (issue 23, item 11). Bounded examples keep it short."""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwgk.applications.tests.factories import applicant

EXAMPLES = 40
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))

hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.sampled_from(
        [
            "\x00",
            "%00",
            "a\x00b",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "９９９９-１２-３１",
            "9999-12-31",
            "0001-01-01",
            "𠀀" * 50,
            "\u202e\u200b\ufeff",
            "x" * 5000,
            "YSQ2026-00001",
            "",
        ]
    ),
)
field_values = st.one_of(hostile_text, st.lists(hostile_text, max_size=3))


def _no_server_error(response) -> None:
    assert response.status_code < 500, response.content[:500]


@pytest.fixture
def client_without_limits(db, settings):
    settings.APPLICATION_SUBMIT_RATE = 1_000_000
    settings.APPLICATION_QUERY_RATE = 1_000_000
    cache.clear()
    return Client()


@pytest.mark.django_db
def test_the_application_form_never_fails_with_a_server_error(client_without_limits, agency_a):
    base = {**applicant(), "agency": agency_a.pk, "declaration": "on"}

    @given(
        overrides=st.dictionaries(
            st.sampled_from([*base, "identity_proof", "junk"]), field_values, max_size=5
        )
    )
    @FUZZ
    def check(overrides):
        _no_server_error(client_without_limits.post("/apply/new/", {**base, **overrides}))

    check()


@pytest.mark.django_db
def test_the_status_lookup_never_fails_with_a_server_error(client_without_limits):
    @given(number=hostile_text, code=hostile_text)
    @FUZZ
    def check(number, code):
        _no_server_error(client_without_limits.post("/apply/status/", {"number": number, "code": code}))
        if number and "\x00" not in number and "/" not in number:
            _no_server_error(client_without_limits.get(f"/apply/status/{number}/"))

    check()


@pytest.mark.django_db
def test_search_and_qa_never_fail_with_a_server_error(client_without_limits):
    @given(
        params=st.dictionaries(
            st.sampled_from(["q", "page", "agency", "theme", "kind", "year", "sort"]), hostile_text
        )
    )
    @FUZZ
    def check(params):
        for url in ("/search/", "/api/search/", "/qa/"):
            _no_server_error(client_without_limits.get(url, params))
        _no_server_error(client_without_limits.post("/api/qa/ask/", {"q": params.get("q", "")}))

    check()
