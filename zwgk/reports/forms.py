"""Forms of the annual-report workspace. Values are kept as typed; actions.py validates and refuses in Chinese."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from zwgk.reports.format import (
    APPLICANT_COLUMNS,
    EXTERNAL_ROWS,
    FEE_ROW,
    NARRATIVE_LABELS,
    NARRATIVE_SECTIONS,
    OUTCOME_KEYS,
    RESULTS,
    REVIEW_KINDS,
    TABLE2_COLUMNS_OF,
    TABLE2_ROWS,
    TABLE3_COLUMNS,
    TABLE3_ROW_KEYS,
    TABLE4_COLUMNS,
    TOTAL,
    TOTAL_COLUMN,
)


def field_name(*parts: str) -> str:
    return "__".join(p.replace(".", "_") for p in parts)


class Table2Form(forms.Form):
    """One row per table-2 line that staff may enter: its values and a source note."""

    def __init__(self, *args: Any, editable_rows: tuple[str, ...] = EXTERNAL_ROWS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editable_rows = [r for r in TABLE2_ROWS if r in editable_rows]
        for row in self.editable_rows:
            for column in TABLE2_COLUMNS_OF[row]:
                self.fields[field_name(row, column)] = forms.CharField(
                    label=f"{row} · {column}",
                    required=False,
                    max_length=20,
                    widget=forms.TextInput(
                        attrs={"inputmode": "decimal" if row == FEE_ROW else "numeric", "size": 10}
                    ),
                )
            self.fields[field_name(row, "note")] = forms.CharField(
                label=f"{row} · 数据来源说明",
                required=False,
                max_length=300,
                widget=forms.TextInput(
                    attrs={"size": 50, "placeholder": "如：区政务服务办审批系统导出，2026年1月5日"}
                ),
            )

    @classmethod
    def initial_from(cls, staff_table2: Mapping[str, Any]) -> dict[str, str]:
        initial: dict[str, str] = {}
        for row, entry in staff_table2.items():
            for column, value in (entry.get("values") or {}).items():
                initial[field_name(row, column)] = value
            initial[field_name(row, "note")] = entry.get("note", "")
        return initial

    def entries(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            row: {
                "values": {c: data.get(field_name(row, c), "") for c in TABLE2_COLUMNS_OF[row]},
                "note": data.get(field_name(row, "note"), ""),
            }
            for row in self.editable_rows
        }

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "row": row,
                "fields": [self[field_name(row, c)] for c in TABLE2_COLUMNS_OF[row]],
                "note": self[field_name(row, "note")],
            }
            for row in self.editable_rows
        ]


class ManualTableForm(forms.Form):
    """Every cell of table 3 or 4; blank 总计 cells are filled with the sum of their row/column on saving."""

    note = forms.CharField(
        label="数据来源说明",
        max_length=300,
        help_text="说明数据从哪里来，例如：本单位依申请公开登记台账（纸质），统计人、统计日期。",
        widget=forms.TextInput(attrs={"size": 60}),
    )

    def __init__(self, *args: Any, which: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.which = which
        self.row_keys = TABLE3_ROW_KEYS if which == "table3" else REVIEW_KINDS
        self.columns = TABLE3_COLUMNS if which == "table3" else TABLE4_COLUMNS
        for row in self.row_keys:
            for column in self.columns:
                self.fields[field_name(row, column)] = forms.CharField(
                    label=f"{row} {column}",
                    required=False,
                    max_length=9,
                    widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
                )

    @classmethod
    def initial_from(cls, table: Mapping[str, Mapping[str, Any]] | None, note: str) -> dict[str, Any]:
        initial: dict[str, Any] = {"note": note}
        for row, columns in (table or {}).items():
            for column, value in columns.items():
                initial[field_name(row, column)] = value
        return initial

    def table(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        table = {
            r: {c: (data.get(field_name(r, c)) or "").strip() for c in self.columns} for r in self.row_keys
        }
        self._fill_totals(table)
        return table

    def _fill_totals(self, table: dict[str, dict[str, str]]) -> None:
        def number(text: str) -> int | None:
            return int(text) if text.isdigit() else None

        parts = APPLICANT_COLUMNS if self.which == "table3" else RESULTS
        if self.which == "table3":
            for column in APPLICANT_COLUMNS:
                if not table[TOTAL][column]:
                    values = [number(table[k][column]) for k in OUTCOME_KEYS]
                    if None not in values:
                        table[TOTAL][column] = str(sum(values))  # type: ignore[arg-type]
        for row in self.row_keys:
            if not table[row][TOTAL_COLUMN]:
                values = [number(table[row][c]) for c in parts]
                if None not in values:
                    table[row][TOTAL_COLUMN] = str(sum(values))  # type: ignore[arg-type]


class TextsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section in NARRATIVE_SECTIONS:
            self.fields[section] = forms.CharField(
                label=NARRATIVE_LABELS[section],
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 14 if section == "overview" else 8}),
                help_text="每段一行；【请填写：…】处须改写为实际情况，否则不能提交审核。",
            )
            self.fields[f"based_{section}"] = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def texts(self) -> dict[str, str]:
        return {s: self.cleaned_data.get(s) or "" for s in NARRATIVE_SECTIONS}

    def based_on(self) -> dict[str, int | None]:
        return {s: self.cleaned_data.get(f"based_{s}") for s in NARRATIVE_SECTIONS}


class ReasonForm(forms.Form):
    reason = forms.CharField(label="意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    correction_note = forms.CharField(
        label="更正说明（更正已发布报告时必填，将在公开页面显示）",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
