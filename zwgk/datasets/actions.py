"""Every state change of 数据公开: import a table as a new draft dataset, replace a draft's rows, and the audit trail
of a download of the staff-only source file.

A dataset is created together with its record (`documents.actions.create_record`, a draft), in one transaction
with its rows: nothing is half-imported. Publication is the record's: submit, 保密审查, 审签 and withdrawal are the
documents actions, unchanged. Rows are fixed once the record leaves 草稿; a correction is a withdrawal, reopening
and a new import, reviewed again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.audit.log import record as audit
from zwgk.core import staging
from zwgk.core.errors import Refused
from zwgk.datasets.models import Dataset, DatasetRow
from zwgk.datasets.schema import MASK_RULES, Column, ColumnType, format_money
from zwgk.datasets.table import (
    BLOCKING_SCAN,
    IDENTIFIER_SCAN,
    CheckedTable,
    TableError,
    check_table,
    read_rows,
)
from zwgk.datasets.templates import Template
from zwgk.documents import actions as documents
from zwgk.documents.models import DisclosureMode, Genre, Kind, Openness, Record, Status, Theme
from zwgk.screening import Screener

BATCH = 5000
Progress = Callable[[str, int, int], None]


@dataclass
class ImportResult:
    checked: CheckedTable
    dataset: Dataset | None = None

    @property
    def imported(self) -> bool:
        return self.dataset is not None


def check_file(
    template: Template,
    data: bytes,
    filename: str,
    *,
    agency: Any = None,
    declared: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> CheckedTable:
    """Read and check a file against `template` (type of every cell, undeclared personal columns). Raises
    TableError when the file cannot be read as a table at all."""
    from zwgk.core.extraction import limits

    rows = read_rows(data, filename, limits())
    step = (lambda done, total: progress("check", done, total)) if progress else None
    return check_table(rows, template, declared=declared, screener=_screener(agency), progress=step)


def _screener(agency: Any) -> Screener:
    """The installation's lexicon and the agency's published numbers (allowed), limited to what a column is
    screened for (identifiers, 密级标志, sensitive terms): the name rules need a document's context, not a cell."""
    from zwgk.secrecy.service import current_lexicon

    numbers = tuple(agency.published_numbers()) if agency is not None else ()
    entries = current_lexicon()
    key = (id(entries), numbers)
    if key not in _SCREENERS:
        if len(_SCREENERS) > 64:
            _SCREENERS.clear()
        _SCREENERS[key] = Screener(
            lexicon=entries, allowed_numbers=numbers, categories=(*IDENTIFIER_SCAN, *BLOCKING_SCAN)
        )
    return _SCREENERS[key]


_SCREENERS: dict[tuple[int, tuple[str, ...]], Screener] = {}


def _theme(template: Template) -> Theme | None:
    top, _, sub = template.theme_path.partition("\\")
    return Theme.objects.filter(parent__name=top, name=sub, is_active=True).first()


def describe(template: Template, columns: list[Column], rows: int, description: str) -> tuple[str, str]:
    """(summary, body) of the dataset's record: what it holds and how personal data was masked."""
    fields = "、".join(f"{c.label}（{c.type_label}）" for c in columns)
    masked = [c for c in columns if c.personal]
    summary = f"{template.name}，共 {rows} 条数据。"
    parts = [description.strip() or template.description, f"本数据集共 {rows} 条数据，字段：{fields}。"]
    if masked:
        rules = "；".join(f"{c.label}按“{MASK_RULES[c.type]}”脱敏" for c in masked)
        parts.append(f"依法保护个人信息：{rules}。")
    parts.append("可在“数据公开”栏目在线查询、筛选，并下载已脱敏的 Excel 或 CSV 文件。")
    return summary, "\n\n".join(parts)


def _haystack(payload: dict[str, Any], money: frozenset[str]) -> str:
    """The lower-cased words searched inside the dataset (masked values; money as shown, 1,250.00)."""
    return " ".join(
        format_money(value) if key in money else str(value)
        for key, value in payload.items()
        if value is not None
    ).lower()


def _totals(columns: list[Column], checked: CheckedTable) -> dict[str, int]:
    money = [c.key for c in columns if c.type == ColumnType.MONEY]
    return {key: sum(int(p.get(key) or 0) for _, p in checked.rows) for key in money}


def _write_rows(dataset: Dataset, checked: CheckedTable, progress: Progress | None) -> None:
    group = dataset.spec.group
    money = frozenset(c.key for c in checked.columns if c.type == ColumnType.MONEY)
    total = len(checked.rows)
    batch: list[DatasetRow] = []
    for n, (line, payload) in enumerate(checked.rows, start=1):
        batch.append(
            DatasetRow(
                dataset=dataset,
                n=n,
                line=line,
                group=str(payload.get(group) or "")[:100] if group else "",
                data=payload,
                text=_haystack(payload, money),
            )
        )
        if len(batch) >= BATCH:
            DatasetRow.objects.bulk_create(batch)
            batch = []
            if progress:
                progress("write", n, total)
    if batch:
        DatasetRow.objects.bulk_create(batch)
    if progress:
        progress("write", total, total)


def _fill(dataset: Dataset, checked: CheckedTable, data: bytes, filename: str, by: Any) -> None:
    dataset.schema = [c.to_json() for c in checked.columns]
    dataset.row_count = len(checked.rows)
    dataset.totals = _totals(checked.columns, checked)
    dataset.omitted_columns = list(checked.omitted)
    dataset.source_name = filename[:255]
    dataset.source_sha256 = hashlib.sha256(data).hexdigest()
    dataset.source_size = len(data)
    dataset.imported_by = by
    dataset.imported_at = timezone.now()
    staging.put_field(dataset.source_file, filename, data)


def import_dataset(
    agency: Any,
    template: Template,
    data: bytes,
    filename: str,
    *,
    by: Any,
    title: str,
    description: str = "",
    written_on: date | None = None,
    declared: Mapping[str, str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    source_key: str | None = None,
    publicity_days: int | None = None,
    publicity_ends: date | None = None,
) -> ImportResult:
    """Check the file, then (unless `dry_run` or a problem was found) create the draft record, its dataset, its rows
    and the staff-only source file in one transaction. Raises TableError for an unreadable file, Refused for a
    missing title, PermissionDenied without the right.

    A template with a 公示 (惠农补贴发放结果) is published as a 公示 on the website and the 村务公开栏: for
    `publicity_days` working days (ZWGK_DATASETS_PUBLICITY_DAYS by default) or until `publicity_ends`; after it the
    record leaves `Record.objects.public()` and the dataset stays in the workspace, kept for villagers to consult
    (work plan item 十五: 公开期满相关材料留存村委会供村民查询)."""
    probe = Record(agency=agency)
    require(by, "datasets.import", probe)
    require(by, "documents.draft", probe)
    if not title.strip():
        raise Refused("请填写数据集标题。")
    checked = check_file(template, data, filename, agency=agency, declared=declared, progress=progress)
    if dry_run or not checked.ok:
        return ImportResult(checked)
    modes = _modes(template, publicity_days, publicity_ends)
    return ImportResult(
        checked,
        _create(
            agency,
            template,
            checked,
            data,
            filename,
            by=by,
            title=title.strip(),
            description=description,
            written_on=written_on or timezone.localdate(),
            progress=progress,
            source_key=source_key,
            modes=modes,
        ),
    )


def _modes(template: Template, days: int | None, ends: date | None) -> dict[str, Any]:
    """The record's 公开方式 fields: a 公示 (with its period) for a template that has one, else the default."""
    if not template.publicity:
        if days is not None or ends is not None:
            raise Refused(f"“{template.name}”不设公示期。")
        return {}
    if days is None and ends is None:
        days = int(settings.DATASETS_PUBLICITY_DAYS)
    return {
        "disclosure_modes": [DisclosureMode.PUBLICITY, DisclosureMode.NOTICE_BOARD],
        "publicity_days": days,
        "publicity_ends": ends,
    }


@staging.staged_atomic
def _create(
    agency: Any,
    template: Template,
    checked: CheckedTable,
    data: bytes,
    filename: str,
    *,
    by: Any,
    title: str,
    description: str,
    written_on: date,
    progress: Progress | None,
    source_key: str | None,
    modes: dict[str, Any],
) -> Dataset:
    summary, body = describe(template, checked.columns, len(checked.rows), description)
    record = documents.create_record(
        agency,
        {
            "title": title[:300],
            "written_on": written_on,
            "formed_on": written_on,
            "theme": _theme(template),
            "genre": Genre.OTHER,
            "kind": Kind.INFORMATION,
            "summary": summary,
            "body": body,
            "openness": Openness.PROACTIVE,
            "statutory_category": template.statutory_category,
            **modes,
        },
        by=by,
        source_key=source_key,
    )
    dataset = Dataset(record=record, template=template.code, description=description.strip())
    _fill(dataset, checked, data, filename, by)
    dataset.save()
    _write_rows(dataset, checked, progress)
    audit(
        "datasets.imported",
        obj=record,
        actor=by,
        summary=f"导入数据集（{template.name}，{dataset.row_count} 行）：{record.title}",
        after={
            "template": template.code,
            "rows": dataset.row_count,
            "columns": [c.key for c in checked.columns],
            "omitted": dataset.omitted_columns,
            "source_sha256": dataset.source_sha256,
        },
    )
    return dataset


def replace_rows(
    dataset: Dataset,
    data: bytes,
    filename: str,
    *,
    by: Any,
    declared: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """A new file for a draft dataset: the rows, the columns and the source file are replaced together."""
    require(by, "datasets.import", dataset)
    if dataset.record.status != Status.DRAFT:
        raise Refused(
            "只能替换草稿状态数据集的数据。已发布的数据集请先撤回、重新编辑，再导入新文件并重新审查。"
        )
    checked = check_file(
        dataset.spec, data, filename, agency=dataset.record.agency, declared=declared, progress=progress
    )
    if not checked.ok:
        return ImportResult(checked)
    return ImportResult(checked, _replace(dataset, checked, data, filename, by=by, progress=progress))


@staging.staged_atomic
def _replace(
    dataset: Dataset, checked: CheckedTable, data: bytes, filename: str, *, by: Any, progress: Progress | None
) -> Dataset:
    record = Record.objects.select_for_update().get(pk=dataset.record_id)
    if record.status != Status.DRAFT:
        raise Refused("只能替换草稿状态数据集的数据。")
    dataset = Dataset.objects.get(pk=record.pk)
    before = {"rows": dataset.row_count, "source_sha256": dataset.source_sha256}
    old_name = dataset.source_file.name
    DatasetRow.objects.filter(dataset=dataset).delete()
    _fill(dataset, checked, data, filename, by)
    dataset.save()
    _write_rows(dataset, checked, progress)
    summary, body = describe(dataset.spec, checked.columns, dataset.row_count, dataset.description)
    documents.update_draft(record, {"summary": summary, "body": body}, by=by)
    audit(
        "datasets.rows_replaced",
        obj=record,
        actor=by,
        summary=f"替换数据集数据（{dataset.row_count} 行）：{record.title}",
        before=before,
        after={"rows": dataset.row_count, "source_sha256": dataset.source_sha256},
    )
    if old_name:
        transaction.on_commit(lambda: dataset.source_file.storage.delete(old_name))
    return dataset


@transaction.atomic
def note_source_download(dataset: Dataset, *, by: Any) -> None:
    """The source file holds personal data in full: every download of it is in the audit log."""
    require(by, "datasets.view_source", dataset)
    audit(
        "datasets.source_downloaded",
        obj=dataset.record,
        actor=by,
        summary=f"下载数据集原始文件（含未脱敏个人信息）：{dataset.source_name}",
    )


__all__ = [
    "ImportResult",
    "TableError",
    "check_file",
    "import_dataset",
    "note_source_download",
    "replace_rows",
]
