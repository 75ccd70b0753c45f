"""The public 政府信息公开 column: metadata block, validity banner and links, lists with filters and paging,
guides with 修订时间, the 年报 link, feeds, sitemap and the JSON API with its OpenAPI description."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest
import time_machine
from django.urls import path

from zwgk.core.errors import Refused
from zwgk.documents import actions
from zwgk.documents.models import Record
from zwgk.documents.tests.helpers import draft, publish

pytestmark = pytest.mark.django_db
NOW = "2025-04-01 10:00:00+08:00"


@pytest.fixture
def published(agency_a, drafter_a, reviewer_a, signer_a):
    with time_machine.travel(NOW, tick=False):
        old = draft(
            agency_a,
            drafter_a,
            title="东丽区城乡居民最低生活保障实施办法",
            doc_number="东丽民规〔2022〕1号",
            written_on=date(2025, 1, 2),
            normative_kind="normative",
            statutory_category="art21_social_assistance",
        )
        publish(old, drafter_a, reviewer_a, signer_a)
        new = draft(
            agency_a,
            drafter_a,
            title="东丽区城乡居民最低生活保障实施办法（2025年修订）",
            doc_number="东丽民规〔2025〕2号",
            normative_kind="normative",
            statutory_category="art21_social_assistance",
        )
        publish(new, drafter_a, reviewer_a, signer_a)
        actions.change_validity(
            old,
            by=signer_a,
            validity="repealed",
            changed_on=date(2025, 4, 1),
            related=new,
            note="由2025年修订版替代",
        )
    old.refresh_from_db()
    new.refresh_from_db()
    return old, new


@time_machine.travel(NOW, tick=False)
def test_document_page_shows_the_metadata_block_and_repeal_banner(client, published, agency_a):
    old, new = published
    html = client.get(f"/xxgk/records/{old.pk}/").content.decode()
    for label, value in [
        ("索引号", old.index_no),
        ("主题分类", "综合政务\\政务公开"),
        ("发文机关", agency_a.name),
        ("成文日期", "2025年01月02日"),
        ("发文字号", "东丽民规〔2022〕1号"),
        ("发布日期", "2025年04月01日"),
        ("有 效 性", "已废止"),
    ]:
        assert label in html and value in html
    assert 'class="banner"' in html and "现行文件" in html and f"/xxgk/records/{new.pk}/" in html
    new_html = client.get(f"/xxgk/records/{new.pk}/").content.decode()
    assert "本文件替代" in new_html and f"/xxgk/records/{old.pk}/" in new_html


@time_machine.travel(NOW, tick=False)
def test_normative_list_shows_in_force_by_default_and_counts(client, published):
    old, new = published
    html = client.get("/xxgk/normative/").content.decode()
    assert new.title in html and f"/xxgk/records/{old.pk}/" not in html
    assert old.title in client.get("/xxgk/normative/?validity=repealed").content.decode()
    assert "本年制发" in html and "现行有效" in html


@time_machine.travel(NOW, tick=False)
def test_lists_filter_and_page(client, agency_a, agency_b, drafter_a, reviewer_a, signer_a, staff_b):
    for i in range(23):
        publish(draft(agency_a, drafter_a, title=f"政策文件第{i:02d}号"), drafter_a, reviewer_a, signer_a)
    html = client.get("/xxgk/policies/").content.decode()
    assert "第 1 / 2 页，共 23 条" in html
    assert (
        "共 3 条" in client.get("/xxgk/policies/?page=2").content.decode()
        or "第 2 / 2 页" in client.get("/xxgk/policies/?page=2").content.decode()
    )
    assert "暂无符合条件的文件" in client.get(f"/xxgk/policies/?agency={agency_b.code}").content.decode()
    assert "政策文件第05号" in client.get("/xxgk/policies/?q=第05号").content.decode()
    assert "暂无" in client.get("/xxgk/policies/?year=2019").content.decode()
    assert client.get("/xxgk/policies/?year=abc&page=xyz&agency=<script>").status_code == 200
    statutory = client.get("/xxgk/statutory/").content.decode()
    assert "第二十条第（十五）项" in statutory and agency_a.name in statutory


@time_machine.travel(NOW, tick=False)
def test_list_page_query_count_does_not_grow_with_rows(
    client, agency_a, drafter_a, reviewer_a, signer_a, django_assert_max_num_queries
):
    for i in range(15):
        publish(draft(agency_a, drafter_a, title=f"文件{i}"), drafter_a, reviewer_a, signer_a)
    with django_assert_max_num_queries(8):
        client.get("/xxgk/policies/")


@time_machine.travel(NOW, tick=False)
def test_guide_shows_revision_time_and_history(client, agency_a, admin_a):
    actions.publish_guide(agency_a, body="第一版正文", revised_on=date(2024, 1, 5), note="初版", by=admin_a)
    actions.publish_guide(
        agency_a, body="第二版正文", revised_on=date(2025, 3, 1), note="更新联系方式", by=admin_a
    )
    html = client.get(f"/xxgk/guide/{agency_a.code}/").content.decode()
    assert "修订时间：2025年03月01日" in html and "第二版正文" in html and "更新联系方式" in html
    assert agency_a.phone in html
    old = client.get(f"/xxgk/guide/{agency_a.code}/v1/").content.decode()
    assert "第一版正文" in old and "历史版本" in old
    with pytest.raises(Refused):
        actions.publish_guide(agency_a, body="x", revised_on=date(2023, 1, 1), note="", by=admin_a)


def _urlconf_without_reports(name: str, extra: list) -> None:
    import sys
    import types

    import zwgk.urls

    module = types.ModuleType(name)
    module.urlpatterns = [
        p for p in zwgk.urls.urlpatterns if "zwgk.reports" not in str(getattr(p, "urlconf_name", ""))
    ] + extra
    sys.modules[name] = module


def test_annual_report_section_says_none_without_the_reports_app(client, settings):
    _urlconf_without_reports("urls_without_reports", [])
    settings.ROOT_URLCONF = "urls_without_reports"
    html = client.get("/xxgk/annual-reports/").content.decode()
    assert "暂无" in html


def test_annual_report_section_links_to_the_installed_reports_app(client):
    from django.urls import reverse

    target = reverse("reports:public_index")  # must exist whenever the app is installed
    html = client.get("/xxgk/annual-reports/").content.decode()
    assert f'href="{target}"' in html and "暂无" not in html


def test_annual_report_section_links_when_the_reports_url_exists(client, settings):
    from django.http import HttpResponse
    from django.urls import include

    fake = ([path("", lambda r: HttpResponse("ok"), name="public_index")], "reports")
    _urlconf_without_reports("urls_with_fake_reports", [path("nianbao/", include(fake))])
    settings.ROOT_URLCONF = "urls_with_fake_reports"
    html = client.get("/xxgk/annual-reports/").content.decode()
    assert 'href="/nianbao/"' in html and "暂无" not in html


@time_machine.travel(NOW, tick=False)
def test_feeds_sitemap_and_api_list_public_records(client, published):
    old, new = published
    rss = ET.fromstring(client.get("/xxgk/feed/rss/").content)  # noqa: S314  (our own output)
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert any(new.title in t for t in titles) and len(titles) == 2
    atom = client.get("/xxgk/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml") and new.title in atom.content.decode()
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-records.xml" in index and "sitemap-site.xml" in index
    assert "<loc>http://testserver/</loc>" in client.get("/sitemap-site.xml").content.decode()
    records_map = client.get("/sitemap-records.xml").content.decode()
    assert f"/xxgk/records/{new.pk}/" in records_map
    data = client.get("/api/v1/records/?page_size=1").json()
    assert data["count"] == 2 and len(data["results"]) == 1 and data["next"]
    detail = client.get(f"/api/v1/records/{old.pk}/").json()
    assert detail["validity"] == "repealed" and detail["replaced_by"] == new.pk
    assert detail["index_no"] == old.index_no and detail["doc_number"] == "东丽民规〔2022〕1号"


def test_openapi_description_matches_the_routes(client):
    from django.urls import resolve

    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    for route, item in spec["paths"].items():
        resolve(route.replace("{id}", "1"))
        for operation in item.values():
            for response in operation["responses"].values():
                schema = response.get("content", {}).get("application/json", {}).get("schema", {})
                ref = schema.get("$ref") or schema.get("items", {}).get("$ref")
                if ref:
                    assert ref.split("/")[-1] in spec["components"]["schemas"]
    summary = spec["components"]["schemas"]["RecordSummary"]
    assert set(summary["required"]) >= {"index_no", "title", "doc_number", "published_at", "validity"}


@time_machine.travel(NOW, tick=False)
def test_api_records_match_the_schema_fields(client, published):
    spec = client.get("/api/v1/openapi.json").json()
    fields = set(spec["components"]["schemas"]["RecordSummary"]["properties"])
    results = client.get("/api/v1/records/").json()["results"]
    assert results
    for item in results:
        assert set(item) == fields
    assert client.get("/api/v1/records/999999/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_public_cache_serves_hits_and_forgets_withdrawn_records(
    client, settings, published, signer_a, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    cache.clear()
    settings.DOCUMENTS_PUBLIC_CACHE_SECONDS = 300
    _, new = published
    url = f"/xxgk/records/{new.pk}/"
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        actions.withdraw(Record.objects.get(pk=new.pk), by=signer_a, reason="撤回")
    assert client.get(url).status_code == 404
    assert new.title not in client.get("/xxgk/policies/").content.decode()
    cache.clear()
