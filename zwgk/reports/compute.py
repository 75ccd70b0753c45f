"""Counting tables 3 and 4 of the annual report from case records (pure: no Django import).

Table 3 (依申请公开), for year Y, one application counted by its applicant column:
- 本年新收 (`new`): received in Y;
- 上年结转 (`carried_in`): received before 1 January Y and not concluded before 1 January Y;
- outcome rows: concluded in Y, in the row named by its outcome (部分公开 counts only as 部分公开);
- （七）总计 (`total`): sum of the outcome rows;
- 结转下年度 (`carried_out`): received by 31 December Y and not concluded by 31 December Y.
So 新收 + 上年结转 = 总计 + 结转下年度 holds by construction for valid records; a record that cannot be placed
(unknown applicant column or outcome, missing dates, concluded before received) is left out of every cell and
reported as a problem, which blocks publication.

Table 4 (行政复议、行政诉讼), for year Y: a case counts in the year it was filed (申请复议/起诉之日); its column is its
result if it was concluded by 31 December Y, otherwise 尚未审结 — even when it concluded in January while the
report was being written. A case is therefore counted once, in its filing year; a result reached in a later
year is not re-counted (documented in README, 年度报告).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zwgk.reports.format import (
    APPLICANT_COLUMNS,
    CARRIED_IN,
    CARRIED_OUT,
    NEW,
    OUTCOME_KEYS,
    PENDING,
    RESULTS,
    REVIEW_KIND_LABELS,
    REVIEW_KINDS,
    TABLE3_COLUMNS,
    TABLE3_ROW_KEYS,
    TABLE4_COLUMNS,
    TOTAL,
    TOTAL_COLUMN,
    Table,
)


@dataclass
class Counted:
    """A computed table plus the records that could not be placed in it."""

    table: Table
    problems: list[str] = field(default_factory=list)
    counted: int = 0  # records that entered at least one cell


def describe(record: Any) -> str:
    """How a problem message names a record: its `reference` (受理编号), else its primary key."""
    for attr in ("reference", "number", "pk", "id"):
        value = getattr(record, attr, None)
        if value not in (None, ""):
            return f"“{value}”"
    return "（无编号）"


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    raise TypeError(f"expected a date, got {type(value).__name__}")


def count_applications(records: Iterable[Any], year: int) -> Counted:
    start, end = date(year, 1, 1), date(year, 12, 31)
    table: Table = {row: dict.fromkeys(TABLE3_COLUMNS, 0) for row in TABLE3_ROW_KEYS}
    result = Counted(table)
    for record in records:
        received = _as_date(getattr(record, "received", None))
        concluded = _as_date(getattr(record, "concluded", None))
        if received is None:
            result.problems.append(f"申请{describe(record)}没有收到申请日期，无法统计")
            continue
        if received > end or (concluded is not None and concluded < start):
            continue  # not this year's business
        column = getattr(record, "applicant_column", None)
        outcome = getattr(record, "outcome", None)
        if column not in APPLICANT_COLUMNS:
            result.problems.append(f"申请{describe(record)}的申请人类别“{column}”不是年报表格中的列，未计入")
            continue
        if concluded is not None and concluded < received:
            result.problems.append(
                f"申请{describe(record)}的办结日期 {concluded:%Y-%m-%d} 早于收到日期 {received:%Y-%m-%d}，未计入"
            )
            continue
        concluded_in_year = concluded is not None and start <= concluded <= end
        if concluded_in_year and outcome not in OUTCOME_KEYS:
            shown = "未登记" if outcome in (None, "") else f"“{outcome}”"
            result.problems.append(
                f"申请{describe(record)}已于 {concluded:%Y-%m-%d} 办结，但办理结果{shown}无法归入年报表格的行，未计入"
            )
            continue
        rows: list[str] = []
        if received >= start:
            rows.append(NEW)
        else:
            rows.append(CARRIED_IN)  # received earlier, still open on 1 January
        if concluded_in_year:
            rows.append(str(outcome))
            rows.append(TOTAL)
        else:
            rows.append(CARRIED_OUT)  # still open on 31 December
        for row in rows:
            table[row][column] += 1
            table[row][TOTAL_COLUMN] += 1
        result.counted += 1
    return result


def count_review_cases(cases: Iterable[Any], year: int) -> Counted:
    start, end = date(year, 1, 1), date(year, 12, 31)
    table: Table = {kind: dict.fromkeys(TABLE4_COLUMNS, 0) for kind in REVIEW_KINDS}
    result = Counted(table)
    for case in cases:
        filed = _as_date(getattr(case, "filed", None))
        concluded = _as_date(getattr(case, "concluded", None))
        if filed is None:
            result.problems.append(f"复议/诉讼案件{describe(case)}没有立案（申请）日期，无法统计")
            continue
        if not start <= filed <= end:
            continue
        kind = getattr(case, "kind", None)
        if kind not in REVIEW_KINDS:
            result.problems.append(f"复议/诉讼案件{describe(case)}的类型“{kind}”无法归入表四，未计入")
            continue
        if concluded is not None and concluded < filed:
            result.problems.append(
                f"{REVIEW_KIND_LABELS[kind]}案件{describe(case)}的审结日期早于立案日期，未计入"
            )
            continue
        column: Any
        if concluded is None or concluded > end:
            column = PENDING
        else:
            column = getattr(case, "result", None)
            if column not in RESULTS or column == PENDING:
                result.problems.append(
                    f"{REVIEW_KIND_LABELS[kind]}案件{describe(case)}已于 {concluded:%Y-%m-%d} 审结，"
                    f"但结果“{column}”不是维持、纠正或其他，未计入"
                )
                continue
        table[kind][column] += 1
        table[kind][TOTAL_COLUMN] += 1
        result.counted += 1
    return result
