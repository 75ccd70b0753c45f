"""`zwgk import-ledger`: the documented template, per-row errors, safe re-runs."""

import io
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from zwgk.applications import ledger, reporting
from zwgk.applications.models import Application, Status

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[3] / "docs"


def write(path: Path, rows: list[list], header: list[str] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(header or [f"{h}*" if h in ledger.REQUIRED else h for h in ledger.IMPORT_HEADERS])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import-ledger", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def row(**overrides) -> list:
    values = dict(zip(ledger.IMPORT_HEADERS, ledger.IMPORT_EXAMPLE, strict=True))
    values.update(overrides)
    return [values[h] for h in ledger.IMPORT_HEADERS]


@pytest.fixture
def rsj(district):
    from zwgk.testing import make_agency

    return make_agency("区人社局", parent=district, code="120110020")


@time_machine.travel("2026-06-30 10:00 +0800", tick=False)
def test_import_valid_rows_and_rerun_changes_nothing(tmp_path, rsj):
    path = write(
        tmp_path / "ledger.xlsx",
        [
            row(),
            row(
                **{
                    "原台账编号": "2026-依申-016",
                    "申请人类型": "商业企业",
                    "申请人姓名或名称": "天津某公司",
                    "办理结果": "不予公开·保护第三方合法权益",
                    "收到申请日期": date(2026, 4, 1),
                    "答复日期": "2026/4/20",
                }
            ),
            row(
                **{
                    "原台账编号": "2026-依申-017",
                    "办理结果": "",
                    "答复日期": "",
                    "收到申请日期": "2026-06-15",
                }
            ),
            row(
                **{
                    "原台账编号": "2026-依申-018",
                    "办理结果": "部分公开",
                    "信息处理费（元）": "200",
                    "缴费日期": "2026-03-10",
                    "答复日期": "2026-03-25",
                }
            ),
        ],
    )
    code, out, err = run(str(path))
    assert code == 0 and "新导入 4 行" in out, err
    apps = {a.external_ref: a for a in Application.objects.all()}
    assert apps["2026-依申-015"].status == Status.REPLIED and apps["2026-依申-015"].outcome == "granted"
    assert apps["2026-依申-016"].outcome == "withheld.third_party" and apps[
        "2026-依申-016"
    ].concluded_on == date(2026, 4, 20)
    open_app = apps["2026-依申-017"]
    assert open_app.status == Status.PROCESSING and open_app.reply_due == date(2026, 7, 14)  # 端午 06-19 off
    assert reporting.fees_collected(rsj.pk, 2026) == 200
    code, out, _ = run(str(path))
    assert code == 0 and "新导入 0 行，已存在跳过 4 行，有改动 0 行" in out
    assert Application.objects.count() == 4


@time_machine.travel("2026-06-30 10:00 +0800", tick=False)
def test_bad_rows_are_reported_and_good_rows_imported(tmp_path, rsj):
    path = write(
        tmp_path / "ledger.xlsx",
        [
            row(),
            row(**{"原台账编号": "", "申请人姓名或名称": ""}),
            row(**{"原台账编号": "B2", "承办单位": "火星局"}),
            row(**{"原台账编号": "B3", "申请人类型": "个人"}),
            row(**{"原台账编号": "B4", "收到申请日期": "2026-02-30"}),
            row(**{"原台账编号": "B5", "办理结果": "同意"}),
            row(**{"原台账编号": "B6", "答复日期": ""}),
            row(**{"原台账编号": "B7", "收到申请日期": "2099-01-01"}),
            row(**{"原台账编号": "B8", "申请渠道": "飞鸽传书"}),
            row(**{"原台账编号": "B9", "信息处理费（元）": "-5"}),
            row(**{"原台账编号": "B10", "答复日期": "2026-01-01"}),
            [None] * len(ledger.IMPORT_HEADERS),  # empty rows are ignored
        ],
    )
    report = tmp_path / "errors.xlsx"
    code, out, err = run(str(path), "--report", str(report))
    assert code == 1
    assert "新导入 1 行" in out and "有错误 10 行" in out
    assert "第 3 行 [原台账编号] 必填" in err and "第 3 行 [申请人姓名或名称] 必填" in err
    assert "第 4 行 [承办单位] 未知的单位“火星局”" in err
    assert "第 5 行 [申请人类型]" in err
    assert "第 6 行 [收到申请日期] 日期格式不正确" in err
    assert "第 7 行 [办理结果]" in err
    assert "第 8 行 [答复日期] 已填写办理结果的，须填写答复（办结）日期" in err
    assert "第 9 行 [收到申请日期] 不能晚于今天" in err
    assert "第 10 行 [申请渠道]" in err
    assert "第 11 行 [信息处理费（元）]" in err
    assert "第 12 行 [答复日期] 答复日期早于收到申请日期" in err
    rows = list(load_workbook(report).active.values)
    assert rows[0] == ("行号", "列", "错误") and len(rows) > 10
    assert Application.objects.count() == 1


def test_dry_run_imports_nothing(tmp_path, rsj):
    with time_machine.travel("2026-06-30 10:00 +0800", tick=False):
        code, out, _ = run(str(write(tmp_path / "l.xlsx", [row()])), "--dry-run")
    assert code == 0 and "可导入 1 行" in out and not Application.objects.exists()


@pytest.mark.parametrize("content", [b"not an xlsx", b"PK\x03\x04broken"])
def test_unreadable_files_exit_2(tmp_path, content):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    code, _, err = run(str(path))
    assert code == 2 and "无法读取" in err


def test_missing_required_columns_exit_2(tmp_path):
    code, _, err = run(str(write(tmp_path / "h.xlsx", [["x"]], header=["编号", "内容"])))
    assert code == 2 and "表头缺少必填列" in err


def test_missing_file_exits_2(tmp_path):
    assert run(str(tmp_path / "none.xlsx"))[0] == 2


def test_template_command_docs_and_download_agree(tmp_path, handler_a):
    out = tmp_path / "t.xlsx"
    assert run("--template", str(out))[0] == 0
    headers = [c for c in next(load_workbook(out).active.values)]
    assert [h.rstrip("*") for h in headers] == ledger.IMPORT_HEADERS
    committed = [c for c in next(load_workbook(DOCS / "ledger-template.xlsx").active.values)]
    assert committed == headers
    doc = (DOCS / "ledger-template.md").read_text(encoding="utf-8")
    for header in ledger.IMPORT_HEADERS:
        assert f"| {header}" in doc, header
    from zwgk.testing import login

    response = login(handler_a).get("/workspace/applications/ledger-template.xlsx")
    assert [c for c in next(load_workbook(io.BytesIO(response.content)).active.values)] == headers


@time_machine.travel("2026-06-30 10:00 +0800", tick=False)
def test_a_file_repeating_a_number_is_refused_whole_naming_both_rows(tmp_path, rsj):
    path = write(
        tmp_path / "ledger.xlsx",
        [
            row(**{"原台账编号": "A1"}),
            row(),
            row(**{"原台账编号": "A2"}),
            row(**{"申请人姓名或名称": "李四"}),
        ],
    )
    code, _, err = run(str(path))
    assert code == 2
    assert "原台账编号“2026-依申-015”在第 3 行和第 5 行重复" in err
    assert "第 3 行" in err and "第 5 行" in err and "整个文件未导入" in err
    assert not Application.objects.exists()  # not even the rows without a duplicate


@time_machine.travel("2026-06-30 10:00 +0800", tick=False)
def test_a_changed_row_is_reported_on_re_import_and_updated_with_update(tmp_path, rsj):
    open_row = row(
        **{"原台账编号": "2026-依申-030", "办理结果": "", "答复日期": "", "收到申请日期": "2026-06-15"}
    )
    assert run(str(write(tmp_path / "first.xlsx", [row(), open_row])))[0] == 0
    concluded = row(
        **{
            "原台账编号": "2026-依申-030",
            "办理结果": "部分公开",
            "答复日期": "2026-06-29",
            "收到申请日期": "2026-06-15",
        }
    )
    corrected = write(tmp_path / "corrected.xlsx", [row(), concluded])

    code, out, err = run(str(corrected))
    assert code == 1
    assert "有改动 1 行（已更新 0 行）" in out
    assert "第 3 行（原台账编号 2026-依申-030" in err and "办理结果、答复日期" in err and "--update" in err
    app = Application.objects.get(external_ref="2026-依申-030")
    assert app.status == Status.PROCESSING and app.outcome == ""

    code, out, _ = run(str(corrected), "--update")
    assert code == 0 and "有改动 1 行（已更新 1 行）" in out
    app.refresh_from_db()
    assert app.status == Status.REPLIED and app.outcome == "partial" and app.concluded_on == date(2026, 6, 29)
    from zwgk.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="applications.import_updated", object_id=str(app.pk)).exists()
    code, out, _ = run(str(corrected))
    assert code == 0 and "已存在跳过 2 行，有改动 0 行" in out
