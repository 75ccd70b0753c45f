"""Masking the personal columns of a table before it is published (.xlsx / .csv).

Subsidy results by village (工作要点第十五项) and admission lists are published as tables: names become 张*三,
ID numbers 1201**********1234, phone numbers 138****5678, bank cards keep their last four, addresses are cut
after the village or community. Columns are recognised by their header; any other cell is screened and the
identifiers found in it are masked too.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from zwgk.extract import ExtractError, Limits, decode_text, extract
from zwgk.screening.findings import Category
from zwgk.screening.masking import STAR, apply_masks, mask_name, mask_value
from zwgk.screening.scanner import Screener

# Header keywords → how the column is masked. Checked in order; the first keyword contained in the header wins.
COLUMN_RULES: tuple[tuple[str, str], ...] = (
    ("身份证", Category.ID_CARD),
    ("证件号", Category.ID_CARD),
    ("公民身份号码", Category.ID_CARD),
    ("银行卡", Category.BANK_CARD),
    ("银行账号", Category.BANK_CARD),
    ("卡号", Category.BANK_CARD),
    ("账号", Category.BANK_CARD),
    ("手机", Category.MOBILE),
    ("联系电话", Category.MOBILE),
    ("电话", Category.MOBILE),
    ("住址", "address"),
    ("家庭地址", "address"),
    ("居住地", "address"),
    ("姓名", Category.PERSON_NAME),
    ("户主", Category.PERSON_NAME),
    ("申请人", Category.PERSON_NAME),
    ("受助人", Category.PERSON_NAME),
    ("补贴对象", Category.PERSON_NAME),
    ("救助对象", Category.PERSON_NAME),
    ("领取人", Category.PERSON_NAME),
    ("收款人", Category.PERSON_NAME),
    ("考生", Category.PERSON_NAME),
    ("学生", Category.PERSON_NAME),
)
_ADDRESS_KEEP = re.compile(r".*(?:村|社区|小区|居委会|街道|镇|乡)")


@dataclass
class MaskedTable:
    data: bytes
    filename: str
    masked_cells: Counter[str] = field(default_factory=Counter)  # column header → cells masked
    columns: list[str] = field(default_factory=list)  # headers recognised as personal columns


def column_kind(header: str) -> str | None:
    text = re.sub(r"\s", "", header)
    for keyword, kind in COLUMN_RULES:
        if keyword in text:
            return kind
    return None


def mask_address(value: str) -> str:
    """东丽区华明街道赤土村3排5号 → 东丽区华明街道赤土村*****: the part after the village/community goes."""
    match = _ADDRESS_KEEP.match(value)
    keep = len(match.group()) if match and match.end() < len(value) else min(len(value), 6)
    return value[:keep] + STAR * (len(value) - keep)


def mask_cell(kind: str | None, value: str, screener: Screener) -> str:
    value = value.strip() if kind else value
    if not value:
        return value
    if kind == Category.PERSON_NAME:
        return mask_name(value) if len(value) <= 4 else apply_masks(value, screener.scan(value))
    if kind == "address":
        return mask_address(value)
    if kind is not None:
        findings = screener.scan(value)
        if findings:
            return apply_masks(value, findings)
        return mask_value(kind, value) or value
    return apply_masks(value, [f for f in screener.scan(value) if f.category != Category.AGGREGATION])


def _header_row(rows: list[list[Any]]) -> int | None:
    for index, row in enumerate(rows[:10]):
        kinds = [column_kind(str(v)) for v in row if v not in (None, "")]
        if any(kinds) and len(kinds) >= 2:
            return index
    return None


def mask_table(
    data: bytes,
    filename: str,
    *,
    screener: Screener | None = None,
    limits: Limits | None = None,
) -> MaskedTable:
    """Return a copy of the .xlsx/.csv table with its personal columns masked. Raises ExtractError."""
    screener = screener or Screener()
    kind = extract(data, filename, limits or Limits()).kind  # size, zip-bomb and format checks first
    if kind == "xlsx":
        return _mask_xlsx(data, filename, screener)
    if kind == "csv" or PurePosixPath(filename.lower()).suffix == ".csv":
        return _mask_csv(data, filename, screener)
    raise ExtractError(
        "只能对 Excel（.xlsx）或 CSV 表格进行表格脱敏", "only .xlsx and .csv tables can be masked"
    )


def _mask_rows(rows: list[list[Any]], screener: Screener, result: MaskedTable) -> list[list[Any]]:
    header_index = _header_row(rows)
    kinds: dict[int, str | None] = {}
    headers: dict[int, str] = {}
    if header_index is not None:
        for column, value in enumerate(rows[header_index]):
            headers[column] = str(value or "").strip()
            kinds[column] = column_kind(headers[column])
            if kinds[column] and headers[column] not in result.columns:
                result.columns.append(headers[column])
    masked_rows: list[list[Any]] = []
    for index, row in enumerate(rows):
        if header_index is not None and index <= header_index:
            masked_rows.append(row)
            continue
        new_row: list[Any] = []
        for column, value in enumerate(row):
            if value is None or (not isinstance(value, str) and kinds.get(column) is None):
                new_row.append(value)
                continue
            text = value if isinstance(value, str) else str(value)
            masked = mask_cell(kinds.get(column), text, screener)
            if masked != text.strip() and masked != text:
                result.masked_cells[headers.get(column, f"第{column + 1}列")] += 1
                new_row.append(masked)
            else:
                new_row.append(value)
        masked_rows.append(new_row)
    return masked_rows


def _mask_xlsx(data: bytes, filename: str, screener: Screener) -> MaskedTable:
    import openpyxl

    result = MaskedTable(b"", filename)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001  (openpyxl raises many types on broken packages)
        raise ExtractError(
            "Excel 文件已损坏，无法读取", f"corrupt .xlsx ({exc.__class__.__name__})"
        ) from None
    for sheet in workbook.worksheets:
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        masked = _mask_rows(rows, screener, result)
        for r, (old, new) in enumerate(zip(rows, masked, strict=True), start=1):
            for c, (before, after) in enumerate(zip(old, new, strict=True), start=1):
                if before is not after:
                    cell = sheet.cell(row=r, column=c)
                    cell.value = after
                    cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result.data = buffer.getvalue()
    return result


def _mask_csv(data: bytes, filename: str, screener: Screener) -> MaskedTable:
    text = decode_text(data)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[Any]] = list(csv.reader(io.StringIO(text), dialect))
    result = MaskedTable(b"", filename)
    masked = _mask_rows(rows, screener, result)
    out = io.StringIO()
    csv.writer(out, dialect, lineterminator="\r\n").writerows(masked)
    result.data = ("\ufeff" + out.getvalue()).encode("utf-8")
    return result
