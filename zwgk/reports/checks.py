"""勾稽 (consistency checks) of the annual-report tables; a failing check blocks publication.

Pure: no Django import. Input tables use the row keys and column labels of `zwgk.reports.format`; a cell may be
None (not filled). Rules (regulations.md §3.3–3.4):

- table3.balance        每列：一、新收 + 二、上年结转 = （七）总计 + 四、结转下年度 (the note cell of the format);
- table3.row_totals     每行：总计列 = 六类申请人之和;
- table3.outcome_total  每列：（七）总计 = 各项办理结果之和;
- table3.group_subtotals (only when subtotals are supplied, e.g. transcribed reports) 小计 = 分项之和;
- table4.totals         每组：总计 = 维持 + 纠正 + 其他 + 尚未审结;
- nonnegative           no negative number anywhere;
- table3.carried_over   上一年度的结转下年度 = 本年度的上年结转 (when last year's report is on the platform);
- table3.complete / table4.complete (with `require_complete`) every cell filled.

Every failure names its cell and the numbers. Instances whose inputs are missing are skipped (and reported
through the completeness rules when completeness is required).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from zwgk.reports.format import (
    APPLICANT_COLUMNS,
    CARRIED_IN,
    CARRIED_OUT,
    NEW,
    OUTCOME_GROUP_LABELS,
    OUTCOME_GROUPS,
    RESULT_LABELS,
    RESULTS,
    REVIEW_KIND_LABELS,
    REVIEW_KINDS,
    TABLE3_COLUMNS,
    TABLE3_ROW_KEYS,
    TABLE3_ROW_LABELS,
    TABLE4_COLUMNS,
    TOTAL,
    TOTAL_COLUMN,
)

MAX_LISTED = 8  # failures spelled out in one detail line; the rest are counted


@dataclass(frozen=True)
class Failure:
    cell: str  # which cell, e.g. "表三 “自然人”列"
    message: str  # the numbers, in Chinese


@dataclass
class CheckResult:
    rule: str
    title: str
    ok: bool
    failures: list[Failure] = field(default_factory=list)
    note: str = ""  # why a rule was not evaluated, or a remark shown when it passed
    skipped: bool = False  # not evaluated for want of inputs (ok, but shown as 未校验)

    @property
    def detail(self) -> str:
        if self.failures:
            listed = "；".join(f.message for f in self.failures[:MAX_LISTED])
            more = len(self.failures) - MAX_LISTED
            return listed + (f"；另有 {more} 处不符" if more > 0 else "")
        return self.note or "相符"

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "ok": self.ok,
            "detail": self.detail,
            "skipped": self.skipped,
            "failures": [{"cell": f.cell, "message": f.message} for f in self.failures],
        }


def _result(rule: str, title: str, failures: list[Failure], evaluated: int, skipped_note: str) -> CheckResult:
    if not failures and evaluated == 0:
        return CheckResult(rule, title, True, note=skipped_note, skipped=True)
    return CheckResult(rule, title, not failures, failures)


def cell3(row: str, column: str) -> str:
    return f"表三“{TABLE3_ROW_LABELS.get(row, OUTCOME_GROUP_LABELS.get(row, row))}”行“{column}”列"


def cell4(kind: str, column: str) -> str:
    return f"表四“{REVIEW_KIND_LABELS[kind]}”的“{RESULT_LABELS[column]}”"


def _get(table: Mapping[str, Mapping[str, Any]], row: str, column: str) -> int | None:
    value = table.get(row, {}).get(column)
    return None if value is None else int(value)


def check_balance(table3: Mapping[str, Mapping[str, Any]]) -> CheckResult:
    failures: list[Failure] = []
    evaluated = 0
    for column in TABLE3_COLUMNS:
        values = [_get(table3, row, column) for row in (NEW, CARRIED_IN, TOTAL, CARRIED_OUT)]
        if None in values:
            continue
        new, carried_in, total, carried_out = values
        evaluated += 1
        left, right = new + carried_in, total + carried_out  # type: ignore[operator]
        if left != right:
            failures.append(
                Failure(
                    f"表三“{column}”列",
                    f"“{column}”列：本年新收 {new} + 上年结转 {carried_in} = {left}，"
                    f"不等于办理结果总计 {total} + 结转下年度 {carried_out} = {right}（相差 {left - right}）",
                )
            )
    return _result(
        "table3.balance",
        "每列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度",
        failures,
        evaluated,
        "表三数据不全，未校验",
    )


def check_row_totals(table3: Mapping[str, Mapping[str, Any]]) -> CheckResult:
    failures: list[Failure] = []
    evaluated = 0
    rows = [r for r in TABLE3_ROW_KEYS if r in table3] + [g for g in OUTCOME_GROUP_LABELS if g in table3]
    for row in dict.fromkeys(rows):
        parts = [_get(table3, row, c) for c in APPLICANT_COLUMNS]
        total = _get(table3, row, TOTAL_COLUMN)
        if total is None or None in parts:
            continue
        evaluated += 1
        summed = sum(parts)  # type: ignore[arg-type]
        if summed != total:
            failures.append(
                Failure(
                    cell3(row, TOTAL_COLUMN),
                    f"{cell3(row, TOTAL_COLUMN)}为 {total}，六类申请人之和为 {summed}（相差 {total - summed}）",
                )
            )
    return _result(
        "table3.row_totals", "每行：总计列 = 六类申请人之和", failures, evaluated, "表三数据不全，未校验"
    )


def _group_value(table3: Mapping[str, Mapping[str, Any]], group: str, column: str) -> int | None:
    """A group's sum from its detail rows, else from a supplied subtotal row, else None."""
    rows = next(r for g, _, r in OUTCOME_GROUPS if g == group)
    details = [_get(table3, key, column) for key, _ in rows]
    if None not in details:
        return sum(details)  # type: ignore[arg-type]
    return _get(table3, group, column) if len(rows) > 1 else None


def check_outcome_total(table3: Mapping[str, Mapping[str, Any]]) -> CheckResult:
    failures: list[Failure] = []
    evaluated = 0
    for column in TABLE3_COLUMNS:
        total = _get(table3, TOTAL, column)
        groups = [_group_value(table3, g, column) for g, _, _ in OUTCOME_GROUPS]
        if total is None or None in groups:
            continue
        evaluated += 1
        summed = sum(groups)  # type: ignore[arg-type]
        if summed != total:
            failures.append(
                Failure(
                    cell3(TOTAL, column),
                    f"{cell3(TOTAL, column)}为 {total}，各项办理结果之和为 {summed}（相差 {total - summed}）",
                )
            )
    return _result(
        "table3.outcome_total",
        "每列：（七）总计 = 各项办理结果之和",
        failures,
        evaluated,
        "表三数据不全，未校验",
    )


def check_group_subtotals(table3: Mapping[str, Mapping[str, Any]]) -> CheckResult | None:
    """Only for tables that carry group subtotals (transcribed reports); the national table has none."""
    failures: list[Failure] = []
    evaluated = 0
    for group, label, rows in OUTCOME_GROUPS:
        if group not in table3 or len(rows) == 1:
            continue
        for column in TABLE3_COLUMNS:
            subtotal = _get(table3, group, column)
            details = [_get(table3, key, column) for key, _ in rows]
            if subtotal is None or None in details:
                continue
            evaluated += 1
            summed = sum(details)  # type: ignore[arg-type]
            if summed != subtotal:
                failures.append(
                    Failure(
                        f"表三“{label}”小计“{column}”列",
                        f"“{label}”小计“{column}”列为 {subtotal}，分项之和为 {summed}",
                    )
                )
    if evaluated == 0 and not failures:
        return None
    return _result("table3.group_subtotals", "各类办理结果：小计 = 分项之和", failures, evaluated, "")


def check_table4_totals(table4: Mapping[str, Mapping[str, Any]]) -> CheckResult:
    failures: list[Failure] = []
    evaluated = 0
    for kind in REVIEW_KINDS:
        parts = [_get(table4, kind, c) for c in RESULTS]
        total = _get(table4, kind, TOTAL_COLUMN)
        if total is None or None in parts:
            continue
        evaluated += 1
        summed = sum(parts)  # type: ignore[arg-type]
        if summed != total:
            shown = " + ".join(f"{RESULT_LABELS[c]} {v}" for c, v in zip(RESULTS, parts, strict=True))
            failures.append(
                Failure(
                    cell4(kind, TOTAL_COLUMN), f"{cell4(kind, TOTAL_COLUMN)}为 {total}，而 {shown} = {summed}"
                )
            )
    return _result(
        "table4.totals",
        "每组：总计 = 维持 + 纠正 + 其他 + 尚未审结",
        failures,
        evaluated,
        "表四数据不全，未校验",
    )


def check_nonnegative(
    table3: Mapping[str, Mapping[str, Any]] | None, table4: Mapping[str, Mapping[str, Any]] | None
) -> CheckResult:
    failures: list[Failure] = []
    evaluated = 0
    for row, columns in (table3 or {}).items():
        for column, value in columns.items():
            if value is None:
                continue
            evaluated += 1
            if int(value) < 0:
                failures.append(Failure(cell3(row, column), f"{cell3(row, column)}为负数 {value}"))
    for kind, columns in (table4 or {}).items():
        for column, value in columns.items():
            if value is None or kind not in REVIEW_KIND_LABELS or column not in RESULT_LABELS:
                continue
            evaluated += 1
            if int(value) < 0:
                failures.append(Failure(cell4(kind, column), f"{cell4(kind, column)}为负数 {value}"))
    return _result("nonnegative", "所有数字不得为负数", failures, evaluated, "没有可校验的数字")


def check_carried_over(
    table3: Mapping[str, Mapping[str, Any]],
    previous_carried_out: Mapping[str, Any] | None,
    previous_label: str = "上一年度报告",
) -> CheckResult:
    title = "上一年度的结转下年度 = 本年度的上年结转"
    if previous_carried_out is None:
        return CheckResult(
            "table3.carried_over", title, True, note=f"未比对：{previous_label}未在本平台发布", skipped=True
        )
    failures: list[Failure] = []
    evaluated = 0
    for column in TABLE3_COLUMNS:
        now = _get(table3, CARRIED_IN, column)
        before = previous_carried_out.get(column)
        if now is None or before is None:
            continue
        evaluated += 1
        if int(before) != now:
            failures.append(
                Failure(
                    cell3(CARRIED_IN, column),
                    f"{cell3(CARRIED_IN, column)}为 {now}，而{previous_label}“结转下年度继续办理”“{column}”列为 {before}",
                )
            )
    return _result("table3.carried_over", title, failures, evaluated, "表三数据不全，未比对")


def check_complete(
    table3: Mapping[str, Mapping[str, Any]], table4: Mapping[str, Mapping[str, Any]]
) -> list[CheckResult]:
    results = []
    for rule, name, table, rows, columns, cell in (
        ("table3.complete", "表三", table3, TABLE3_ROW_KEYS, TABLE3_COLUMNS, cell3),
        ("table4.complete", "表四", table4, REVIEW_KINDS, TABLE4_COLUMNS, cell4),
    ):
        missing = [(r, c) for r in rows for c in columns if table.get(r, {}).get(c) is None]
        total = len(rows) * len(columns)
        if not missing:
            results.append(CheckResult(rule, f"{name}每个单元格都有数字", True))
        elif len(missing) == total:
            results.append(
                CheckResult(
                    rule,
                    f"{name}每个单元格都有数字",
                    False,
                    [Failure(name, f"{name}全部 {total} 个单元格均无数据")],
                )
            )
        else:
            results.append(
                CheckResult(
                    rule,
                    f"{name}每个单元格都有数字",
                    False,
                    [Failure(cell(r, c), f"{cell(r, c)}未填写") for r, c in missing],
                )
            )
    return results


def run_checks(
    table3: Mapping[str, Mapping[str, Any]],
    table4: Mapping[str, Mapping[str, Any]],
    *,
    previous_carried_out: Mapping[str, Any] | None = None,
    previous_label: str = "上一年度报告",
    require_complete: bool = True,
) -> list[CheckResult]:
    """All 勾稽 rules on one report's tables 3 and 4, in a stable order."""
    results: list[CheckResult] = []
    if require_complete:
        results.extend(check_complete(table3, table4))
    results.append(check_nonnegative(table3, table4))
    results.append(check_balance(table3))
    results.append(check_row_totals(table3))
    results.append(check_outcome_total(table3))
    subtotals = check_group_subtotals(table3)
    if subtotals is not None:
        results.append(subtotals)
    results.append(check_table4_totals(table4))
    results.append(check_carried_over(table3, previous_carried_out, previous_label))
    return results


def all_ok(results: list[CheckResult]) -> bool:
    return all(r.ok for r in results)
