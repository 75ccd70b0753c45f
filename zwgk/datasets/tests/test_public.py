"""The public page, downloads, API, search and sitemap of a published dataset: masked values only, filters,
search inside the dataset, sort, paging, totals, chain timeline, chart."""

from __future__ import annotations

import io
import json
from urllib.parse import unquote

import openpyxl
import pytest
from django.test import Client

from zwgk.datasets.tests.helpers import RAW_ID, RAW_NAME, csv_bytes, import_csv, publish_dataset
from zwgk.documents import actions as documents

pytestmark = pytest.mark.django_db
RAW = (RAW_NAME, RAW_ID, "张建国", "120110196512150014", "李秀兰", "王立新")


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def assert_masked(text: str) -> None:
    for value in RAW:
        assert value not in text


def test_the_public_page_shows_masked_rows_with_filters_totals_and_downloads(published):
    page = body(Client().get(f"/datasets/{published.pk}/"))
    assert "欧**英" in page and "1201**********1233" in page and "张*国" in page
    assert_masked(page)
    assert 'name="f_village"' in page and "赤土村" in page and "欢坨村" in page
    assert "金额合计 <strong>8,551.00</strong> 元" in page
    assert 'data-label="姓名"' in page  # cards below 600 px (card-labelled)
    assert f"/datasets/{published.pk}/download.xlsx" in page


def test_the_records_public_page_links_to_the_table(published):
    page = body(Client().get(f"/xxgk/records/{published.pk}/"))
    assert f'href="/datasets/{published.pk}/"' in page and "在线查看数据表" in page
    assert_masked(page)


def test_a_villager_filters_by_her_village_and_searches(published):
    client = Client()
    page = body(client.get(f"/datasets/{published.pk}/", {"f_village": "欢坨村"}))
    assert "李*兰" in page and "欧**英" not in page
    assert "金额合计 <strong>7,120.00</strong> 元" in page
    found = body(client.get(f"/datasets/{published.pk}/", {"q": "欧**"}))
    assert "欧**英" in found and "李*兰" not in found
    assert "共 1 条" in found
    nothing = body(client.get(f"/datasets/{published.pk}/", {"q": RAW_NAME}))
    assert "没有符合条件的数据" in nothing  # the unmasked name is not even searchable


def test_sorting_and_paging(agency_a, drafter_a, reviewer_a, signer_a):
    rows = [
        ["华明街道", f"村{i:02d}", "耕地地力保护补贴", "张三", "", "1", "100", f"{i}.00", "2025-11-20"]
        for i in range(1, 46)
    ]
    from zwgk.datasets.tests.helpers import subsidy_csv

    dataset = publish_dataset(
        import_csv(agency_a, drafter_a, "subsidy", subsidy_csv(rows)), drafter_a, reviewer_a, signer_a
    )
    client = Client()
    first = body(client.get(f"/datasets/{dataset.pk}/", {"sort": "-amount"}))
    assert first.index(">45.00<") < first.index(">44.00<")
    assert "第 1 / 3 页，共 45 条" in first
    last = body(client.get(f"/datasets/{dataset.pk}/", {"sort": "-amount", "page": 3}))
    assert ">1.00<" in last and ">45.00<" not in last
    garbage = client.get(
        f"/datasets/{dataset.pk}/", {"sort": "nonsense", "page": "x", "f_nope": "1", "q": "x" * 500}
    )
    assert garbage.status_code == 200


def test_downloads_hold_masked_rows_only(published):
    client = Client()
    csv_text = body(client.get(f"/datasets/{published.pk}/download.csv"))
    assert csv_text.splitlines()[0] == "街道,村,补贴项目,姓名,身份证号,面积/数量,标准,金额,发放日期"
    assert "欧**英" in csv_text
    assert_masked(csv_text)
    only = body(client.get(f"/datasets/{published.pk}/download.csv", {"f_village": "欢坨村"}))
    assert len(only.splitlines()) == 3
    response = client.get(f"/datasets/{published.pk}/download.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row]
    assert "欧**英" in values and 1113 in [c.value for c in sheet["H"]]
    assert_masked(" ".join(values))
    assert response["X-Content-Type-Options"] == "nosniff"
    head = client.head(f"/datasets/{published.pk}/download.xlsx")  # what the link check asks
    assert (
        head.status_code == 200
        and "已脱敏" in unquote(head["Content-Disposition"])
        and not b"".join(head.streaming_content)
    )
    assert client.head(f"/datasets/{published.pk}/download.ods").status_code == 404


def test_the_api_returns_masked_rows_with_the_schema(published):
    client = Client()
    listing = client.get("/api/v1/datasets/").json()
    assert listing["count"] == 1 and listing["results"][0]["row_count"] == 4
    data = client.get(f"/api/v1/datasets/{published.pk}/rows/", {"filter": "village:赤土村"}).json()
    assert data["count"] == 2 and data["totals"] == {"amount": "1,431.00"}
    name = next(c for c in data["schema"] if c["key"] == "name")
    assert name["masked"] is True and name["type"] == "person_name" and "张*三" in name["mask_rule"]
    assert {r["name"] for r in data["results"]} == {"张*国", "欧**英"}
    assert_masked(json.dumps(data, ensure_ascii=False))
    assert client.get("/api/v1/datasets/999/rows/").status_code == 404


def test_the_openapi_document_describes_the_datasets_api(db):
    document = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/datasets/{id}/rows/" in document["paths"]
    assert "DatasetColumn" in document["components"]["schemas"]


@pytest.fixture
def indexed(agency_a, drafter_a, reviewer_a, signer_a, subsidy_file, django_capture_on_commit_callbacks):
    """Published with its after-commit work run: the record's announcement reaches the dataset's search entry."""
    with django_capture_on_commit_callbacks(execute=True):
        dataset = import_csv(
            agency_a, drafter_a, "subsidy", subsidy_file, title="2025年耕地地力保护补贴发放结果"
        )
        return publish_dataset(dataset, drafter_a, reviewer_a, signer_a)


def test_the_search_index_holds_masked_values_only(indexed):
    from zwgk.search.models import SearchEntry

    entries = SearchEntry.objects.filter(source="datasets.dataset")
    assert entries.count() == 1
    text = " ".join(f"{e.title} {e.body}" for e in entries)
    assert "赤土村" in text and "欧**英" in text
    assert_masked(" ".join(f"{e.title} {e.body} {e.summary}" for e in SearchEntry.objects.all()))


def test_a_withdrawn_dataset_disappears_everywhere(indexed, signer_a, django_capture_on_commit_callbacks):
    published = indexed
    with django_capture_on_commit_callbacks(execute=True):
        documents.withdraw(published.record, by=signer_a, reason="数据有误，更正后重新发布。")
    client = Client()
    assert client.get(f"/datasets/{published.pk}/").status_code == 404
    assert client.get(f"/datasets/{published.pk}/download.csv").status_code == 404
    assert client.get(f"/api/v1/datasets/{published.pk}/rows/").status_code == 404
    assert client.get("/api/v1/datasets/").json()["count"] == 0
    from zwgk.search.models import SearchEntry

    assert not SearchEntry.objects.filter(source="datasets.dataset").exists()


def test_a_procurement_project_shows_its_stages_as_a_timeline(agency_a, drafter_a, reviewer_a, signer_a):
    header = ["项目编号", "项目名称", "环节", "日期", "内容摘要", "供应商", "金额", "公告链接"]
    rows = [
        ["P-1", "自助终端采购", "采购公告", "2026-04-10", "公开招标", "", "1200000", "https://x.example/a"],
        ["P-1", "自助终端采购", "采购意向", "2026-03-02", "采购40台", "", "1200000", ""],
        ["P-1", "自助终端采购", "合同", "2026-05-26", "合同已签订", "天津某公司", "1086000", ""],
    ]
    dataset = publish_dataset(
        import_csv(agency_a, drafter_a, "procurement", csv_bytes(header, rows)),
        drafter_a,
        reviewer_a,
        signer_a,
    )
    client = Client()
    assert f"/datasets/{dataset.pk}/chain/P-1/" in body(client.get(f"/datasets/{dataset.pk}/"))
    page = body(client.get(f"/datasets/{dataset.pk}/chain/P-1/"))
    order = [page.index(s) for s in ("采购意向", "采购公告", "中标（成交）结果", "合同", "履约验收")]
    assert order == sorted(order)
    assert "1,086,000.00" in page and "部分环节尚未公开" in page
    assert page.count('class="pending"') == 2
    assert client.get(f"/datasets/{dataset.pk}/chain/P-9/").status_code == 404


def test_a_time_series_is_drawn_as_an_svg_chart(agency_a, drafter_a, reviewer_a, signer_a):
    header = ["日期", "新增确诊病例", "新增无症状感染者", "治愈出院"]
    rows = [[f"2026-09-{d:02d}", d, d * 2, 1] for d in range(1, 11)]
    dataset = publish_dataset(
        import_csv(agency_a, drafter_a, "epidemic", csv_bytes(header, rows)), drafter_a, reviewer_a, signer_a
    )
    page = body(Client().get(f"/datasets/{dataset.pk}/"))
    assert "<svg" in page and page.count("<polyline") == 3
    assert "2026-09-01 至 2026-09-10" in page
    assert "<script" not in page.split("<main", 1)[1]
