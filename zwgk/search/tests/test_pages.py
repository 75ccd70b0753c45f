"""Public search page, JSON API and `zwgk search`: grouped highlighted results, jumps, and bad input."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from zwgk.search.models import QueryStat
from zwgk.search.registry import IndexEntry
from zwgk.testing import index_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs():
    index_entries(
        [
            (
                "1",
                IndexEntry(
                    title="东丽区灵活就业人员社会保险费缴纳办法",
                    url="/docs/1/",
                    body="灵活就业人员可以个人身份缴纳社会保险费。",
                    doc_number="津东人社发〔2022〕3号",
                    agency_name="区人社局",
                    date=date(2022, 5, 1),
                    validity="in_force",
                ),
            ),
            (
                "2",
                IndexEntry(
                    title="社保缴费常见问题解读",
                    url="/docs/2/",
                    body="社保怎么交？按月缴纳。",
                    kind="政策解读",
                    agency_name="区人社局",
                    date=date(2022, 5, 2),
                ),
            ),
            (
                "3",
                IndexEntry(
                    title="东丽区社会保险补贴办法（2015年）",
                    url="/docs/3/",
                    body="社会保险补贴。",
                    agency_name="区人社局",
                    date=date(2015, 1, 1),
                    validity="repealed",
                ),
            ),
            (
                "4",
                IndexEntry(
                    title="<script>alert(1)</script>社会保险宣传",
                    url="/docs/4/",
                    body="<b>社会保险</b>宣传周",
                    agency_name="区融媒体中心",
                    date=date(2023, 1, 1),
                ),
            ),
        ]
    )


def test_search_page_groups_highlights_and_marks_repealed(client, docs):
    response = client.get("/search/", {"q": "社保"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "政策文件（3）" in html and "政策解读（1）" in html
    assert "<mark>社会保险</mark>" in html and "<mark>社保</mark>" in html
    assert "已废止" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "发布机构" in html and "区人社局（3）" in html


def test_kind_filter_pages_and_facet_filter(client, docs):
    html = client.get("/search/", {"q": "社会保险", "kind": "政策解读"}).content.decode()
    assert 'href="/docs/2/"' in html and 'href="/docs/3/"' not in html
    assert "政策文件（" in html  # the kind counts ignore the kind filter (multi-select), the results do not
    html = client.get("/search/", {"q": "社会保险", "validity": "repealed"}).content.decode()
    assert 'href="/docs/3/"' in html and 'href="/docs/1/"' not in html


def test_exact_doc_number_jumps_to_the_document(client, docs):
    response = client.get("/search/", {"q": "津东人社发[2022]3号"})
    assert response.status_code == 302 and response["Location"] == "/docs/1/"
    assert client.get("/search/", {"q": "津东人社发[2022]3号", "nojump": "1"}).status_code == 200


BAD_INPUT = [
    "",
    "   ",
    "社保" * 1000,
    "，。！？、；：“”……——",
    '" * NEAR : ^ - OR AND NOT',
    'title:社保 NEAR(社会 保险, 2) "unterminated',
    "'; DROP TABLE search_searchentry; --",
    "1' OR '1'='1",
    "🙂🎉👍",
    "社保🙂怎么交",
    "社會保險怎麼繳",
    "\x00\x01\x1f",
    "%_\\",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("query", BAD_INPUT)
def test_bad_input_gives_a_normal_page(client, docs, query):
    # Control characters in a query string are stripped by the input-hygiene middleware before the search.
    response = client.get("/search/", {"q": query, "page": "abc", "year": "x", "validity": "nope"})
    assert response.status_code == 200
    assert client.get("/api/search/", {"q": query}).status_code == 200


def test_traditional_characters_find_simplified_text(client, docs):
    body = client.get("/api/search/", {"q": "社會保險"}).json()
    assert body["total"] >= 3


def test_long_query_is_cut_and_says_so(client, docs):
    html = client.get("/search/", {"q": "社会保险" * 500}).content.decode()
    assert "已只使用前 100 个字" in html


def test_api_returns_results_kinds_facets_and_logs_zero_results(client, docs):
    body = client.get("/api/search/", {"q": "社会保险"}).json()
    assert body["total"] == 4
    assert {k["kind"] for k in body["kinds"]} == {"政策文件", "政策解读"}
    first = body["results"][0]
    assert set(first) >= {
        "id",
        "title",
        "doc_number",
        "agency",
        "date",
        "validity",
        "kind",
        "url",
        "snippet",
        "score",
    }
    client.get("/api/search/", {"q": "完全不存在的东西"})
    stat = QueryStat.objects.get(query="完全不存在的东西")
    assert stat.zero_count == 1 and stat.last_total == 0


def test_search_command_follows_the_json_contract(docs):
    out = StringIO()
    call_command("search", "社保", "--limit", "2", "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert set(body) == {"query", "total", "results"}
    assert body["query"] == "社保" and body["total"] == 4 and len(body["results"]) == 2
    assert set(body["results"][0]) == {
        "id",
        "title",
        "doc_number",
        "agency",
        "date",
        "validity",
        "kind",
        "url",
        "snippet",
        "score",
    }
    assert isinstance(body["results"][0]["score"], float)
    assert "<mark>" not in body["results"][0]["snippet"]
    text = StringIO()
    call_command("search", "社保", stdout=text)
    assert "共 4 条结果" in text.getvalue()


def test_header_search_box_on_every_public_page(client):
    html = client.get("/").content.decode()
    assert 'action="/search/"' in html and 'role="search"' in html


def test_search_page_in_large_print_mode(client, docs):
    client.cookies["zwgk_display"] = "large-contrast"
    html = client.get("/search/", {"q": "社保"}).content.decode()
    assert 'class="mode-large mode-contrast"' in html and "<mark>" in html
