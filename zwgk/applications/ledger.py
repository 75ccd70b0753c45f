"""The ledger (台账): the columns staff see and export, and the import of an agency's existing Excel ledger.

Import template: docs/ledger-template.md and docs/ledger-template.xlsx (`zwgk import-ledger --template FILE`).
Rows are validated one by one; valid rows are imported, invalid rows are reported with their row number and
column; re-running the same file changes nothing (rows are keyed by agency + 原台账编号).
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.agencies.models import Agency
from zwgk.applications import services
from zwgk.applications.clock import CHANNELS, RECEIPT_RULES
from zwgk.applications.models import (
    Application,
    FeeNotice,
    Source,
    Status,
    applicant_key,
    hash_query_code,
    mask_middle,
    new_query_code,
)
from zwgk.applications.outcomes import APPLICANT_COLUMNS, ENDING_OUTCOMES, OUTCOME_BY_KEY, OUTCOMES
from zwgk.audit.log import record

LEDGER_HEADERS = [
    "申请编号",
    "承办单位",
    "申请人类型",
    "申请人",
    "申请渠道",
    "收到申请日期",
    "申请内容",
    "状态",
    "承办人",
    "答复期限",
    "用时（工作日）",
    "是否超期",
    "办理结果",
    "办结日期",
    "补正",
    "征求意见",
    "延期",
    "信息处理费（元）",
    "缴费日期",
    "转送",
    "原台账编号",
    "答复期限说明",
]


def ledger_queryset(qs: Any) -> Any:
    return qs.select_related("agency", "handler", "correction", "fee").prefetch_related(
        "consultations", "extensions", "transfers", "transfers__from_agency"
    )


def is_overdue(app: Application, today: date) -> bool:
    if app.is_open:
        return app.reply_due is not None and app.reply_due < today
    return bool(app.days_used is not None and app.days_used > _allowed_days(app))


def _allowed_days(app: Application) -> int:
    extension = next((e for e in app.extensions.all() if e.approved), None)
    return 20 + (extension.working_days if extension else 0)


def ledger_row(app: Application, today: date) -> list[Any]:
    correction = getattr(app, "correction", None)
    fee = getattr(app, "fee", None)
    consultations = list(app.consultations.all())
    extension = next((e for e in app.extensions.all() if e.approved), None)
    transfers = list(app.transfers.all())
    days = app.days_used if not app.is_open else services.days_used(app, today)
    return [
        app.number,
        app.agency.short_name,
        app.applicant_type,
        app.masked_name,
        CHANNELS.get(app.channel, app.channel),
        app.received_on,
        app.request_text[:200],
        app.get_status_display(),
        app.handler.display_name if app.handler else "",
        app.reply_due,
        days,
        "是" if is_overdue(app, today) else "",
        app.outcome_label,
        app.concluded_on,
        (
            f"{correction.sent_on} 通知，"
            + (f"{correction.corrected_on} 补正" if correction.corrected_on else "未补正")
        )
        if correction
        else "",
        "；".join(
            f"{c.get_kind_display().split('（')[0]} {c.sent_on}—{c.answered_on or '未复'}"
            for c in consultations
        ),
        f"{extension.working_days} 个工作日" if extension else "",
        fee.amount if fee else "",
        fee.paid_on if fee else "",
        "；".join(f"自{t.from_agency.short_name} {t.transferred_on}" for t in transfers),
        app.external_ref,
        f"暂定：{app.clock_note}" if app.reply_due_provisional and app.is_open else "",
    ]


def ledger_rows(apps: Iterable[Application], today: date) -> Iterator[list[Any]]:
    with services.pinned_calendar():
        for app in apps:
            yield ledger_row(app, today)


# --- import ------------------------------------------------------------------------------------------

IMPORT_HEADERS = [
    "原台账编号",
    "承办单位",
    "申请人类型",
    "申请人姓名或名称",
    "证件号码",
    "联系电话",
    "申请渠道",
    "收到申请日期",
    "申请内容",
    "办理结果",
    "答复日期",
    "信息处理费（元）",
    "缴费日期",
    "备注",
]
REQUIRED = {
    "原台账编号",
    "承办单位",
    "申请人类型",
    "申请人姓名或名称",
    "申请渠道",
    "收到申请日期",
    "申请内容",
}
IMPORT_EXAMPLE = [
    "2026-依申-015",
    "区人社局",
    "自然人",
    "张三",
    "",
    "13800000000",
    "当面提交",
    "2026-03-02",
    "2025年度东丽区就业补助资金使用情况",
    "予以公开",
    "2026-03-20",
    "",
    "",
    "",
]


def template_workbook() -> bytes:
    """The blank import template: the headers (required ones marked *) and a sheet of allowed values."""
    from openpyxl import Workbook  # imported here: the URLconf reaches this module at start-up
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "台账"
    ws.append([f"{h}*" if h in REQUIRED else h for h in IMPORT_HEADERS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for index, header in enumerate(IMPORT_HEADERS):
        ws.column_dimensions[chr(ord("A") + index)].width = max(12, len(header) * 2 + 4)
    notes = wb.create_sheet("填写说明")
    notes.append(["列", "说明"])
    notes.append(
        ["原台账编号", "本单位原台账中的编号；同一单位内不重复。重复导入同一文件时，已导入的行自动跳过"]
    )
    notes.append(["承办单位", "单位简称、全称或单位代码，如 区人社局"])
    notes.append(["申请人类型", "、".join(APPLICANT_COLUMNS)])
    notes.append(["申请渠道", "、".join(CHANNELS.values())])
    notes.append(["收到申请日期", "YYYY-MM-DD，按条例第三十一条确定的收到申请之日"])
    notes.append(
        ["办理结果", "已办结的填写年度报告办理结果之一（见下）；尚在办理的留空，导入后在平台继续办理"]
    )
    notes.append(["答复日期", "已办结的必填"])
    notes.append(["信息处理费（元）/缴费日期", "收取信息处理费的填写"])
    for o in OUTCOMES:
        notes.append(["办理结果可选值", o.short if o.group not in ("予以公开", "部分公开") else o.group])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _outcome_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for o in OUTCOMES:
        for name in (o.key, o.label, o.short, o.short.replace("·", "-"), o.short.replace("·", "—")):
            table[name] = o.key
    table["部分公开"] = "partial"
    return table


def _channel_lookup() -> dict[str, str]:
    table = {k: k for k in CHANNELS}
    table.update({v: k for k, v in CHANNELS.items()})
    table.update(
        {
            "当面": "in_person",
            "来访": "in_person",
            "信件": "registered_post",
            "邮寄": "registered_post",
            "平信": "ordinary_post",
            "网上": "online",
            "网络": "online",
            "在线": "online",
            "邮件": "email",
        }
    )
    return table


@dataclass
class RowError:
    row: int
    column: str
    message: str
    whole_file: bool = False  # the file cannot be imported at all while this stands (duplicate numbers)


@dataclass
class ImportResult:
    created: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    @property
    def failed_rows(self) -> int:
        return len({e.row for e in self.errors})


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    for fmt in ("%Y-%m-%d", "%Y年%m月%d日", "%Y%m%d"):
        try:
            return date(*time.strptime(text, fmt)[:3])  # a calendar date: no time of day, no zone
        except ValueError:
            continue
    raise ValueError(f"日期格式不正确：“{_text(value)}”，应为 YYYY-MM-DD")


def _agency_lookup() -> dict[str, Agency]:
    table: dict[str, Agency] = {}
    for agency in Agency.objects.all():
        table[agency.code] = agency
        for name in agency.names():
            table.setdefault(name, agency)
    return table


@dataclass
class ParsedRow:
    line: int
    agency: Agency
    ref: str
    values: dict[str, Any]


def parse_rows(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], start_line: int = 2
) -> tuple[list[ParsedRow], list[RowError], int]:
    """Validate rows against the template; returns good rows, errors, and the number of non-empty rows."""
    names = [_text(h).rstrip("*＊") for h in header]
    missing = [h for h in IMPORT_HEADERS if h in REQUIRED and h not in names]
    if missing:
        raise ValueError(
            "表头缺少必填列：" + "、".join(missing) + "（请使用台账模板 docs/ledger-template.xlsx）"
        )
    index = {name: names.index(name) for name in IMPORT_HEADERS if name in names}
    outcomes, channels, agencies = _outcome_lookup(), _channel_lookup(), _agency_lookup()
    today = timezone.localdate()
    good: list[ParsedRow] = []
    errors: list[RowError] = []
    count = 0
    seen: dict[tuple[int, str], int] = {}
    for line, raw in enumerate(rows, start=start_line):
        cell = {name: (raw[i] if i < len(raw) else None) for name, i in index.items()}
        if all(_text(v) == "" for v in cell.values()):
            continue
        count += 1
        row_errors: list[RowError] = []

        def err(column: str, message: str, line: int = line, row_errors: list[RowError] = row_errors) -> None:
            row_errors.append(RowError(line, column, message))

        for name in REQUIRED:
            if _text(cell.get(name)) == "":
                err(name, "必填")
        agency = agencies.get(_text(cell.get("承办单位")))
        if _text(cell.get("承办单位")) and agency is None:
            err("承办单位", f"未知的单位“{_text(cell.get('承办单位'))}”（填写单位简称、全称或单位代码）")
        kind = _text(cell.get("申请人类型"))
        if kind and kind not in APPLICANT_COLUMNS:
            err("申请人类型", f"应为 {'、'.join(APPLICANT_COLUMNS)} 之一")
        channel = channels.get(_text(cell.get("申请渠道")))
        if _text(cell.get("申请渠道")) and channel is None:
            err("申请渠道", f"应为 {'、'.join(CHANNELS.values())} 之一")
        dates: dict[str, date | None] = {}
        for name in ("收到申请日期", "答复日期", "缴费日期"):
            try:
                dates[name] = _day(cell.get(name))
            except ValueError as exc:
                err(name, str(exc))
                dates[name] = None
            if dates[name] is not None and dates[name] > today:  # type: ignore[operator]
                err(name, "不能晚于今天")
        outcome_text = _text(cell.get("办理结果"))
        outcome = outcomes.get(outcome_text) if outcome_text else None
        if outcome_text and outcome is None:
            err("办理结果", "应为年度报告办理结果的一项，如“予以公开”“部分公开”“本机关不掌握相关政府信息”")
        replied = dates.get("答复日期")
        received = dates.get("收到申请日期")
        if outcome and replied is None:
            err("答复日期", "已填写办理结果的，须填写答复（办结）日期")
        if replied and not outcome:
            err("办理结果", "已填写答复日期的，须填写办理结果")
        if replied and received and replied < received:
            err("答复日期", "答复日期早于收到申请日期")
        fee_amount: Decimal | None = None
        fee_text = _text(cell.get("信息处理费（元）"))
        if fee_text:
            try:
                fee_amount = Decimal(fee_text)
                if fee_amount <= 0:
                    raise InvalidOperation
            except InvalidOperation:
                err("信息处理费（元）", "应为大于 0 的金额")
        if dates.get("缴费日期") and fee_amount is None:
            err("缴费日期", "填写缴费日期的，须填写信息处理费金额")
        ref = _text(cell.get("原台账编号"))
        if agency is not None and ref:
            first = seen.setdefault((agency.pk, ref), line)
            if first != line:
                # Which of the two is right cannot be guessed: refuse the file whole, naming both rows.
                message = (
                    f"原台账编号“{ref}”在第 {first} 行和第 {line} 行重复，整个文件未导入，请改正后重新导入"
                )
                row_errors.append(RowError(line, "原台账编号", message, whole_file=True))
                if not any(e.row == first and e.whole_file for e in errors):
                    errors.append(RowError(first, "原台账编号", message, whole_file=True))
        if row_errors:
            errors.extend(row_errors)
            continue
        assert agency is not None and channel is not None and received is not None
        good.append(
            ParsedRow(
                line,
                agency,
                ref,
                {
                    "applicant_type": kind,
                    "applicant_name": _text(cell.get("申请人姓名或名称"))[:100],
                    "id_number": _text(cell.get("证件号码"))[:50].upper(),
                    "phone": _text(cell.get("联系电话"))[:30],
                    "channel": channel,
                    "received_on": received,
                    "description": _text(cell.get("申请内容")),
                    "outcome": outcome or "",
                    "concluded_on": replied,
                    "fee": fee_amount,
                    "paid_on": dates.get("缴费日期"),
                    "note": _text(cell.get("备注")),
                },
            )
        )
    return good, errors, count


@dataclass
class ChangedRow:
    line: int
    ref: str
    number: str
    columns: list[str]
    updated: bool = False
    refused: str = ""


@dataclass
class ImportCounts:
    created: int = 0
    unchanged: int = 0
    changed: list[ChangedRow] = field(default_factory=list)


def import_rows(
    parsed: Iterable[ParsedRow], *, actor: Any = None, dry_run: bool = False, update: bool = False
) -> ImportCounts:
    """Create the applications of valid rows. A row already imported (same agency and 原台账编号) is skipped
    when it is unchanged, reported when it differs, and — with `update` — brought up to date."""
    with services.pinned_calendar():
        return _import(parsed, actor=actor, dry_run=dry_run, update=update)


def _import(parsed: Iterable[ParsedRow], *, actor: Any, dry_run: bool, update: bool) -> ImportCounts:
    counts = ImportCounts()
    for row in parsed:
        with transaction.atomic():
            existing = (
                Application.objects.select_for_update(of=("self",))
                .filter(agency=row.agency, external_ref=row.ref)
                .select_related("fee")
                .first()
            )
            if existing is None:
                if not dry_run:
                    create_imported(row.agency, row.ref, row.values, actor=actor)
                counts.created += 1
                continue
            changes = _differences(existing, row.values)
            if not changes:
                counts.unchanged += 1
                continue
            changed = ChangedRow(row.line, row.ref, existing.number, list(changes))
            counts.changed.append(changed)
            if update and existing.source != Source.IMPORT:
                changed.refused = "该申请已在本平台办理，不能由台账覆盖"
            elif update and not dry_run:
                _update_imported(existing, row.values, changes, actor=actor)
                changed.updated = True
    return counts


# Ledger column → (application attribute, value in the parsed row); fee columns are compared separately.
_COMPARED = {
    "申请人类型": ("applicant_type", "applicant_type"),
    "申请人姓名或名称": ("applicant_name", "applicant_name"),
    "证件号码": ("id_number", "id_number"),
    "联系电话": ("phone", "phone"),
    "申请渠道": ("channel", "channel"),
    "收到申请日期": ("received_on", "received_on"),
    "申请内容": ("description", "description"),
    "办理结果": ("outcome", "outcome"),
    "答复日期": ("concluded_on", "concluded_on"),
    "备注": ("staff_note", "note"),
}


def _fee_of(app: Application) -> tuple[Decimal | None, date | None]:
    fee = getattr(app, "fee", None)  # the reverse one-to-one raises an AttributeError subclass when absent
    return (fee.amount, fee.paid_on) if fee is not None else (None, None)


def _differences(app: Application, v: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Columns whose value in the file differs from the imported application: column → (stored, file)."""
    changes: dict[str, tuple[Any, Any]] = {}
    for column, (attr, key) in _COMPARED.items():
        stored, given = getattr(app, attr), v.get(key)
        if (stored or None) != (given or None):
            changes[column] = (stored, given)
    amount, paid_on = _fee_of(app)
    if amount != v.get("fee"):
        changes["信息处理费（元）"] = (amount, v.get("fee"))
    if paid_on != v.get("paid_on"):
        changes["缴费日期"] = (paid_on, v.get("paid_on"))
    return changes


def _update_imported(
    app: Application, v: dict[str, Any], changes: dict[str, tuple[Any, Any]], *, actor: Any
) -> None:
    """`zwgk import-ledger --update`: bring an imported application in line with the corrected ledger row."""
    for column, (attr, key) in _COMPARED.items():
        if column in changes:
            setattr(app, attr, v.get(key) or ("" if attr not in ("received_on", "concluded_on") else None))
    app.submitted_on = app.received_on or app.submitted_on
    app.applicant_key = applicant_key(app.applicant_name, app.id_number, app.phone)
    outcome = app.outcome
    app.status = (
        (Status.ENDED if outcome in ENDING_OUTCOMES else Status.REPLIED) if outcome else Status.PROCESSING
    )
    if not outcome:
        app.concluded_on = None
    if "信息处理费（元）" in changes or "缴费日期" in changes:
        FeeNotice.objects.filter(application=app).delete()
        if v.get("fee") is not None:
            assert app.received_on is not None  # required by the ledger template
            _fee_from_ledger(app, v, app.received_on)
    app.save()
    view = services.refresh_clock(app, save=False)
    app.days_used = services.days_used(app, app.concluded_on, view) if outcome and app.concluded_on else None
    app.save(update_fields=["reply_due", "clock_state", "clock_note", "correction_notice_due", "days_used"])
    record(
        "applications.import_updated",
        obj=app,
        actor=actor,
        summary=f"按更正后的原台账更新 {app.external_ref} → {app.number}：{'、'.join(changes)}",
        before={column: old for column, (old, _) in changes.items()},
        after={column: new for column, (_, new) in changes.items()},
    )


def create_imported(
    agency: Agency, ref: str, v: dict[str, Any], *, actor: Any = None, source: str = Source.IMPORT
) -> Application:
    """One application from a ledger row (also used by the demo for historical applications)."""
    received: date = v["received_on"]
    outcome: str = v.get("outcome") or ""
    app = Application(
        agency=agency,
        external_ref=ref,
        source=source,
        channel=v["channel"],
        submitted_on=received,
        received_on=received,
        receipt_rule=v.get("receipt_rule") or RECEIPT_RULES[v["channel"]][1] + "（据原台账）",
        applicant_type=v["applicant_type"],
        applicant_name=v["applicant_name"],
        id_number=v.get("id_number", ""),
        phone=v.get("phone", ""),
        description=v["description"],
        staff_note=v.get("note", ""),
    )
    app.applicant_key = applicant_key(app.applicant_name, app.id_number, app.phone)
    app.number = services.allocate_number(received.year)
    app.query_code_hash = hash_query_code(app.number, new_query_code())
    if outcome:
        app.status = Status.ENDED if outcome in ENDING_OUTCOMES else Status.REPLIED
        app.outcome = outcome
        app.concluded_on = v["concluded_on"]
    else:
        app.status = Status.PROCESSING
    app.save()
    if v.get("fee") is not None:
        _fee_from_ledger(app, v, received)
    view = services.refresh_clock(app, save=False)
    if outcome:
        app.days_used = services.days_used(app, app.concluded_on or received, view)
    app.save(update_fields=["reply_due", "clock_state", "clock_note", "correction_notice_due", "days_used"])
    record(
        "applications.imported",
        obj=app,
        actor=actor,
        summary=f"自原台账导入 {ref} → {app.number}（{OUTCOME_BY_KEY[outcome].short if outcome else '办理中'}）",
        after={"external_ref": ref, "received_on": received, "outcome": outcome},
    )
    return app


def _fee_from_ledger(app: Application, v: dict[str, Any], received: date) -> FeeNotice:
    """The 收费通知 a ledger row implies: its amount and payment day, dated no later than the receipt."""
    return FeeNotice.objects.create(
        application=app,
        method="count",
        quantity=0,
        amount=v["fee"],
        standard="据原台账",
        payment_method="据原台账",
        sent_on=min(received, v.get("paid_on") or received),
        notice_received_on=min(received, v.get("paid_on") or received),
        pay_due=v.get("paid_on") or received,
        paid_on=v.get("paid_on"),
    )


def mask_id(value: str) -> str:
    return mask_middle(value, 3, 4)
