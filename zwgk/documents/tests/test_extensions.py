"""documents.extensions.may_link: the per-token gate before a record-link provider's own query."""

import pytest
from django.core.cache import cache

from zwgk.core import pagecache
from zwgk.documents import extensions

pytestmark = pytest.mark.django_db


class _Record:
    def __init__(self, pk):
        self.pk = pk


@pytest.fixture
def caches_on(settings):
    settings.DOCUMENTS_PUBLIC_CACHE_SECONDS = 300
    cache.clear()
    pagecache.forget_held()
    yield
    cache.clear()
    pagecache.forget_held()


def test_the_set_is_read_once_per_token_and_again_after_a_public_change(caches_on):
    linked = {1, 2}
    calls = []

    def ids():
        calls.append(1)
        return set(linked)

    assert extensions.may_link("test", ids, _Record(1))
    assert not extensions.may_link("test", ids, _Record(3))
    assert len(calls) == 1  # cached until the next public change
    linked.add(3)
    assert not extensions.may_link("test", ids, _Record(3))  # stale: the link waits, nothing is shown wrongly
    pagecache.bump()
    assert extensions.may_link("test", ids, _Record(3)) and len(calls) == 2


def test_without_the_page_cache_the_set_is_read_every_time(settings):
    settings.DOCUMENTS_PUBLIC_CACHE_SECONDS = 0
    linked = {5}
    assert extensions.may_link("test", lambda: linked, _Record(5))
    linked.clear()
    assert not extensions.may_link("test", lambda: linked, _Record(5))
