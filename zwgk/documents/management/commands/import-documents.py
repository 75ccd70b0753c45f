"""`zwgk import-documents MANIFEST.xlsx|csv FILES_DIR` — migrate a legacy site's catalogue (safe to re-run)."""

from __future__ import annotations

import csv
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from zwgk.core.exports import workbook_bytes
from zwgk.documents.importer import (
    STATUS_LABELS,
    ManifestError,
    import_rows,
    read_manifest,
    template_workbook,
)


class Command(BaseCommand):
    help = (
        "导入旧网站的政府信息目录 / import a legacy catalogue: MANIFEST (.xlsx/.csv) + FILES_DIR. "
        "Rows already imported (same 来源编号) are skipped; refused rows are reported with reasons."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("manifest", nargs="?", help="清单文件 .xlsx 或 .csv / manifest")
        parser.add_argument("files_dir", nargs="?", help="正文文件和附件所在目录 / directory of the files")
        parser.add_argument(
            "--template", metavar="PATH", help="写出带填写说明的清单模板后退出 / write the template"
        )
        parser.add_argument(
            "--report", metavar="PATH", help="导入报告（.xlsx 或 .csv）/ write a per-row report"
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查不写入 / check only")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["template"]:
            Path(options["template"]).write_bytes(template_workbook())
            self.stdout.write(f"已写出清单模板 / template written: {options['template']}")
            return
        if not options["manifest"] or not options["files_dir"]:
            raise CommandError("用法：zwgk import-documents 清单.xlsx 文件目录 / usage: MANIFEST FILES_DIR")
        files_dir = Path(options["files_dir"])
        if not files_dir.is_dir():
            raise CommandError(f"文件目录不存在：{files_dir} / FILES_DIR not found")
        try:
            rows = read_manifest(Path(options["manifest"]))
        except ManifestError as exc:
            raise CommandError(f"{exc.zh} / {exc.en}") from None
        with tqdm(total=len(rows), desc="导入 / importing", unit="行", file=sys.stderr) as bar:
            report = import_rows(rows, files_dir, dry_run=options["dry_run"], progress=bar)
        self.stdout.write(
            f"共 {len(report.rows)} 行：导入 {report.count('imported')}，已导入过跳过 {report.count('skipped')}，"
            f"拒绝 {report.count('refused')}"
            + (f"，检查通过 {report.count('checked')}（试运行，未写入）" if options["dry_run"] else "")
            + f" / {report.count('imported')} imported, {report.count('skipped')} skipped, "
            f"{report.count('refused')} refused"
        )
        for row in report.rows:
            if row.status == "refused":
                self.stdout.write(
                    f"  第 {row.line} 行（{row.source_id or '无编号'}）拒绝：{'；'.join(row.reasons)}"
                )
        if options["report"]:
            headers = ["行号", "来源编号", "标题", "结果", "原因", "记录编号"]
            data = [
                [
                    r.line,
                    r.source_id,
                    r.title,
                    STATUS_LABELS[r.status],
                    "；".join(r.reasons),
                    r.record_id or "",
                ]
                for r in report.rows
            ]
            path = Path(options["report"])
            if path.suffix.lower() == ".csv":
                with path.open("w", encoding="utf-8-sig", newline="") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(headers)
                    writer.writerows(data)
            else:
                path.write_bytes(workbook_bytes(headers, data, title="导入报告"))
            self.stdout.write(f"导入报告 / report: {path}")
        if report.count("refused"):
            raise SystemExit(1)
