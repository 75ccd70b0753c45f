"""The workspace: who sees a dataset, the import form (check, then import; the file is kept), the staff-only source
file (audited), the list export."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zwgk.audit.models import AuditEvent
from zwgk.datasets.models import Dataset
from zwgk.datasets.tests.helpers import RAW_NAME, SUBSIDY_HEADER, SUBSIDY_ROWS, import_csv, subsidy_csv
from zwgk.testing import login

pytestmark = pytest.mark.django_db


def upload(data: bytes, name: str = "补贴.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_the_import_form_checks_then_imports_without_choosing_the_file_again(
    agency_a, drafter_a, subsidy_file
):
    client = login(drafter_a)
    form = {"template": "subsidy", "title": "2025年补贴发放结果", "description": "", "declarations": ""}
    checked = client.post(
        "/workspace/datasets/import/", {**form, "action": "check", "file": upload(subsidy_file)}
    )
    page = checked.content.decode()
    assert checked.status_code == 200 and "检查通过" in page and "已选择：补贴.csv" in page
    assert not Dataset.objects.exists()
    token = checked.context["form"].data["file_staged"]
    done = client.post("/workspace/datasets/import/", {**form, "action": "import", "file_staged": token})
    dataset = Dataset.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/workspace/datasets/{dataset.pk}/"
    detail = client.get(done["Location"]).content.decode()
    assert "欧**英" in detail and RAW_NAME not in detail and "草稿" in detail


def test_the_form_lists_bad_rows_and_undeclared_personal_columns_in_chinese(agency_a, drafter_a):
    rows = [[*r, f"手机1381234567{i}"] for i, r in enumerate(SUBSIDY_ROWS)]
    rows[0][7] = "abc"
    client = login(drafter_a)
    response = client.post(
        "/workspace/datasets/import/",
        {
            "template": "subsidy",
            "title": "补贴",
            "action": "import",
            "declarations": "",
            "file": upload(subsidy_csv(rows, [*SUBSIDY_HEADER, "备注"])),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "“abc”不是有效的金额" in page and "金额（元）" in page
    assert "列“备注”看起来含有个人信息" in page and "备注=phone" in page
    assert "整个文件都没有导入" in page
    assert not Dataset.objects.exists()


def test_bad_declarations_are_a_form_error_not_a_500(agency_a, drafter_a, subsidy_file):
    response = login(drafter_a).post(
        "/workspace/datasets/import/",
        {"template": "subsidy", "title": "补贴", "declarations": "备注", "file": upload(subsidy_file)},
    )
    assert response.status_code == 200 and "应写成“列名=类型”" in response.content.decode()


def test_only_the_agencys_staff_see_a_dataset_and_only_some_get_its_source(
    agency_a, drafter_a, reviewer_a, staff_b, supervisor, subsidy_file
):
    dataset = import_csv(agency_a, drafter_a, "subsidy", subsidy_file)
    url = f"/workspace/datasets/{dataset.pk}/"
    assert login(staff_b).get(url).status_code == 404
    assert login(supervisor).get(url).status_code == 200
    assert login(supervisor).get(url + "source/").status_code == 403
    response = login(reviewer_a).get(url + "source/")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert RAW_NAME.encode() in b"".join(response.streaming_content)
    event = AuditEvent.objects.get(action="datasets.source_downloaded")
    assert event.actor_id == reviewer_a.pk


def test_the_workspace_list_exports_xlsx(agency_a, drafter_a, subsidy_file):
    import_csv(agency_a, drafter_a, "subsidy", subsidy_file, title="补贴甲")
    response = login(drafter_a).get("/workspace/datasets/?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:4] == ["补贴甲", "惠农补贴发放结果", "区发改委", 4]


def test_a_reviewer_may_not_import(agency_a, reviewer_a):
    assert login(reviewer_a).get("/workspace/datasets/import/").status_code == 403
