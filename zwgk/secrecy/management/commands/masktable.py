"""`zwgk masktable INPUT OUTPUT` — mask the personal columns of an .xlsx/.csv table before publication
(subsidy lists by village, admission lists): names 张*三, ID numbers 1201**********1234, phones 138****5678."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from zwgk.core.extraction import limits as extraction_limits
from zwgk.extract import ExtractError
from zwgk.screening.tables import mask_table
from zwgk.secrecy.service import screener_for


class Command(BaseCommand):
    help = "表格脱敏 / mask the personal columns of an .xlsx or .csv table"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("input")
        parser.add_argument("output")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["input"])
        target = Path(options["output"])
        if target.exists() and target.resolve() == source.resolve():
            self.stderr.write("输出文件不能覆盖原文件 / output must differ from input")
            raise SystemExit(2)
        try:
            if not source.is_file():
                raise ExtractError(f"文件不存在：{source}", f"file not found: {source}")
            if source.stat().st_size > settings.MAX_UPLOAD_MB * 1024 * 1024:
                raise ExtractError("文件超过大小上限", "file exceeds the size limit")
            result = mask_table(
                source.read_bytes(),
                source.name,
                screener=screener_for(None),
                limits=extraction_limits(),
            )
        except ExtractError as exc:
            self.stderr.write(f"{source}: {exc.zh} / {exc.en}")
            raise SystemExit(2) from None
        target.write_bytes(result.data)
        columns = "、".join(result.columns) or "无"
        cells = sum(result.masked_cells.values())
        self.stdout.write(
            f"已写入 {target}：识别出个人信息列 {columns}，脱敏 {cells} 个单元格 / "
            f"wrote {target}: {cells} cells masked"
        )
