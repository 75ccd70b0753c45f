"""Rows of an uploaded .xlsx (first sheet), bounded like every other upload."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from zwgk.core.errors import Refused

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024


def xlsx_rows(data: bytes) -> list[list[object]]:
    if len(data) > MAX_BYTES:
        raise Refused("文件超过 5 MB，请检查是否为标准目录表格。")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise Refused("请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）。")
    from openpyxl import load_workbook  # only when a file is imported (CLI start-up)

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors on a damaged file
        raise Refused("无法读取该 Excel 文件，请另存为 .xlsx 后重试。") from None
    sheet = book.worksheets[0]
    rows: list[list[object]] = []
    for values in _limited(sheet.iter_rows(values_only=True)):
        rows.append(list(values))
    book.close()
    return rows


def _limited(rows: Iterator[tuple[object, ...]]) -> Iterator[tuple[object, ...]]:
    for index, row in enumerate(rows):
        if index >= MAX_ROWS:
            raise Refused(f"表格超过 {MAX_ROWS} 行，请分领域导入。")
        yield row
