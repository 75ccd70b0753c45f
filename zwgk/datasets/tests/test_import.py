"""Import: per-row and per-column problems, undeclared personal columns, declarations, nothing half-imported,
permissions, replacing a draft's rows."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.datasets import actions
from zwgk.datasets.models import Dataset, DatasetRow
from zwgk.datasets.table import TableError
from zwgk.datasets.templates import BY_CODE
from zwgk.datasets.tests.helpers import (
    RAW_ID,
    RAW_NAME,
    SUBSIDY_HEADER,
    SUBSIDY_ROWS,
    csv_bytes,
    import_csv,
    publish_dataset,
    subsidy_csv,
)
from zwgk.documents.models import Record, Status

pytestmark = pytest.mark.django_db
SUBSIDY = BY_CODE["subsidy"]


def run(agency, user, data, **kw):
    kw.setdefault("title", "补贴")
    return actions.import_dataset(agency, SUBSIDY, data, kw.pop("filename", "f.csv"), by=user, **kw)


def test_a_good_file_becomes_a_draft_record_with_masked_rows_only(agency_a, drafter_a, subsidy_file):
    dataset = import_csv(agency_a, drafter_a, "subsidy", subsidy_file)
    record = dataset.record
    assert record.status == Status.DRAFT and record.statutory_category == "art20_11"
    assert dataset.row_count == 4
    stored = " ".join(str(r.data) + r.text for r in DatasetRow.objects.filter(dataset=dataset))
    assert RAW_NAME not in stored and RAW_ID not in stored and "张建国" not in stored
    row = DatasetRow.objects.get(dataset=dataset, n=2)
    assert row.data["name"] == "欧**英" and row.data["id_number"] == "1201**********1233"
    assert row.group == "赤土村" and row.line == 3
    assert dataset.totals["amount"] == 111300 + 31800 + 212000 + 500000
    assert RAW_NAME not in record.body + record.summary
    assert dataset.source_file.read().startswith(b"\xef\xbb\xbf")  # the source file is kept as uploaded
    assert AuditEvent.objects.filter(action="datasets.imported").count() == 1


def test_every_bad_cell_is_reported_by_row_and_column_and_nothing_is_imported(agency_a, drafter_a):
    rows = [list(r) for r in SUBSIDY_ROWS]
    rows[1][7] = "三百元"
    rows[2][8] = "2025-13-01"
    rows[3][3] = ""
    result = run(agency_a, drafter_a, subsidy_csv(rows))
    assert not result.imported
    found = {(p.line, p.column): p.zh for p in result.checked.problems}
    assert "不是有效的金额" in found[(3, "金额（元）")]
    assert "不是有效日期" in found[(4, "发放日期")]
    assert "必填" in found[(5, "姓名")]
    assert result.checked.problem_count == 3
    assert not Record.objects.exists() and not Dataset.objects.exists() and not DatasetRow.objects.exists()


def test_a_failure_while_writing_leaves_nothing_behind(agency_a, drafter_a, subsidy_file, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions, "_write_rows", broken)
    with pytest.raises(RuntimeError):
        run(agency_a, drafter_a, subsidy_file)
    assert not Record.objects.exists() and not Dataset.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="datasets.").exists()


def test_missing_required_columns_are_named(agency_a, drafter_a):
    header = [h for h in SUBSIDY_HEADER if h != "金额（元）"]
    rows = [r[:7] + r[8:] for r in SUBSIDY_ROWS]
    result = run(agency_a, drafter_a, subsidy_csv(rows, header))
    assert [p.zh for p in result.checked.problems] == ["缺少必填列“金额”"]


def test_a_file_without_a_recognisable_header_is_refused_as_a_whole(agency_a, drafter_a):
    with pytest.raises(TableError, match="找不到表头"):
        run(agency_a, drafter_a, csv_bytes(["a", "b"], [["1", "2"]]))


def test_a_title_row_above_the_header_is_skipped(agency_a, drafter_a):
    data = csv_bytes(["东丽区2025年耕地地力保护补贴发放结果"], [SUBSIDY_HEADER, *SUBSIDY_ROWS])
    result = run(agency_a, drafter_a, data)
    assert result.imported and result.checked.header_line == 2
    assert DatasetRow.objects.get(n=1).line == 3


def test_an_undeclared_column_of_phone_numbers_is_refused_until_declared(agency_a, drafter_a):
    header = [*SUBSIDY_HEADER, "备注"]
    rows = [[*r, f"联系人手机1381234567{i}"] for i, r in enumerate(SUBSIDY_ROWS)]
    refused = run(agency_a, drafter_a, subsidy_csv(rows, header))
    assert not refused.imported
    [suspect] = refused.checked.suspects
    assert suspect.header == "备注" and "手机号码" in suspect.reason
    assert not Record.objects.exists()
    omitted = run(agency_a, drafter_a, subsidy_csv(rows, header), declared={"备注": "omit"})
    assert omitted.imported and omitted.dataset.omitted_columns == ["备注"]
    assert "13812345670" not in str(list(DatasetRow.objects.values_list("data", flat=True)))


def test_a_column_named_like_personal_data_must_be_declared_and_is_then_masked(agency_a, drafter_a):
    header = [*SUBSIDY_HEADER, "联系电话"]
    rows = [[*r, f"1391234567{i}"] for i, r in enumerate(SUBSIDY_ROWS)]
    refused = run(agency_a, drafter_a, subsidy_csv(rows, header))
    assert refused.checked.suspects[0].suggested == "phone"
    declared = run(agency_a, drafter_a, subsidy_csv(rows, header), declared={"联系电话": "phone"})
    assert declared.imported
    column = declared.dataset.column("extra_10")
    assert column.type == "phone" and column.label == "联系电话"
    assert DatasetRow.objects.get(n=1).data["extra_10"] == "139****5670"


def test_a_list_of_names_in_a_text_column_is_refused(agency_a, drafter_a):
    header = [*SUBSIDY_HEADER, "经办"]
    rows = [[*r, name] for r, name in zip(SUBSIDY_ROWS, ["刘德华", "赵本山", "孙悦", "周迅"], strict=True)]
    result = run(agency_a, drafter_a, subsidy_csv(rows, header))
    assert [(s.header, s.suggested) for s in result.checked.suspects] == [("经办", "person_name")]


def test_id_numbers_in_a_template_text_column_are_refused(agency_a, drafter_a):
    data = csv_bytes(
        ["项目编号", "项目名称", "环节", "日期", "内容摘要"],
        [["P1", "办公设备", "采购意向", "2026-03-02", f"联系人身份证{RAW_ID}"]],
    )
    result = actions.import_dataset(
        agency_a, BY_CODE["procurement"], data, "p.csv", by=drafter_a, title="采购"
    )
    assert [s.header for s in result.checked.suspects] == ["内容摘要"]


def test_a_template_personal_column_cannot_be_declared_plain_text(agency_a, drafter_a, subsidy_file):
    result = run(agency_a, drafter_a, subsidy_file, declared={"姓名": "text"})
    assert "只能声明为个人信息类型或不公开" in result.checked.problems[0].zh
    assert not result.imported


def test_a_classified_mark_in_a_cell_refuses_the_row(agency_a, drafter_a):
    data = csv_bytes(
        ["项目编号", "项目名称", "环节", "日期", "内容摘要"],
        [["P1", "办公设备", "采购意向", "2026-03-02", "绝密★ 不得外传"]],
    )
    result = actions.import_dataset(
        agency_a, BY_CODE["procurement"], data, "p.csv", by=drafter_a, title="采购"
    )
    assert not result.imported
    assert result.checked.problems[0].line == 2 and result.checked.problems[0].column == "内容摘要"


def test_xlsx_files_import_like_csv(agency_a, drafter_a):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(SUBSIDY_HEADER)
    sheet.append(["华明街道", "赤土村", "耕地地力保护补贴", "张建国", None, 10.5, 106, 1113, "2025-11-20"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(agency_a, drafter_a, buffer.getvalue(), filename="f.xlsx")
    assert result.imported
    assert DatasetRow.objects.get().data["amount"] == 111300


def test_other_formats_are_refused(agency_a, drafter_a):
    with pytest.raises(TableError, match="只能导入"):
        run(agency_a, drafter_a, b"x", filename="f.docx")


def test_a_dry_run_writes_nothing(agency_a, drafter_a, subsidy_file):
    result = run(agency_a, drafter_a, subsidy_file, dry_run=True)
    assert result.checked.ok and not result.imported
    assert not Record.objects.exists()


def test_only_the_agencys_drafter_may_import(agency_a, reviewer_a, staff_b, subsidy_file):
    for user in (reviewer_a, staff_b):
        with pytest.raises(PermissionDenied):
            run(agency_a, user, subsidy_file)


def test_a_title_is_required(agency_a, drafter_a, subsidy_file):
    with pytest.raises(Refused, match="标题"):
        run(agency_a, drafter_a, subsidy_file, title=" ")


def test_a_drafts_rows_can_be_replaced_but_not_a_published_datasets(
    agency_a, drafter_a, reviewer_a, signer_a, subsidy_file
):
    dataset = import_csv(agency_a, drafter_a, "subsidy", subsidy_file)
    result = actions.replace_rows(dataset, subsidy_csv(SUBSIDY_ROWS[:2]), "new.csv", by=drafter_a)
    assert result.imported
    dataset.refresh_from_db()
    assert dataset.row_count == 2 and DatasetRow.objects.filter(dataset=dataset).count() == 2
    assert "共 2 条数据" in dataset.record.summary or "共 2 条" in Record.objects.get(pk=dataset.pk).summary
    publish_dataset(dataset, drafter_a, reviewer_a, signer_a)
    with pytest.raises(Refused, match="撤回"):
        actions.replace_rows(Dataset.objects.get(pk=dataset.pk), subsidy_file, "x.csv", by=drafter_a)
