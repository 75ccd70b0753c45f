"""Bulk import of a legacy site's catalogue: `zwgk import-documents MANIFEST.xlsx|csv FILES_DIR`.

One manifest row = one record, already published (主动公开) or filed (依申请公开/不予公开) on the old site.
Each row is checked completely first (metadata, legal ground, files — every attachment goes through the same
checks and metadata stripping as an upload), then written in its own transaction; a refused row writes
nothing, not even files. `来源编号` identifies a row across runs: a row already imported is skipped, so the
command is safe to re-run. The template (`--template`) documents every column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from zwgk.agencies.models import Agency, AgencyKind
from zwgk.audit.log import record as audit
from zwgk.core.errors import Refused
from zwgk.core.extraction import limits as extraction_limits
from zwgk.core.signals import announce_public_change
from zwgk.documents import actions, docnumber
from zwgk.documents.files import AttachmentRejected, FileJournal, PreparedFile, prepare
from zwgk.documents.grounds import (
    NON_DISCLOSURE_GROUNDS,
    ON_REQUEST_GROUND,
    STATUTORY_CATEGORIES,
    WITHHOLD_CODES,
    category_article,
)
from zwgk.documents.models import (
    Genre,
    Issuer,
    Kind,
    NormativeKind,
    Openness,
    Record,
    Status,
    Theme,
    Validity,
)
from zwgk.extract import ExtractError, extract

# (column header, required, explanation) — the template's second sheet prints these.
COLUMNS: list[tuple[str, bool, str]] = [
    ("来源编号", True, "原网站中该文件的唯一编号；重复运行时据此跳过已导入的行"),
    ("标题", True, "文件标题"),
    (
        "发文机关",
        True,
        "牵头发文机关的单位代码、全称或简称，如 120110002 或 区政府办；法律和上级文件写区外发文机关名录中的名称，"
        "如 全国人民代表大会常务委员会、国务院、天津市人民政府",
    ),
    ("录入单位", False, "发文机关为区外机关时，负责录入和维护该文件的本区单位；留空为区人民政府"),
    ("联合发文机关", False, "其他联合发文机关，多个用“、”或“;”分隔"),
    (
        "发文字号",
        False,
        "如 东丽政办发〔2022〕5号；[ ] ( ) 会自动改为〔〕；令可写 国务院令第711号、主席令第二十号",
    ),
    ("成文日期", True, "如 2022-06-30 或 2022年6月30日"),
    ("发布日期", False, "主动公开文件必填；依申请公开、不予公开的文件留空"),
    ("索引号", False, "原网站的索引号；留空则按本平台规则生成"),
    ("主题分类", True, "两级分类，如 综合政务\\政务公开；二级名称唯一时也可只写二级"),
    ("体裁", False, "通知、意见、决定、办法等；留空为“通知”"),
    ("栏目", False, "政策文件、其他政府信息或政府信息公开制度；留空为“政策文件”"),
    ("内容概述", False, "内容概述（公开目录必备项）"),
    ("正文", False, "正文文字；也可用“正文文件”给出 .docx/.pdf/.txt 文件"),
    ("正文文件", False, "FILES_DIR 中的文件名，提取其文字作为正文"),
    ("附件", False, "FILES_DIR 中的附件文件名，多个用“;”分隔；支持 .docx .pdf .ofd .xlsx .jpg .png"),
    ("公开属性", True, "主动公开、依申请公开或不予公开"),
    (
        "不公开依据",
        False,
        "依申请公开、不予公开时必填：state_secret / law_prohibited / three_safety / third_party / "
        "internal_affairs / process_info / enforcement_file / outside_proactive_scope，或其中文表述",
    ),
    ("不公开理由", False, "依申请公开、不予公开时必填"),
    ("法定主动公开类别", False, "主动公开时填写，如 art20_01，或“第二十条第（一）项”，或类别名称"),
    ("有效性", False, "现行有效、已修改、已废止、已失效；留空为现行有效"),
    ("有效性变更日期", False, "有效性不是“现行有效”时必填"),
    ("规范性文件", False, "规章、行政规范性文件，或留空"),
    ("登记编号", False, "行政规范性文件的统一登记编号"),
    ("施行日期", False, ""),
    ("有效期至", False, ""),
    ("需解读", False, "是 / 否"),
]
HEADERS = [c[0] for c in COLUMNS]
EXAMPLE = {
    "来源编号": "old-2022-0001",
    "标题": "东丽区人民政府办公室关于印发东丽区2022年政务公开工作要点的通知",
    "发文机关": "区政府办",
    "成文日期": "2022-06-30",
    "发布日期": "2022-07-01",
    "主题分类": "综合政务\\政务公开",
    "体裁": "通知",
    "栏目": "政策文件",
    "内容概述": "印发2022年全区政务公开工作要点。",
    "正文": "各相关单位：经区人民政府同意，现将《东丽区2022年政务公开工作要点》印发给你们，请认真遵照执行。",
    "附件": "工作要点.pdf",
    "公开属性": "主动公开",
    "法定主动公开类别": "art20_15",
}


@dataclass
class RowResult:
    line: int
    source_id: str
    status: str  # imported | skipped | refused | checked
    reasons: list[str] = field(default_factory=list)
    record_id: int | None = None
    title: str = ""


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


STATUS_LABELS = {
    "imported": "已导入",
    "skipped": "已导入过，跳过",
    "refused": "拒绝",
    "checked": "检查通过（试运行）",
}


# --- reading the manifest --------------------------------------------------------------------------------


class ManifestError(ValueError):
    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")


def read_manifest(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, {header: text}) for every non-empty row of an .xlsx or .csv manifest."""
    if not path.is_file():
        raise ManifestError(f"清单文件不存在：{path}", f"manifest not found: {path}")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(path)
    elif suffix == ".csv":
        rows = _csv_rows(path)
    else:
        raise ManifestError("清单应为 .xlsx 或 .csv 文件", "the manifest must be .xlsx or .csv")
    try:
        header = next(rows)
    except StopIteration:
        raise ManifestError("清单为空", "the manifest is empty") from None
    names = [str(h or "").strip() for h in header[1]]
    missing = [h for h, required, _ in COLUMNS if required and h not in names]
    if missing:
        raise ManifestError(
            f"清单缺少必需的列：{'、'.join(missing)}（可用 --template 生成模板）",
            f"missing required columns: {', '.join(missing)}",
        )
    out = []
    for line, values in rows:
        row = {names[i]: _text(v) for i, v in enumerate(values) if i < len(names) and names[i]}
        if any(row.values()):
            out.append((line, row))
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    try:
        extract(
            path, path.name, extraction_limits()
        )  # size, zip-bomb and encryption checks before openpyxl reads it
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except ExtractError as exc:
        raise ManifestError(f"清单无法读取：{exc.zh}", exc.en) from None
    except Exception as exc:  # noqa: BLE001  (openpyxl raises many types on broken files: one Chinese message)
        raise ManifestError(
            "清单无法读取（Excel 文件已损坏）", f"unreadable manifest ({exc.__class__.__name__})"
        ) from None
    sheet = workbook.worksheets[0]
    for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield index, list(values)


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ManifestError("清单编码无法识别（应为 UTF-8 或 GB18030）", "unknown manifest encoding")
    yield from enumerate(csv.reader(io.StringIO(text)), start=1)


# --- checking one row ------------------------------------------------------------------------------------


def parse_date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s.*)?", text)
    if not match:
        raise ValueError(text)
    return date(int(match[1]), int(match[2]), int(match[3]))


def _agency(text: str, cache: dict[str, Agency | None]) -> Agency | None:
    text = text.strip()
    if text not in cache:
        found = Agency.objects.filter(code=text).first()
        if found is None:
            found = next((a for a in Agency.objects.all() if text in a.names()), None)
        cache[text] = found
    return cache[text]


def _issuer(text: str) -> Issuer | None:
    """An active issuer outside the directory by name, short name or other name (中华人民共和国国务院 → 国务院)."""
    text = text.strip()
    candidates = {text, text.removeprefix("中华人民共和国")}
    return next((i for i in Issuer.objects.active() if candidates & set(i.names())), None)


def _filing_agency(text: str, cache: dict[str, Agency | None]) -> Agency | None:
    if text.strip():
        return _agency(text, cache)
    return Agency.objects.active().filter(kind=AgencyKind.GOVERNMENT).order_by("sort_order", "code").first()


def _theme(text: str) -> Theme | None:
    text = text.replace("/", "\\").strip()
    if "\\" in text:
        top, sub = [p.strip() for p in text.split("\\", 1)]
        return Theme.objects.filter(parent__name=top, parent__parent__isnull=True, name=sub).first()
    matches = list(Theme.objects.filter(name=text)[:2])
    return matches[0] if len(matches) == 1 else None


def _choice(text: str, choices: Any, default: str) -> str | None:
    text = text.strip()
    if not text:
        return default
    for value, label in choices:
        if text in (value, label) or (label and str(label).startswith(text)):
            return str(value)
    return None


def _ground(text: str) -> str | None:
    text = text.strip()
    if text in NON_DISCLOSURE_GROUNDS or text == ON_REQUEST_GROUND[0]:
        return text
    for code, (_, label) in [*NON_DISCLOSURE_GROUNDS.items(), ON_REQUEST_GROUND]:
        if text and (text in label or label in text):
            return code
    return None


def _category(text: str) -> str | None:
    text = text.strip()
    if not text:
        return ""
    if text in STATUTORY_CATEGORIES:
        return text

    for code, label in STATUTORY_CATEGORIES.items():
        if text in (label, category_article(code)) or text == f"{category_article(code)} {label}":
            return code
    return None


@dataclass
class Checked:
    values: dict[str, Any]
    agency: Agency
    co_agencies: list[Agency]
    files: list[PreparedFile]
    published_on: date | None
    index_no: str
    issuer: Issuer | None = None  # an issuer outside the directory (then `agency` is the filing unit)


def check_row(
    row: dict[str, str], files_dir: Path, cache: dict[str, Agency | None]
) -> tuple[Checked | None, list[str]]:
    reasons: list[str] = []
    get = row.get

    def need(name: str) -> str:
        value = (get(name) or "").strip()
        if not value:
            reasons.append(f"缺少“{name}”")
        return value

    title = need("标题")
    agency = None
    issuer = None
    if need("发文机关"):
        agency = _agency(get("发文机关", ""), cache)
        if agency is None:
            issuer = _issuer(get("发文机关", ""))
            if issuer is None:
                reasons.append(
                    f"发文机关“{get('发文机关')}”既不在单位名录中，也不在区外发文机关名录中"
                    "（区外机关可在工作台“区外发文机关”中添加）"
                )
            else:
                agency = _filing_agency(get("录入单位") or "", cache)
                if agency is None:
                    reasons.append(f"录入单位“{get('录入单位') or '区人民政府'}”不在单位名录中")
    co_agencies = []
    for name in re.split(r"[、;；,，]", get("联合发文机关") or ""):
        if name.strip():
            found = _agency(name, cache)
            if found is None:
                reasons.append(f"联合发文机关“{name.strip()}”不在单位名录中")
            else:
                co_agencies.append(found)
    doc_number = ""
    if (get("发文字号") or "").strip():
        try:
            doc_number = docnumber.normalise(get("发文字号", ""))
        except docnumber.DocNumberError as exc:
            reasons.append(f"发文字号：{exc.message}")
    dates: dict[str, date | None] = {}
    for name in ("成文日期", "发布日期", "有效性变更日期", "施行日期", "有效期至"):
        try:
            dates[name] = parse_date(get(name) or "")
        except ValueError:
            reasons.append(f"{name}“{get(name)}”不是有效日期（应形如 2022-06-30）")
            dates[name] = None
    if not (get("成文日期") or "").strip():
        reasons.append("缺少“成文日期”")
    theme = None
    if need("主题分类"):
        theme = _theme(get("主题分类", ""))
        if theme is None:
            reasons.append(f"主题分类“{get('主题分类')}”不存在（应写成“一级\\二级”）")
    genre = _choice(get("体裁") or "", Genre.choices, Genre.NOTICE)
    if genre is None:
        reasons.append(f"体裁“{get('体裁')}”无法识别")
    kind = _choice(get("栏目") or "", Kind.choices, Kind.POLICY)
    if kind is None:
        reasons.append(f"栏目“{get('栏目')}”无法识别")
    openness = _choice(need("公开属性"), Openness.choices, "")
    if not openness and get("公开属性"):
        reasons.append(f"公开属性“{get('公开属性')}”应为主动公开、依申请公开或不予公开")
    ground, reason_text, category = "", (get("不公开理由") or "").strip(), ""
    if openness and openness != Openness.PROACTIVE:
        ground = _ground(get("不公开依据") or "") or ""
        if not ground:
            reasons.append("依申请公开、不予公开须填写《条例》第十四、十五、十六条中的法定依据")
        elif openness == Openness.WITHHELD and ground not in WITHHOLD_CODES:
            reasons.append("不予公开只能依据《条例》第十四、十五、十六条")
        if not reason_text:
            reasons.append("依申请公开、不予公开须填写不公开理由")
        if dates.get("发布日期"):
            reasons.append("不公开的文件不应有发布日期")
    elif openness == Openness.PROACTIVE:
        category = _category(get("法定主动公开类别") or "") or ""
        if get("法定主动公开类别") and not category:
            reasons.append(f"法定主动公开类别“{get('法定主动公开类别')}”无法识别")
        elif category and issuer is not None:
            reasons.append("区外机关制发的文件不计入本区法定主动公开内容，请将“法定主动公开类别”留空")
        if not dates.get("发布日期"):
            reasons.append("主动公开的文件须填写发布日期")
        elif _published_before_written(dates.get("发布日期"), dates.get("成文日期")):
            reasons.append("发布日期不能早于成文日期")
    validity = _choice(get("有效性") or "", Validity.choices, Validity.CURRENT)
    if validity is None:
        reasons.append(f"有效性“{get('有效性')}”无法识别")
    elif validity != Validity.CURRENT and not dates.get("有效性变更日期"):
        reasons.append("有效性不是“现行有效”时须填写有效性变更日期")
    normative = _choice(get("规范性文件") or "", NormativeKind.choices, "")
    if normative is None:
        reasons.append(f"规范性文件类型“{get('规范性文件')}”应为规章或行政规范性文件")
    index_no = (get("索引号") or "").strip()
    if index_no and Record.objects.filter(index_no=index_no).exists():
        reasons.append(f"索引号“{index_no}”已被其他文件使用")
    body = get("正文") or ""
    files: list[PreparedFile] = []
    body_file = (get("正文文件") or "").strip()
    if body_file:
        path = _safe_path(files_dir, body_file)
        if path is None or not path.is_file():
            reasons.append(f"正文文件“{body_file}”在 FILES_DIR 中不存在")
        else:
            try:
                body = extract(path, path.name, extraction_limits()).text
            except ExtractError as exc:
                reasons.append(f"正文文件“{body_file}”无法读取：{exc.zh}")
    for name in [n.strip() for n in re.split(r"[;；|]", get("附件") or "") if n.strip()]:
        path = _safe_path(files_dir, name)
        if path is None or not path.is_file():
            reasons.append(f"附件“{name}”在 FILES_DIR 中不存在")
            continue
        try:
            files.append(prepare(path.read_bytes(), path.name))
        except AttachmentRejected as exc:
            reasons.append(f"附件“{name}”：{exc.message}")
    if reasons or agency is None:
        return None, reasons
    values = {
        "title": title[:300],
        "doc_number": doc_number,
        "written_on": dates["成文日期"],
        "theme": theme,
        "genre": genre,
        "kind": kind,
        "summary": get("内容概述") or "",
        "body": body,
        "openness": openness,
        "legal_ground": ground,
        "openness_reason": reason_text,
        "statutory_category": category,
        "needs_interpretation": (get("需解读") or "").strip() in ("是", "1", "yes", "true"),
        "normative_kind": normative,
        "normative_reg_no": get("登记编号") or "",
        "effective_on": dates["施行日期"],
        "expires_on": dates["有效期至"],
        "validity": validity,
        "validity_changed_on": dates["有效性变更日期"] if validity != Validity.CURRENT else None,
    }
    return Checked(values, agency, co_agencies, files, dates["发布日期"], index_no, issuer), []


def _published_before_written(published: date | None, written: date | None) -> bool:
    """伪造发稿日期 is a CHK2019 single-veto item (regulations.md §4.1): nothing is published before it is written."""
    return published is not None and written is not None and published < written


def _safe_path(files_dir: Path, name: str) -> Path | None:
    candidate = (files_dir / name).resolve()
    try:
        candidate.relative_to(files_dir.resolve())
    except ValueError:
        return None  # ../ outside FILES_DIR
    return candidate


# --- writing ---------------------------------------------------------------------------------------------


def write_record(checked: Checked, source_key: str, *, line: int | None = None, by: Any = None) -> Record:
    """Create one record in its final state (published or filed), with attachments, audited."""
    values = dict(checked.values)
    validity = values.pop("validity")
    changed_on = values.pop("validity_changed_on")
    record = Record(agency=checked.agency, issuer=checked.issuer, source_key=source_key, **values)
    tz = timezone.get_current_timezone()
    if record.openness == Openness.PROACTIVE:
        published = checked.published_on or record.written_on
        record.status = Status.PUBLISHED
        record.published_at = datetime.combine(published, time(9, 0), tzinfo=tz)
        record.went_live_at = record.published_at
        if checked.issuer is None:  # the 20-working-day rule (Art 26) binds the district's own documents
            actions.compute_publish_due(record)
            record.published_late = bool(record.publish_due and published > record.publish_due)
        when: date = published
    else:
        record.status = Status.FILED
        record.filed_at = datetime.combine(record.written_on, time(9, 0), tzinfo=tz)
        record.next_review_on = actions.next_review_date(timezone.localdate())
        when = record.written_on
    record.validity = validity
    if validity != Validity.CURRENT:
        record.validity_changed_on = changed_on
        if validity == Validity.AMENDED:
            record.amended_on = changed_on
        else:
            record.repealed_on = changed_on
    if checked.index_no:
        actions.register_index_no(record, checked.index_no, when.year)
    else:
        actions.allocate_index_no(record, when)
    record.save()
    record.co_agencies.set([a for a in checked.co_agencies if a.pk != record.agency_id])
    for prepared in checked.files:
        actions._store_attachment(record, prepared, by=by)
    audit(
        "documents.imported",
        obj=record,
        actor=by,
        summary=f"导入{f'（清单第 {line} 行）' if line else ''}：{record.title}",
        after={"source_key": source_key, "index_no": record.index_no, "status": record.status},
    )
    if record.status == Status.PUBLISHED:
        announce_public_change(Record, record.pk, "record")
    return record


def import_rows(
    rows: Iterable[tuple[int, dict[str, str]]],
    files_dir: Path,
    *,
    dry_run: bool = False,
    by: Any = None,
    source_prefix: str = "import",
    progress: Any = None,
) -> ImportReport:
    report = ImportReport()
    cache: dict[str, Agency | None] = {}
    seen: set[str] = set()
    for line, row in rows:
        source_id = (row.get("来源编号") or "").strip()
        result = RowResult(line=line, source_id=source_id, status="refused", title=row.get("标题", ""))
        report.rows.append(result)
        if progress is not None:
            progress.update(1)
        if not source_id:
            result.reasons = ["缺少“来源编号”（用于避免重复导入）"]
            continue
        key = f"{source_prefix}:{source_id}"[:120]
        if key in seen:
            result.reasons = ["来源编号在清单中重复"]
            continue
        seen.add(key)
        existing = Record.objects.filter(source_key=key).values_list("pk", flat=True).first()
        if existing:
            result.status, result.record_id = "skipped", existing
            continue
        checked, reasons = check_row(row, files_dir, cache)
        if checked is None:
            result.reasons = reasons
            continue
        if dry_run:
            result.status = "checked"
            continue
        try:
            with FileJournal(), transaction.atomic():
                record = write_record(checked, key, line=line, by=by)
        except Refused as exc:
            result.reasons = [exc.message]
            continue
        result.status, result.record_id = "imported", record.pk
    return report


def template_workbook() -> bytes:

    workbook = Workbook()
    sheet = workbook.create_sheet("清单", 0)
    del workbook[workbook.sheetnames[1]]
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([EXAMPLE.get(h, "") for h in HEADERS])
    help_sheet = workbook.create_sheet("填写说明")
    help_sheet.append(["列名", "是否必填", "说明"])
    for name, required, text in COLUMNS:
        help_sheet.append([name, "必填" if required else "", text])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
