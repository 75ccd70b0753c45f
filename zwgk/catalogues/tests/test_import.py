"""Importing a standard catalogue from .xlsx: the shipped 涉农补贴 file, a clear Chinese message per bad row and
nothing half-imported, re-import updating and retiring 事项, the template, permissions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from zwgk.catalogues import actions, parse
from zwgk.catalogues.models import Catalogue, CatalogueItem
from zwgk.core.errors import Refused
from zwgk.testing import login

from .conftest import SHIPPED, row, xlsx

pytestmark = pytest.mark.django_db


def test_the_shipped_shenong_catalogue_imports_with_its_source(gkb):
    catalogue = actions.import_catalogue("涉农补贴", SHIPPED.read_bytes(), source="见文件", by=gkb)
    items = list(catalogue.items.order_by("seq"))
    assert [i.level2 for i in items][:2] == ["农机购置补贴", "耕地地力保护"]
    assert len(items) == 5
    assert items[1].levels == ["county", "township"] and items[1].time_limit_days == 20
    assert items[4].levels == ["county"]
    assert "铁力市" in SHIPPED.with_name("SOURCE.md").read_text(encoding="utf-8")


def test_bad_rows_each_get_a_message_and_nothing_is_imported(gkb):
    data = xlsx(
        [
            row(1, "农机购置补贴"),
            row(2, "", basis=""),
            row(3, "耕地地力保护", levels="省级"),
            row("四", "新型职业农民培育", audience="部分人"),
            row(5, "农机购置补贴"),
        ]
    )
    with pytest.raises(Refused) as caught:
        actions.import_catalogue("涉农补贴", data, by=gkb)
    problems = caught.value.problems
    assert "未导入任何事项" in caught.value.message
    assert problems[0] == "第 3 行：“二级事项”为空；“公开依据”为空。"
    assert "第 4 行" in problems[1] and "不认识：省级" in problems[1]
    assert "第 5 行" in problems[2] and "序号" in problems[2] and "公开对象" in problems[2]
    assert "第 6 行" in problems[3] and "与第 2 行的事项重复" in problems[3]
    assert len(problems) == 4
    assert not Catalogue.objects.exists() and not CatalogueItem.objects.exists()


def test_files_that_are_not_catalogues_are_refused(gkb):
    with pytest.raises(Refused, match=r"\.xlsx"):
        actions.import_catalogue("涉农补贴", b"not a zip", by=gkb)
    with pytest.raises(Refused) as caught:
        actions.import_catalogue("涉农补贴", xlsx([]), by=gkb)
    assert caught.value.problems == ["表格中没有事项。"]
    no_header = parse.parse_rows([["a", "b"]] * 7)
    assert "没有找到表头" in no_header.errors[0]


def test_reimport_updates_adds_and_retires_without_deleting(gkb):
    actions.import_catalogue("涉农补贴", xlsx([row(1, "甲"), row(2, "乙")]), by=gkb)
    catalogue = actions.import_catalogue(
        "涉农补贴", xlsx([row(1, "甲", basis="新依据"), row(3, "丙")]), by=gkb
    )
    items = {i.level2: i for i in catalogue.items.all()}
    assert items["甲"].basis == "新依据" and not items["甲"].retired
    assert items["乙"].retired and not items["丙"].retired
    assert catalogue.items.current().count() == 2


def test_only_the_office_imports_and_the_page_shows_row_messages(gkb, admin_a):
    with pytest.raises(PermissionDenied):
        actions.import_catalogue("涉农补贴", SHIPPED.read_bytes(), by=admin_a)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("bad.xlsx", xlsx([row(1, "甲", levels="")]))
    response = login(gkb).post(
        "/workspace/catalogues/import/", {"domain": "涉农补贴", "source": "保留的来源", "file": bad}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "第 2 行：“公开层级”为空。" in text and "保留的来源" in text
    template = login(gkb).get("/workspace/catalogues/template.xlsx")
    assert template.status_code == 200
    header = parse.parse_rows(
        __import__("zwgk.catalogues.reading", fromlist=["x"]).xlsx_rows(template.content)
    )
    assert header.errors == [] and len(header.items) == 1
