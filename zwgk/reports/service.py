"""Assembling one agency's report for one year from the registered sources and the staff-entered figures.

`build_figures` returns the JSON snapshot stored on `AnnualReport.figures`: the three tables, where each
table/row came from (platform / staff / missing / failed), the 勾稽 results, and the facts the text drafts use.
Nothing here writes to the database; actions.py stores the snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils import timezone

from zwgk.agencies.models import Agency, AgencyQuerySet
from zwgk.reports.checks import CheckResult, Failure, run_checks
from zwgk.reports.compute import count_applications, count_review_cases
from zwgk.reports.deadlines import GOVERNMENT_KIND
from zwgk.reports.format import (
    CARRIED_OUT,
    EXTERNAL_ROWS,
    FEE_ROW,
    NORMATIVE_ROWS,
    NORMATIVE_SOURCE_KEYS,
    OUTCOME_GROUP_KEYS,
    REVIEW_KINDS,
    TABLE2_COLUMNS_OF,
    TABLE3_COLUMNS,
    TABLE3_ROW_KEYS,
    TABLE4_COLUMNS,
    Table,
    empty_table2,
    empty_table3,
    empty_table4,
    group_subtotal,
)
from zwgk.reports.models import ReportEdition
from zwgk.reports.narrative import NarrativeFacts
from zwgk.reports.sources import SOURCES, SourceFailed, call_source

PLATFORM, STAFF, MISSING, FAILED = "platform", "staff", "missing", "failed"
ORIGIN_LABELS = {
    PLATFORM: "平台自动统计",
    STAFF: "工作人员填报",
    MISSING: "无法从平台计算",
    FAILED: "数据来源读取失败",
}
FIGURES_VERSION = 1


def reporting_agencies() -> AgencyQuerySet:
    """Agencies that publish their own annual report (setting ZWGK_REPORT_AGENCY_KINDS)."""
    return Agency.objects.active().of_kind(*settings.REPORT_AGENCY_KINDS).in_display_order()


def is_reporting_agency(agency: Agency) -> bool:
    return agency.is_active and agency.kind in settings.REPORT_AGENCY_KINDS


# --- table 2 -------------------------------------------------------------------------------------------


def parse_count(value: Any) -> int:
    number = int(str(value).strip())
    if number < 0:
        raise ValueError("negative")
    return number


def parse_amount(value: Any) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not number.is_finite() or number < 0 or number.as_tuple().exponent < -4:  # type: ignore[operator]
        raise ValueError("bad amount")
    return number


def _normative_from_source(value: Any) -> dict[str, dict[str, int]]:
    if not isinstance(value, Mapping):
        raise ValueError("规章和行政规范性文件目录返回的不是字典")
    rows: dict[str, dict[str, int]] = {}
    for row in NORMATIVE_ROWS:
        item = value.get(row)
        if not isinstance(item, Mapping):
            raise ValueError(f"缺少“{row}”")
        rows[row] = {}
        for key, column in NORMATIVE_SOURCE_KEYS.items():
            try:
                rows[row][column] = parse_count(item.get(key))
            except (TypeError, ValueError):
                raise ValueError(f"“{row}”的 {key} 不是非负整数：{item.get(key)!r}") from None
    return rows


def staff_row(staff_table2: Mapping[str, Any], row: str) -> dict[str, Any] | None:
    """A staff entry for a table-2 row if it has every value and a source note."""
    entry = staff_table2.get(row)
    if not isinstance(entry, Mapping) or not str(entry.get("note", "")).strip():
        return None
    values = entry.get("values") or {}
    if any(values.get(c) in (None, "") for c in TABLE2_COLUMNS_OF[row]):
        return None
    return dict(entry)


def _table2(
    agency: Agency, year: int, staff_table2: Mapping[str, Any]
) -> tuple[Table, dict[str, Any], list[Failure]]:
    table = empty_table2()
    provenance: dict[str, Any] = {}
    failures: list[Failure] = []
    normative: dict[str, dict[str, int]] | None = None
    normative_state = MISSING
    normative_error = ""
    try:
        registered, value = call_source("normative", agency.pk, year)
        if registered:
            normative = _normative_from_source(value)
            normative_state = PLATFORM
    except (SourceFailed, ValueError) as exc:
        normative_state, normative_error = FAILED, str(exc)
    for row in table:
        if row in NORMATIVE_ROWS and normative_state == PLATFORM:
            table[row] = dict(normative[row])  # type: ignore[index]
            provenance[row] = {"origin": PLATFORM, "note": f"来自{SOURCES['normative'].label}"}
            continue
        if row in NORMATIVE_ROWS and normative_state == FAILED:
            provenance[row] = {"origin": FAILED, "note": normative_error}
            failures.append(
                Failure(
                    f"表二“{row}”", f"表二“{row}”：{SOURCES['normative'].label}读取失败（{normative_error}）"
                )
            )
            continue
        entry = staff_row(staff_table2, row)
        if entry is not None:
            for column in TABLE2_COLUMNS_OF[row]:
                raw = entry["values"][column]
                table[row][column] = str(parse_amount(raw)) if row == FEE_ROW else parse_count(raw)
            provenance[row] = {"origin": STAFF, "note": str(entry["note"]), "by": entry.get("by", "")}
            continue
        provenance[row] = {"origin": MISSING, "note": ""}
        if row in EXTERNAL_ROWS:
            reason = "数据保存在其他业务系统，平台无法计算"
        else:
            reason = f"平台未接入{SOURCES['normative'].label}"
        failures.append(Failure(f"表二“{row}”", f"表二“{row}”：{reason}，请工作人员填报并注明数据来源"))
    return table, provenance, failures


# --- tables 3 and 4 --------------------------------------------------------------------------------------


def clean_manual_table(data: Any, rows: tuple[str, ...], columns: tuple[str, ...]) -> Table:
    """A staff-entered table with every cell a non-negative integer (raises ValueError otherwise)."""
    if not isinstance(data, Mapping):
        raise ValueError("not a table")
    table: Table = {}
    for row in rows:
        table[row] = {}
        for column in columns:
            table[row][column] = parse_count((data.get(row) or {}).get(column))
    return table


def _counted_table(
    source: str,
    agency: Agency,
    year: int,
    manual: Any,
    manual_note: str,
) -> tuple[Table, dict[str, Any], list[str]]:
    """Table 3 (source "applications") or table 4 ("review_cases"): platform, else staff entry, else missing."""
    table3 = source == "applications"
    empty = empty_table3() if table3 else empty_table4()
    try:
        registered, records = call_source(source, agency.pk)
    except SourceFailed as exc:
        return empty, {"origin": FAILED, "note": str(exc)}, []
    if registered:
        counted = count_applications(records, year) if table3 else count_review_cases(records, year)
        return (
            counted.table,
            {"origin": PLATFORM, "note": f"来自{SOURCES[source].label}", "records": counted.counted},
            counted.problems,
        )
    if manual is not None and manual_note.strip():
        rows = TABLE3_ROW_KEYS if table3 else REVIEW_KINDS
        columns = TABLE3_COLUMNS if table3 else TABLE4_COLUMNS
        try:
            return clean_manual_table(manual, rows, columns), {"origin": STAFF, "note": manual_note}, []
        except (TypeError, ValueError):
            pass
    return empty, {"origin": MISSING, "note": ""}, []


def _source_check(rule: str, name: str, provenance: Mapping[str, Any], source: str) -> CheckResult:
    title = f"{name}的数据来源"
    origin = provenance["origin"]
    if origin in (PLATFORM, STAFF):
        note = ORIGIN_LABELS[origin] + (f"：{provenance['note']}" if provenance.get("note") else "")
        return CheckResult(rule, title, True, note=note)
    if origin == FAILED:
        return CheckResult(rule, title, False, [Failure(name, f"{name}：{provenance['note']}")])
    return CheckResult(
        rule,
        title,
        False,
        [
            Failure(
                name,
                f"{name}：平台未接入{SOURCES[source].label}，无法计算；请接入后重新生成，或由工作人员填报全表并注明数据来源",
            )
        ],
    )


def _records_check(rule: str, name: str, problems: list[str]) -> CheckResult:
    failures = [Failure(name, p) for p in problems]
    return CheckResult(rule, f"{name}的原始记录都能归入表格", not failures, failures)


# --- facts for the text ----------------------------------------------------------------------------------


def _fact(name: str, *args: Any) -> tuple[str, Any, str]:
    """(state, value, warning) for a source that only feeds the text."""
    try:
        registered, value = call_source(name, *args)
    except SourceFailed as exc:
        return FAILED, None, str(exc)
    if not registered:
        return MISSING, None, f"平台未接入{SOURCES[name].label}：{SOURCES[name].feeds}需工作人员填写"
    return PLATFORM, value, ""


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def previous_carried_out(agency: Agency, year: int) -> tuple[dict[str, Any] | None, str]:
    """Last year's 结转下年度 row as published on the platform (latest edition), if any."""

    label = f"{year - 1}年度报告"
    edition = (
        ReportEdition.objects.filter(report__agency=agency, report__year=year - 1)
        .order_by("-number")
        .only("content")
        .first()
    )
    if edition is None:
        # A report that exists but was never published is not "on the platform" for this comparison.
        return None, label
    row = (edition.content.get("figures", {}).get("table3") or {}).get(CARRIED_OUT)
    return (dict(row) if row else None), f"已发布的{label}"


def build_figures(
    agency: Agency,
    year: int,
    *,
    staff_table2: Mapping[str, Any] | None = None,
    manual_table3: Any = None,
    manual_table3_note: str = "",
    manual_table4: Any = None,
    manual_table4_note: str = "",
) -> dict[str, Any]:
    table2, provenance2, failures2 = _table2(agency, year, staff_table2 or {})
    table3, provenance3, problems3 = _counted_table(
        "applications", agency, year, manual_table3, manual_table3_note
    )
    table4, provenance4, problems4 = _counted_table(
        "review_cases", agency, year, manual_table4, manual_table4_note
    )

    checks: list[CheckResult] = [
        CheckResult("sources.table2", "表二的数据来源", not failures2, failures2, note="每项都有数据及来源"),
        _source_check("sources.table3", "表三", provenance3, "applications"),
        _source_check("sources.table4", "表四", provenance4, "review_cases"),
        _records_check("records.table3", "表三", problems3),
        _records_check("records.table4", "表四", problems4),
    ]
    previous, previous_label = previous_carried_out(agency, year)
    figure_checks = run_checks(table3, table4, previous_carried_out=previous, previous_label=previous_label)
    missing = {"table3.complete"} if provenance3["origin"] not in (PLATFORM, STAFF) else set()
    if provenance4["origin"] not in (PLATFORM, STAFF):
        missing.add("table4.complete")
    checks.extend(c for c in figure_checks if c.rule not in missing)

    warnings: list[str] = []
    fee_state, fee_value, fee_warning = _fact("fees", agency.pk, year)
    fees_yuan: str | None = None
    if fee_state == PLATFORM:
        try:
            fees_yuan = str(Decimal(str(fee_value)))
        except InvalidOperation:
            fee_state, fee_warning = FAILED, f"{SOURCES['fees'].label}返回的不是金额：{fee_value!r}"
    facts: dict[str, Any] = {"fees_yuan": fees_yuan}
    states = {"fees": fee_state, "normative": provenance2[NORMATIVE_ROWS[0]]["origin"]}
    states["applications"] = provenance3["origin"]
    states["review_cases"] = provenance4["origin"]
    if fee_warning:
        warnings.append(fee_warning)
    for name, key in (
        ("publication_facts", "publication"),
        ("workplan_summary", "workplan"),
        ("trainings", "trainings"),
        ("public_participation", "participation"),
    ):
        state, value, warning = _fact(name, agency.pk, year)
        states[name] = state
        facts[key] = _jsonable(value) if state == PLATFORM else None
        if warning:
            warnings.append(warning)
    return {
        "version": FIGURES_VERSION,
        "generated_at": timezone.now().isoformat(),
        "year": year,
        "agency": {"code": agency.code, "name": agency.name, "kind": agency.kind},
        "table2": table2,
        "table3": table3,
        "table4": table4,
        "provenance": {"table2": provenance2, "table3": provenance3, "table4": provenance4},
        "checks": [c.as_dict() for c in checks],
        "facts": facts,
        "sources": states,
        "warnings": warnings,
    }


def figures_for_report(report: Any) -> dict[str, Any]:
    """Fresh figures for a stored report: the sources plus the figures staff entered on it."""
    return build_figures(
        report.agency,
        report.year,
        staff_table2=report.staff_table2,
        manual_table3=report.manual_table3,
        manual_table3_note=report.manual_table3_note,
        manual_table4=report.manual_table4,
        manual_table4_note=report.manual_table4_note,
    )


def failing_checks(figures: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [c for c in figures.get("checks") or [] if not c["ok"]]


def same_figures(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Equal apart from the generation time (regenerating unchanged data is not a change)."""
    strip = lambda f: {k: v for k, v in f.items() if k != "generated_at"}  # noqa: E731
    return strip(a) == strip(b)


def narrative_facts(agency: Agency, year: int, figures: Mapping[str, Any]) -> NarrativeFacts:
    facts = figures.get("facts") or {}
    origins = figures.get("provenance") or {}

    def table(name: str) -> Any:
        origin = (origins.get(name) or {}).get("origin")
        return figures.get(name) if origin in (PLATFORM, STAFF) else None

    fees = facts.get("fees_yuan")
    return NarrativeFacts(
        agency_name=agency.name,
        year=year,
        site_name=settings.SITE_NAME,
        is_government=agency.kind == GOVERNMENT_KIND,
        contact=agency.contact_block(),
        table2=figures.get("table2"),
        table3=table("table3"),
        table4=table("table4"),
        publication=facts.get("publication"),
        fees_yuan=Decimal(fees) if fees is not None else None,
        workplan=facts.get("workplan"),
        trainings=facts.get("trainings"),
        participation=facts.get("participation"),
    )


def outcome_summary(table3: Mapping[str, Mapping[str, Any]]) -> dict[str, int | None]:
    """Group subtotals of the 总计 column (for overviews and charts)."""
    return {group: group_subtotal(table3, group) for group in OUTCOME_GROUP_KEYS}
