"""Every state change of an annual report: permission, change, audit event — inside one transaction.

`by` is the acting user; `by=None` means the system (the periodic task, `zwgk demo load`) and skips the
permission check. Views always pass the signed-in user. A refused action raises Refused with a Chinese
message for the user (or PermissionDenied).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.agencies.models import Agency
from zwgk.audit.log import record
from zwgk.core.errors import IllegalTransition, Refused
from zwgk.core.signals import announce_public_change
from zwgk.reports.checks import run_checks
from zwgk.reports.deadlines import due_date
from zwgk.reports.format import (
    FEE_ROW,
    NARRATIVE_LABELS,
    NARRATIVE_SECTIONS,
    REVIEW_KINDS,
    TABLE2_COLUMNS_OF,
    TABLE2_ROWS,
    TABLE3_COLUMNS,
    TABLE3_ROW_KEYS,
    TABLE4_COLUMNS,
    report_title,
)
from zwgk.reports.models import (
    REPORT_FLOW,
    AnnualReport,
    NarrativeOrigin,
    NarrativeVersion,
    ReportEdition,
    ReportStatus,
)
from zwgk.reports.narrative import DRAFTERS, find_placeholders
from zwgk.reports.service import (
    clean_manual_table,
    figures_for_report,
    is_reporting_agency,
    narrative_facts,
    parse_amount,
    parse_count,
    previous_carried_out,
    reporting_agencies,
    same_figures,
)
from zwgk.reports.sources import get_source

FIRST_FORMAT_YEAR = 2021  # 国办公开办函〔2021〕30号 applies to reports on 2021 and later
MAX_TEXT = 20000


def _authorize(by: Any, perm: str, obj: Any) -> None:
    if by is not None:
        require(by, perm, obj)


def _actor(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update(of=("self",)).select_related("agency").get(pk=report.pk)


def _check_move(report: AnnualReport, to: str, verb: str, by: Any) -> None:
    """REPORT_FLOW's check (table and permission), refused in the report's own words."""
    try:
        REPORT_FLOW.check(report, to, by)
    except IllegalTransition as exc:
        message = f"报告当前状态为“{report.get_status_display()}”，不能{verb}。"
        raise IllegalTransition(exc.current, exc.target, message=message) from None


def _move(report: AnnualReport, to: str, verb: str, by: Any) -> None:
    _check_move(report, to, verb, by)
    report.status = to


def _require_draft(report: AnnualReport, verb: str) -> None:
    if report.status != ReportStatus.DRAFT:
        raise Refused(f"报告当前状态为“{report.get_status_display()}”，只有草稿可以{verb}。")


def validate_year(year: int, today: date | None = None) -> None:
    today = today or timezone.localdate()
    if year < FIRST_FORMAT_YEAR:
        raise Refused(
            f"本平台按国办公开办函〔2021〕30号格式编制年度报告，适用于{FIRST_FORMAT_YEAR}年度及以后的报告。"
        )
    if year > today.year:
        raise Refused(f"{year}年尚未开始，不能编制该年度的报告。")


# --- texts ---------------------------------------------------------------------------------------------------


def current_versions(report: AnnualReport) -> dict[str, NarrativeVersion | None]:
    latest: dict[str, NarrativeVersion | None] = dict.fromkeys(NARRATIVE_SECTIONS)
    for version in report.narrative_versions.order_by("section", "-number"):
        if latest.get(version.section) is None:
            latest[version.section] = version
    return latest


def current_texts(report: AnnualReport) -> dict[str, str]:
    return {s: (v.text if v else "") for s, v in current_versions(report).items()}


def _add_version(report: AnnualReport, section: str, text: str, origin: str, by: Any) -> NarrativeVersion:
    last = report.narrative_versions.filter(section=section).aggregate(n=Max("number"))["n"] or 0
    return NarrativeVersion.objects.create(
        report=report, section=section, number=last + 1, text=text, origin=origin, created_by=_actor(by)
    )


def _draft_text(report: AnnualReport, section: str) -> str:
    return DRAFTERS[section](narrative_facts(report.agency, report.year, report.figures))


# --- figures -------------------------------------------------------------------------------------------------


def _store_figures(report: AnnualReport, by: Any = None) -> bool:
    """Recompute and store the figures; False (and no write) when nothing changed.

    Sections still as the platform drafted them are redrafted with the new figures, so that the text never
    quotes numbers the tables no longer show; sections staff edited are left alone (the page flags them).
    """
    figures = figures_for_report(report)
    if report.figures and same_figures(figures, report.figures):
        return False
    report.figures = figures
    report.generated_at = timezone.now()
    report.save(update_fields=["figures", "generated_at", "updated_at"])
    for section, version in current_versions(report).items():
        if version is not None and version.origin == NarrativeOrigin.FACTS:
            text = _draft_text(report, section)
            if text != version.text:
                _add_version(report, section, text, NarrativeOrigin.FACTS, by)
    return True


def _check_summary(figures: Mapping[str, Any]) -> dict[str, Any]:
    failing = [c["rule"] for c in figures.get("checks", []) if not c["ok"]]
    return {"checks_failed": failing, "sources": figures.get("sources", {})}


def start_report(agency: Agency, year: int, *, by: Any) -> tuple[AnnualReport, bool]:
    """The agency's report for `year`, created as a draft (figures generated, texts drafted) if it is new."""
    _authorize(by, "reports.draft", agency)
    validate_year(year)
    if not is_reporting_agency(agency):
        raise Refused(f"{agency.name}（{agency.get_kind_display()}）不单独编制政府信息公开工作年度报告。")
    with transaction.atomic():
        report, created = AnnualReport.objects.get_or_create(
            agency=agency, year=year, defaults={"due": due_date(agency.kind, year)}
        )
        if not created:
            return report, False
        report.agency = agency
        _store_figures(report)
        for section in NARRATIVE_SECTIONS:
            _add_version(report, section, _draft_text(report, section), NarrativeOrigin.FACTS, by)
        record(
            "annual_report.created",
            obj=report,
            actor=_actor(by),
            summary=f"生成{report_title(agency.name, year)}草稿",
            after={"year": year, "due": report.due, **_check_summary(report.figures)},
        )
    return report, True


def regenerate(report: AnnualReport, *, by: Any) -> bool:
    """Recompute the figures of a draft from the sources; True when they changed (audited only then)."""
    _authorize(by, "reports.draft", report)
    with transaction.atomic():
        locked = _lock(report)
        _require_draft(locked, "重新生成数据")
        before = _check_summary(locked.figures)
        changed = _store_figures(locked, by)
        if changed:
            record(
                "annual_report.regenerated",
                obj=locked,
                actor=_actor(by),
                summary="按平台数据重新生成统计表",
                before=before,
                after=_check_summary(locked.figures),
            )
    report.refresh_from_db()
    return changed


def save_table2(report: AnnualReport, entries: Mapping[str, Mapping[str, Any]], *, by: Any) -> None:
    """Store staff-entered table-2 rows: {row: {"values": {column: str}, "note": str}}.

    Only the rows named in `entries` change; a named row with no values and no note is cleared.
    """
    _authorize(by, "reports.draft", report)
    updates: dict[str, dict[str, Any] | None] = {}
    for row in TABLE2_ROWS:
        if row not in entries:
            continue
        entry = entries[row] or {}
        values = {c: str((entry.get("values") or {}).get(c) or "").strip() for c in TABLE2_COLUMNS_OF[row]}
        note = str(entry.get("note") or "").strip()[:300]
        if not note and not any(values.values()):
            updates[row] = None
            continue
        if not note:
            raise Refused(f"“{row}”请注明数据来源（如系统名称、导出日期、提供单位）。")
        for column, raw in values.items():
            try:
                parse_amount(raw) if row == FEE_ROW else parse_count(raw)
            except ValueError:
                kind = "不超过四位小数的非负金额" if row == FEE_ROW else "非负整数"
                raise Refused(f"“{row}”的“{column}”应为{kind}，实际为“{raw}”。") from None
        updates[row] = {"values": values, "note": note}
    with transaction.atomic():
        locked = _lock(report)
        _require_draft(locked, "填报数据")
        current = dict(locked.staff_table2)
        merged = dict(current)
        for row, update in updates.items():
            if update is None:
                merged.pop(row, None)
            elif row not in current or {k: current[row][k] for k in ("values", "note")} != update:
                who = getattr(by, "display_name", "") if by else "系统"
                merged[row] = update | {"by": who, "at": timezone.now().isoformat(timespec="seconds")}
        if merged == current:
            return
        locked.staff_table2 = merged
        locked.save(update_fields=["staff_table2", "updated_at"])
        _store_figures(locked, by)
        record(
            "annual_report.table2_saved",
            obj=locked,
            actor=_actor(by),
            summary="填报表二（主动公开政府信息情况）",
            before={r: e["values"] | {"note": e["note"]} for r, e in current.items()},
            after={r: e["values"] | {"note": e["note"]} for r, e in merged.items()},
        )
    report.refresh_from_db()


def save_manual_table(report: AnnualReport, which: str, table: Any, note: str, *, by: Any) -> None:
    """Staff entry of table 3 or 4 when the platform holds no source for it; every cell, plus a source note."""
    _authorize(by, "reports.draft", report)
    source = {"table3": "applications", "table4": "review_cases"}[which]
    name = "表三" if which == "table3" else "表四"
    if get_source(source) is not None:
        raise Refused(f"{name}已由平台自动统计，不能由工作人员填报。")
    note = (note or "").strip()
    if not note:
        raise Refused(f"请注明{name}的数据来源（如统计台账名称、统计人、统计日期）。")
    rows = TABLE3_ROW_KEYS if which == "table3" else REVIEW_KINDS
    columns = TABLE3_COLUMNS if which == "table3" else TABLE4_COLUMNS
    try:
        cleaned = clean_manual_table(table, rows, columns)
    except (TypeError, ValueError):
        raise Refused(f"{name}的每个单元格都应填写非负整数。") from None
    with transaction.atomic():
        locked = _lock(report)
        _require_draft(locked, "填报数据")
        before = {
            "table": getattr(locked, f"manual_{which}"),
            "note": getattr(locked, f"manual_{which}_note"),
        }
        setattr(locked, f"manual_{which}", cleaned)
        setattr(locked, f"manual_{which}_note", note[:300])
        locked.save(update_fields=[f"manual_{which}", f"manual_{which}_note", "updated_at"])
        _store_figures(locked, by)
        record(
            f"annual_report.{which}_entered",
            obj=locked,
            actor=_actor(by),
            summary=f"工作人员填报{name}（来源：{note[:100]}）",
            before=before if before["table"] is not None else None,
            after={"table": cleaned, "note": note},
        )
    report.refresh_from_db()


# --- texts ---------------------------------------------------------------------------------------------------


def save_texts(
    report: AnnualReport, texts: Mapping[str, str], based_on: Mapping[str, int | None], *, by: Any
) -> list[str]:
    """Save edited sections as new versions. Refuses sections someone else saved since `based_on`."""
    _authorize(by, "reports.draft", report)
    with transaction.atomic():
        locked = _lock(report)
        _require_draft(locked, "修改文字")
        current = current_versions(locked)
        changed: list[str] = []
        conflicts: list[str] = []
        for section in NARRATIVE_SECTIONS:
            if section not in texts:
                continue
            text = texts[section].replace("\r\n", "\n").strip()
            if len(text) > MAX_TEXT:
                raise Refused(f"“{NARRATIVE_LABELS[section]}”超过 {MAX_TEXT} 字。")
            version = current[section]
            if version is not None and version.text == text:
                continue
            if version is not None and based_on.get(section) != version.number:
                who = version.created_by.display_name if version.created_by else "系统"
                conflicts.append(f"“{NARRATIVE_LABELS[section]}”已由{who}修改（第{version.number}版）")
                continue
            changed.append(section)
        if conflicts:
            raise Refused("；".join(conflicts) + "。您填写的内容仍保留在下方，请对照最新版本后再保存。")
        numbers = {}
        for section in changed:
            version = _add_version(
                locked, section, texts[section].replace("\r\n", "\n").strip(), NarrativeOrigin.STAFF, by
            )
            numbers[section] = version.number
        if changed:
            record(
                "annual_report.text_saved",
                obj=locked,
                actor=_actor(by),
                summary="修改" + "、".join(NARRATIVE_LABELS[s] for s in changed),
                after={"versions": numbers},
            )
    return changed


def redraft_section(report: AnnualReport, section: str, *, by: Any) -> NarrativeVersion | None:
    """A new version of `section` drafted from the current figures (earlier versions are kept)."""
    _authorize(by, "reports.draft", report)
    if section not in NARRATIVE_SECTIONS:
        raise Refused("没有这一部分。")
    with transaction.atomic():
        locked = _lock(report)
        _require_draft(locked, "重新起草")
        text = _draft_text(locked, section)
        current = current_versions(locked)[section]
        if current is not None and current.text == text:
            return None
        version = _add_version(locked, section, text, NarrativeOrigin.FACTS, by)
        record(
            "annual_report.text_redrafted",
            obj=locked,
            actor=_actor(by),
            summary=f"按平台数据重新起草{NARRATIVE_LABELS[section]}（第{version.number}版）",
        )
    return version


def restore_version(report: AnnualReport, version: NarrativeVersion, *, by: Any) -> NarrativeVersion | None:
    _authorize(by, "reports.draft", report)
    if version.report_id != report.pk:
        raise Refused("该版本不属于本报告。")
    with transaction.atomic():
        locked = _lock(report)
        _require_draft(locked, "恢复历史版本")
        current = current_versions(locked)[version.section]
        if current is not None and current.text == version.text:
            return None
        restored = _add_version(locked, version.section, version.text, NarrativeOrigin.RESTORED, by)
        record(
            "annual_report.text_restored",
            obj=locked,
            actor=_actor(by),
            summary=f"{NARRATIVE_LABELS[version.section]}恢复为第{version.number}版（新第{restored.number}版）",
        )
    return restored


# --- workflow ------------------------------------------------------------------------------------------------


def publication_blockers(report: AnnualReport, today: date | None = None) -> list[str]:
    """Everything that stops submission or publication, in Chinese; empty when the report may go ahead."""
    today = today or timezone.localdate()
    blockers: list[str] = []
    if today <= date(report.year, 12, 31):
        blockers.append(f"{report.year}年度尚未结束，{report.year + 1}年1月1日起才能提交和发布。")
    for check in report.figures.get("checks", []):
        if not check["ok"]:
            blockers.append(f"{check['title']}：{check['detail']}")
    if not report.figures:
        blockers.append("尚未生成统计数据。")
    for section, text in current_texts(report).items():
        if not text.strip():
            blockers.append(f"“{NARRATIVE_LABELS[section]}”没有内容。")
            continue
        found = find_placeholders(text)
        if found:
            blockers.append(f"“{NARRATIVE_LABELS[section]}”还有 {len(found)} 处待填写：{found[0]}")
    return blockers


def submit(report: AnnualReport, *, by: Any) -> None:
    """草稿 → 审核: the figures are regenerated and frozen; every check must pass and every placeholder be filled."""
    _authorize(by, "reports.draft", report)
    with transaction.atomic():
        locked = _lock(report)
        _require_draft(locked, "提交审核")
        _store_figures(locked, by)  # kept even when refused: the page then shows what blocked it
        blockers = publication_blockers(locked)
        if not blockers:
            _submit(locked, by)
    report.refresh_from_db()
    if blockers:
        raise Refused("不能提交审核：" + " ".join(f"（{i}）{b}" for i, b in enumerate(blockers, 1)))


def _submit(locked: AnnualReport, by: Any) -> None:
    _move(locked, ReportStatus.REVIEW, "提交审核", by)
    locked.submitted_at = timezone.now()
    locked.submitted_by = _actor(by)
    locked.return_reason = ""
    locked.save(update_fields=["status", "submitted_at", "submitted_by", "return_reason", "updated_at"])
    record(
        "annual_report.submitted",
        obj=locked,
        actor=_actor(by),
        summary="提交审核",
        before={"status": ReportStatus.DRAFT},
        after={"status": ReportStatus.REVIEW},
    )


def return_for_revision(report: AnnualReport, reason: str, *, by: Any) -> None:
    _authorize(by, "reports.review", report)
    reason = (reason or "").strip()
    if not reason:
        raise Refused("请填写退回意见。")
    with transaction.atomic():
        locked = _lock(report)
        _move(locked, ReportStatus.DRAFT, "退回修改", by)
        locked.return_reason = reason[:2000]
        locked.save(update_fields=["status", "return_reason", "updated_at"])
        record(
            "annual_report.returned",
            obj=locked,
            actor=_actor(by),
            summary=f"退回修改：{reason[:200]}",
            before={"status": ReportStatus.REVIEW},
            after={"status": ReportStatus.DRAFT},
        )
    report.refresh_from_db()


def _recheck(report: AnnualReport) -> None:
    """Re-run the 勾稽 on the frozen tables (last year's report may have been corrected since submission)."""
    figures = dict(report.figures)
    previous, label = previous_carried_out(report.agency, report.year)
    fresh = {
        c.rule: c.as_dict()
        for c in run_checks(
            figures["table3"], figures["table4"], previous_carried_out=previous, previous_label=label
        )
    }
    figures["checks"] = [fresh.get(c["rule"], c) for c in figures.get("checks", [])]
    report.figures = figures


def publish(report: AnnualReport, *, by: Any, correction_note: str = "") -> ReportEdition:
    """审核 → 已发布: freeze figures and texts into a new edition, shown in the public 年报 column."""
    _authorize(by, "reports.review", report)
    note = (correction_note or "").strip()
    with transaction.atomic():
        locked = _lock(report)
        _check_move(locked, ReportStatus.PUBLISHED, "发布", by)
        last = locked.editions.aggregate(n=Max("number"))["n"] or 0
        if last and not note:
            raise Refused("这是对已发布报告的更正，请填写更正说明（将在公开页面显示）。")
        _recheck(locked)
        blockers = publication_blockers(locked)
        if blockers:
            locked.save(update_fields=["figures", "updated_at"])  # kept: the page shows what blocked it
        else:
            edition = _publish(locked, last + 1, note, by)
    report.refresh_from_db()
    if blockers:
        raise Refused("不能发布：" + " ".join(f"（{i}）{b}" for i, b in enumerate(blockers, 1)))
    return edition


def _publish(locked: AnnualReport, number: int, note: str, by: Any) -> ReportEdition:
    now = timezone.now()
    content = {
        "title": locked.title,
        "agency": {"code": locked.agency.code, "name": locked.agency.name},
        "year": locked.year,
        "figures": {k: locked.figures[k] for k in ("table2", "table3", "table4")},
        "checks": locked.figures.get("checks", []),
        "sections": current_texts(locked),
        "published_on": timezone.localdate(now).isoformat(),
    }
    edition = ReportEdition.objects.create(
        report=locked,
        number=number,
        published_at=now,
        published_by=_actor(by),
        content=content,
        correction_note=note,
    )
    _move(locked, ReportStatus.PUBLISHED, "发布", by)
    locked.first_published_at = locked.first_published_at or now
    locked.save(update_fields=["status", "figures", "first_published_at", "updated_at"])
    record(
        "annual_report.published",
        obj=locked,
        actor=_actor(by),
        summary=f"发布第{edition.number}版" + (f"（更正：{note[:100]}）" if note else ""),
        before={"status": ReportStatus.REVIEW},
        after={"status": ReportStatus.PUBLISHED, "edition": edition.number, "late": now.date() > locked.due},
    )
    announce_public_change(AnnualReport, locked.pk, "annual_report")
    return edition


def reopen(report: AnnualReport, reason: str, *, by: Any) -> None:
    """已发布 → 草稿 for a correction; the published edition stays public until the corrected one is published."""
    _authorize(by, "reports.review", report)
    reason = (reason or "").strip()
    if not reason:
        raise Refused("请填写更正原因。")
    with transaction.atomic():
        locked = _lock(report)
        _move(locked, ReportStatus.DRAFT, "撤回更正", by)
        locked.return_reason = reason[:2000]
        locked.save(update_fields=["status", "return_reason", "updated_at"])
        record(
            "annual_report.reopened",
            obj=locked,
            actor=_actor(by),
            summary=f"撤回更正：{reason[:200]}",
            before={"status": ReportStatus.PUBLISHED},
            after={"status": ReportStatus.DRAFT},
        )
    report.refresh_from_db()


# --- the whole district ----------------------------------------------------------------------------------------


def generate_drafts(year: int, *, by: Any) -> dict[str, int]:
    """Create the missing drafts of `year` and regenerate the existing drafts, for every reporting agency."""
    if by is not None:
        require(by, "reports.generate_all")
    validate_year(year)
    counts = {"created": 0, "regenerated": 0, "unchanged": 0, "skipped": 0}
    existing = {r.agency_id: r for r in AnnualReport.objects.for_year(year).select_related("agency")}
    for agency in reporting_agencies():
        report = existing.get(agency.pk)
        if report is None:
            start_report(agency, year, by=None)
            counts["created"] += 1
        elif report.status == ReportStatus.DRAFT:
            counts["regenerated" if regenerate(report, by=None) else "unchanged"] += 1
        else:
            counts["skipped"] += 1
    if by is not None:
        record(
            "annual_report.generated_all",
            actor=_actor(by),
            summary=f"为全区单位生成{year}年度报告草稿",
            after=counts,
        )
    return counts


def open_reporting_season(today: date) -> int:
    """From 1 January until each agency's deadline: make sure every reporting agency has last year's draft."""
    year = today.year - 1
    have = set(AnnualReport.objects.for_year(year).values_list("agency_id", flat=True))
    created = 0
    for agency in reporting_agencies().exclude(pk__in=have):
        if today <= due_date(agency.kind, year):
            start_report(agency, year, by=None)
            created += 1
    return created


def mark_overdue(today: date) -> int:
    """Flag each report past its deadline and never published, once (claimed with a conditional update)."""
    flagged = 0
    for report in (
        AnnualReport.objects.overdue(today).filter(overdue_since__isnull=True).select_related("agency")
    ):
        with transaction.atomic():
            if (
                AnnualReport.objects.filter(pk=report.pk, overdue_since__isnull=True).update(
                    overdue_since=today
                )
                != 1
            ):
                continue
            record(
                "annual_report.overdue",
                obj=report,
                actor=None,
                summary=f"超过法定发布期限（{report.due:%Y-%m-%d}）仍未发布",
                after={"due": report.due, "status": report.status},
            )
            flagged += 1
    return flagged
