"""The three tables laid out like the national format, with their merged header cells (pure: no Django).

One grid definition feeds the HTML page (rowspan/colspan), the .docx (merged cells) and the PDF (TableBlock
spans), so the three outputs cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from zwgk.reports.format import (
    APPLICANT_COLUMNS,
    CARRIED_IN,
    CARRIED_OUT,
    FEE_ROW,
    LEGAL_PERSON_COLUMNS,
    NEW,
    OUTCOME_GROUPS,
    RESULT_LABELS,
    REVIEW_KINDS,
    TABLE2_BLOCKS,
    TABLE3_COLUMNS,
    TABLE3_HEAD_LABELS,
    TABLE3_NOTE,
    TABLE4_COLUMNS,
    TOTAL,
    TOTAL_COLUMN,
    format_amount,
)


@dataclass
class GridCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    numeric: bool = False
    key: str = ""  # "table3:new:自然人" for number cells (tests, highlighting)
    missing: bool = False  # a number cell without a value


@dataclass
class Grid:
    name: str
    caption: str
    ncols: int
    header_rows: int
    rows: list[list[GridCell]] = field(default_factory=list)  # origin cells only, as in HTML

    @property
    def head_rows(self) -> list[list[GridCell]]:
        return self.rows[: self.header_rows]

    @property
    def body_rows(self) -> list[list[GridCell]]:
        return self.rows[self.header_rows :]

    def placed(self) -> list[tuple[int, int, GridCell]]:
        """(row, column, cell) of every origin cell, resolving spans like an HTML table."""
        taken: set[tuple[int, int]] = set()
        out: list[tuple[int, int, GridCell]] = []
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                out.append((r, c, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan
        return out

    def matrix(self) -> list[list[str]]:
        grid = [[""] * self.ncols for _ in self.rows]
        for r, c, cell in self.placed():
            grid[r][c] = cell.text
        return grid

    def spans(self) -> list[tuple[int, int, int, int]]:
        """(first_col, first_row, last_col, last_row) of merged ranges (reportlab SPAN order)."""
        return [
            (c, r, c + cell.colspan - 1, r + cell.rowspan - 1)
            for r, c, cell in self.placed()
            if cell.rowspan > 1 or cell.colspan > 1
        ]


def _fmt(value: Any, missing_text: str) -> str:
    if value is None:
        return missing_text
    return str(value)


def _number(
    key: str, value: Any, missing_text: str, colspan: int = 1, fmt: Callable[[Any], str] | None = None
) -> GridCell:
    text = (fmt(value) if fmt else _fmt(value, missing_text)) if value is not None else missing_text
    return GridCell(text, colspan=colspan, numeric=True, key=key, missing=value is None)


def table2_grid(table2: Mapping[str, Mapping[str, Any]], missing_text: str = "") -> Grid:
    grid = Grid("table2", "主动公开政府信息情况", ncols=4, header_rows=0)
    for header, columns, rows in TABLE2_BLOCKS:
        grid.rows.append([GridCell(header, colspan=4, header=True)])
        if len(columns) == 3:
            grid.rows.append(
                [GridCell("信息内容", header=True), *(GridCell(c, header=True) for c in columns)]
            )
        else:
            grid.rows.append(
                [GridCell("信息内容", header=True), GridCell(columns[0], colspan=3, header=True)]
            )
        for row in rows:
            values = table2.get(row, {})
            if len(columns) == 3:
                cells = [_number(f"table2:{row}:{c}", values.get(c), missing_text) for c in columns]
            else:
                fmt = format_amount if row == FEE_ROW else None
                cells = [_number(f"table2:{row}:{columns[0]}", values.get(columns[0]), missing_text, 3, fmt)]
            grid.rows.append([GridCell(row, header=True), *cells])
    return grid


def table3_grid(table3: Mapping[str, Mapping[str, Any]], missing_text: str = "") -> Grid:
    grid = Grid("table3", "收到和处理政府信息公开申请情况", ncols=10, header_rows=3)

    def numbers(row: str) -> list[GridCell]:
        return [
            _number(f"table3:{row}:{c}", table3.get(row, {}).get(c), missing_text) for c in TABLE3_COLUMNS
        ]

    grid.rows.append(
        [
            GridCell(TABLE3_NOTE, rowspan=3, colspan=3, header=True),
            GridCell("申请人情况", colspan=7, header=True),
        ]
    )
    grid.rows.append(
        [
            GridCell(APPLICANT_COLUMNS[0], rowspan=2, header=True),
            GridCell("法人或其他组织", colspan=len(LEGAL_PERSON_COLUMNS), header=True),
            GridCell(TOTAL_COLUMN, rowspan=2, header=True),
        ]
    )
    grid.rows.append([GridCell(c, header=True) for c in LEGAL_PERSON_COLUMNS])
    grid.rows.append([GridCell(TABLE3_HEAD_LABELS[NEW], colspan=3, header=True), *numbers(NEW)])
    grid.rows.append([GridCell(TABLE3_HEAD_LABELS[CARRIED_IN], colspan=3, header=True), *numbers(CARRIED_IN)])
    outcome_rows = sum(len(rows) for _, _, rows in OUTCOME_GROUPS) + 1
    first = True
    for _, group_label, rows in OUTCOME_GROUPS:
        for index, (key, label) in enumerate(rows):
            cells: list[GridCell] = []
            if first:
                cells.append(GridCell(TABLE3_HEAD_LABELS["results"], rowspan=outcome_rows, header=True))
                first = False
            if len(rows) == 1:
                cells.append(GridCell(label, colspan=2, header=True))
            else:
                if index == 0:
                    cells.append(GridCell(group_label, rowspan=len(rows), header=True))
                cells.append(GridCell(label, header=True))
            grid.rows.append([*cells, *numbers(key)])
    grid.rows.append([GridCell(TABLE3_HEAD_LABELS[TOTAL], colspan=2, header=True), *numbers(TOTAL)])
    grid.rows.append(
        [GridCell(TABLE3_HEAD_LABELS[CARRIED_OUT], colspan=3, header=True), *numbers(CARRIED_OUT)]
    )
    return grid


def table4_grid(table4: Mapping[str, Mapping[str, Any]], missing_text: str = "") -> Grid:
    grid = Grid("table4", "政府信息公开行政复议、行政诉讼情况", ncols=15, header_rows=3)
    grid.rows.append(
        [GridCell("行政复议", colspan=5, header=True), GridCell("行政诉讼", colspan=10, header=True)]
    )
    grid.rows.append(
        [
            *(GridCell(RESULT_LABELS[c], rowspan=2, header=True) for c in TABLE4_COLUMNS),
            GridCell("未经复议直接起诉", colspan=5, header=True),
            GridCell("复议后起诉", colspan=5, header=True),
        ]
    )
    grid.rows.append([GridCell(RESULT_LABELS[c], header=True) for _ in range(2) for c in TABLE4_COLUMNS])
    grid.rows.append(
        [
            _number(f"table4:{kind}:{c}", table4.get(kind, {}).get(c), missing_text)
            for kind in REVIEW_KINDS
            for c in TABLE4_COLUMNS
        ]
    )
    return grid


# Column widths in mm for A4 portrait with 25 mm margins (160 mm of text width).
PDF_WIDTHS: dict[str, list[float]] = {
    "table2": [52, 36, 36, 36],
    "table3": [12, 20, 44, *([12] * 7)],
    "table4": [160 / 15] * 15,
}
