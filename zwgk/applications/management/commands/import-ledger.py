"""`zwgk import-ledger FILE.xlsx [--dry-run] [--report ERRORS.xlsx]` and `zwgk import-ledger --template OUT.xlsx`.

Imports an agency's existing Excel ledger (docs/ledger-template.md). Valid rows are imported, invalid rows are
listed with row number, column and reason; re-running the same file skips rows already imported, lists rows that
changed since (and updates them with --update). A file in which one agency's 原台账编号 appears twice is refused
whole, naming both rows.
Exit status: 0 all rows fine, 1 some rows had errors or changed rows were not updated, 2 the file could not be
read or was refused whole.
"""

from __future__ import annotations

import sys
import zipfile
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from openpyxl import load_workbook
from tqdm import tqdm

from zwgk.applications import ledger
from zwgk.core.exports import workbook_bytes


class Command(BaseCommand):
    help = "导入依申请公开台账 / import an existing disclosure-application ledger (.xlsx)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", nargs="?", help="台账文件 .xlsx / ledger file")
        parser.add_argument("--dry-run", action="store_true", help="只校验不导入 / validate only")
        parser.add_argument("--report", help="把错误写入 .xlsx / write the error report to an .xlsx file")
        parser.add_argument("--template", help="生成空白模板 / write the blank template to this path")
        parser.add_argument(
            "--update", action="store_true", help="按文件更新已导入但有改动的行 / update changed rows"
        )

    def fail(self, message: str) -> None:
        self.stderr.write(message)
        raise SystemExit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["template"]:
            Path(options["template"]).write_bytes(ledger.template_workbook())
            self.stdout.write(f"已生成模板 / template written: {options['template']}")
            return
        if not options["file"]:
            self.fail("请指定台账文件 / give the ledger file: zwgk import-ledger FILE.xlsx")
        path = Path(options["file"])
        if not path.is_file():
            self.fail(f"文件不存在 / file not found: {path}")

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            self.fail(f"无法读取 Excel 文件（应为 .xlsx）/ cannot read the .xlsx file: {exc}")
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            self.fail("文件为空 / the file is empty")
        header: list[Any] = list(first or ())
        try:
            parsed, errors, total = ledger.parse_rows(
                header,
                tqdm(list(rows), desc="校验 / validating", unit="行", file=sys.stderr, disable=None),
            )
        except ValueError as exc:
            self.fail(str(exc))
        errors.sort(key=lambda e: e.row)
        if any(e.whole_file for e in errors):
            for error in errors:
                if error.whole_file:
                    self._row_error(error)
            self.fail(
                "文件中同一单位的原台账编号重复，整个文件未导入 / the file repeats a ledger number: nothing imported"
            )
        counts = ledger.import_rows(
            tqdm(parsed, desc="导入 / importing", unit="行", file=sys.stderr, disable=None),
            dry_run=options["dry_run"],
            update=options["update"],
        )
        created, unchanged = counts.created, counts.unchanged
        for error in errors:
            self._row_error(error)
        for changed in counts.changed:
            columns = "、".join(changed.columns)
            if changed.updated:
                state = "已按文件更新 / updated"
            elif changed.refused:
                state = f"未更新：{changed.refused} / not updated"
            else:
                state = "未更新，加 --update 按文件更新 / not updated: rerun with --update"
            self.stderr.write(
                f"第 {changed.line} 行（原台账编号 {changed.ref}，{changed.number}）与已导入的记录不同：{columns}；"
                f"{state} / row {changed.line} differs from {changed.number}"
            )
        if options["report"]:
            Path(options["report"]).write_bytes(
                workbook_bytes(
                    ["行号", "列", "错误"], [[e.row, e.column, e.message] for e in errors], title="错误"
                )
            )
        verb = "可导入" if options["dry_run"] else "新导入"
        failed = len({e.row for e in errors})
        updated = sum(c.updated for c in counts.changed)
        pending = len(counts.changed) - updated
        self.stdout.write(
            f"共 {total} 行：{verb} {created} 行，已存在跳过 {unchanged} 行，有改动 {len(counts.changed)} 行"
            f"（已更新 {updated} 行），有错误 {failed} 行"
            f" / {total} rows: {created} {'valid' if options['dry_run'] else 'imported'}, {unchanged} already"
            f" imported, {len(counts.changed)} changed ({updated} updated), {failed} with errors"
        )
        if errors or pending:
            raise SystemExit(1)

    def _row_error(self, error: ledger.RowError) -> None:
        self.stderr.write(
            f"第 {error.row} 行 [{error.column}] {error.message} / row {error.row}: {error.column}"
        )
