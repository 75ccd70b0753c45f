"""Staff curation: synonyms and best bets change results at once; the zero-result log; exports; permissions."""

import pytest

from zwgk.audit.models import AuditEvent
from zwgk.core.exports import XLSX_MIME
from zwgk.search.models import BestBet, QueryStat, Synonym
from zwgk.search.registry import IndexEntry
from zwgk.search.service import search
from zwgk.testing import index_entries, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs():
    index_entries(
        [("1", IndexEntry(title="城乡居民基本医疗保险参保缴费通知", url="/docs/1/", body="参保缴费"))]
    )


def test_a_new_synonym_makes_a_zero_result_query_find_documents(gkb, docs, client):
    assert search("新农合", log=False).total == 0
    client.get("/search/", {"q": "新农合"})
    staff = login(gkb)
    page = staff.get("/workspace/search/queries/").content.decode()
    assert "新农合" in page
    response = staff.post(
        "/workspace/search/synonyms/new/",
        {"terms": "新农合、城乡居民基本医疗保险", "note": "群众常用旧称", "is_active": "on"},
    )
    assert response.status_code == 302
    assert Synonym.objects.filter(terms="新农合，城乡居民基本医疗保险").exists()
    assert AuditEvent.objects.filter(action="search.synonym_created").count() == 1
    assert search("新农合", log=False).total == 1


def test_synonym_form_keeps_input_and_explains_errors(gkb):
    response = login(gkb).post("/workspace/search/synonyms/new/", {"terms": "只有一个词"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "请至少填写两个词语" in html and "只有一个词" in html


def test_best_bet_shows_above_results_only_while_its_target_is_public(gkb, docs, client):
    staff = login(gkb)
    staff.post(
        "/workspace/search/best-bets/new/",
        {
            "queries": "医保缴费",
            "title": "城乡居民医保缴费指南",
            "url": "/docs/1/",
            "sort_order": "1",
            "is_active": "on",
        },
    )
    bet = BestBet.objects.get()
    assert bet.entry_key == "tests.docs:1"
    assert "城乡居民医保缴费指南" in client.get("/search/", {"q": "医保缴费"}).content.decode()
    from zwgk.search.models import SearchEntry

    SearchEntry.objects.all().delete()  # the document was withdrawn
    assert "城乡居民医保缴费指南" not in client.get("/search/", {"q": "医保缴费"}).content.decode()


def test_best_bet_rejects_script_urls(gkb):
    response = login(gkb).post(
        "/workspace/search/best-bets/new/",
        {"queries": "x", "title": "t", "url": "javascript:alert(1)", "sort_order": "1"},
    )
    assert response.status_code == 200 and not BestBet.objects.exists()


def test_zero_result_log_export_and_dismiss(gkb, client):
    for _ in range(3):
        client.get("/search/", {"q": "不存在的检索词"})
    staff = login(gkb)
    export = staff.get("/workspace/search/queries/", {"export": "xlsx"})
    assert export["Content-Type"] == XLSX_MIME
    assert QueryStat.objects.get(query="不存在的检索词").zero_count == 3
    staff.post("/workspace/search/queries/dismiss/", {"query": "不存在的检索词"})
    staff.get("/workspace/")  # consume the flash message
    assert "不存在的检索词" not in staff.get("/workspace/search/queries/").content.decode()
    assert "不存在的检索词" in staff.get("/workspace/search/queries/", {"view": "top"}).content.decode()


def test_lists_export_xlsx(gkb):
    staff = login(gkb)
    for url in ["/workspace/search/synonyms/", "/workspace/search/best-bets/"]:
        assert staff.get(url, {"export": "xlsx"})["Content-Type"] == XLSX_MIME


def test_only_the_gongkaiban_curates(drafter_a, supervisor):
    assert login(drafter_a).get("/workspace/search/synonyms/").status_code == 403
    assert login(supervisor).get("/workspace/search/synonyms/").status_code == 403
    assert login(supervisor).get("/workspace/search/queries/").status_code == 200
    assert login(drafter_a).post("/workspace/search/index/").status_code == 403


def test_rebuild_from_the_index_page(gkb, docs):
    response = login(gkb).post("/workspace/search/index/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="search.rebuild_requested").exists()
