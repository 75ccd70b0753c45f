"""`zwgk import-documents`: template, progress, report of imported/refused rows, re-run safety, bad files."""

import csv
from io import StringIO

import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from zwgk.audit.models import AuditEvent
from zwgk.core.pdf import PdfDocument
from zwgk.documents.importer import HEADERS
from zwgk.documents.models import Attachment, Record

pytestmark = pytest.mark.django_db


def write_csv(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADERS)
        writer.writeheader()
        for row in rows:
            writer.writerow({h: row.get(h, "") for h in HEADERS})


def good_row(n, **extra):
    row = {
        "来源编号": f"old-{n}",
        "标题": f"旧网站文件 {n}",
        "发文机关": "120110003",
        "发文字号": f"东丽发改[2019]{n:02d}号",
        "成文日期": "2019-03-01",
        "发布日期": "2019年3月5日",
        "主题分类": "综合政务\\政务公开",
        "公开属性": "主动公开",
        "法定主动公开类别": "第二十条第（三）项",
        "内容概述": "概述",
        "正文": "正文",
    }
    row.update(extra)
    return row


@time_machine.travel("2025-05-06 10:00:00+08:00", tick=False)
def test_import_reports_rows_and_is_safe_to_rerun(tmp_path, agency_a, agency_b, capsys):
    files = tmp_path / "files"
    files.mkdir()
    (files / "附件.pdf").write_bytes(PdfDocument("x").paragraph("附件正文").render())
    (files / "坏.docx").write_bytes(b"PK\x03\x04garbage")
    (files / "加密.xlsx").write_bytes(b"\xd0\xcf\x11\xe0legacy")
    rows = [
        good_row(1, 附件="附件.pdf", 索引号="120110003/2019-00110"),
        good_row(
            2, 公开属性="不予公开", 发布日期="", 不公开依据="internal_affairs", 不公开理由="人事管理信息"
        ),
        good_row(3, 附件="坏.docx"),
        good_row(4, 发文机关="不存在的局"),
        good_row(5, 公开属性="不予公开", 发布日期="", 不公开依据="", 不公开理由=""),
        good_row(6, 附件="加密.xlsx;不存在.pdf"),
        good_row(7, 成文日期="2019-02-30"),
        good_row(8, 有效性="已废止"),
        good_row(9, 附件="../../etc/passwd"),
        good_row(10, 发文字号="发改2019年10号"),
        good_row(1),  # duplicate 来源编号 in the same manifest
    ]
    manifest = tmp_path / "清单.csv"
    write_csv(manifest, rows)
    report = tmp_path / "报告.xlsx"
    out = StringIO()
    with pytest.raises(SystemExit) as excinfo:
        call_command("import-documents", str(manifest), str(files), "--report", str(report), stdout=out)
    assert excinfo.value.code == 1
    text = out.getvalue()
    assert "导入 2" in text and "拒绝 9" in text
    assert "不在单位名录中" in text and "法定依据" in text and "不是有效日期" in text
    assert "有效性变更日期" in text and "不存在" in text and "无法接收" in text and "发文字号" in text
    assert "导入 / importing" in capsys.readouterr().err  # tqdm progress on stderr
    assert Record.objects.count() == 2 and Attachment.objects.count() == 1
    imported = Record.objects.get(source_key="import:old-1")
    assert imported.index_no == "120110003/2019-00110" and imported.doc_number == "东丽发改〔2019〕1号"
    assert imported.is_public and imported.statutory_category == "art20_03"
    withheld = Record.objects.get(source_key="import:old-2")
    assert (
        withheld.status == "filed" and not withheld.is_public and withheld.index_no == "120110003/2019-00111"
    )
    sheet = openpyxl.load_workbook(report).active
    results = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert results.count("已导入") == 2 and results.count("拒绝") == 9
    assert AuditEvent.objects.filter(action="documents.imported").count() == 2

    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("import-documents", str(manifest), str(files), stdout=out)
    assert "导入 0，已导入过跳过 2" in out.getvalue()
    assert Record.objects.count() == 2


def test_template_and_bad_manifests(tmp_path):
    template = tmp_path / "模板.xlsx"
    call_command("import-documents", "--template", str(template), stdout=StringIO())
    workbook = openpyxl.load_workbook(template)
    assert [c.value for c in workbook["清单"][1]] == HEADERS
    assert workbook["填写说明"].max_row == len(HEADERS) + 1
    missing = tmp_path / "缺列.csv"
    missing.write_text("标题\n一份文件\n", encoding="utf-8")
    with pytest.raises(CommandError, match="缺少必需的列"):
        call_command("import-documents", str(missing), str(tmp_path), stdout=StringIO())
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04not a workbook")
    with pytest.raises(CommandError, match="清单无法读取"):
        call_command("import-documents", str(broken), str(tmp_path), stdout=StringIO())
    with pytest.raises(CommandError, match="文件目录不存在"):
        call_command("import-documents", str(missing), str(tmp_path / "nope"), stdout=StringIO())


def test_dry_run_writes_nothing(tmp_path, agency_a):
    manifest = tmp_path / "清单.csv"
    write_csv(manifest, [good_row(1)])
    out = StringIO()
    call_command("import-documents", str(manifest), str(tmp_path), "--dry-run", stdout=out)
    assert "检查通过 1" in out.getvalue() and Record.objects.count() == 0
