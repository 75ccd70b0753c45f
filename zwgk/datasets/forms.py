"""The workspace import form: template, title, file (kept across a failed submit), column declarations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from zwgk.core import formuploads
from zwgk.datasets.schema import DECLARABLE, OMIT, TYPE_LABELS
from zwgk.datasets.templates import TEMPLATES
from zwgk.documents.publicity import MAX_PUBLICITY_WORKING_DAYS

DECLARATION_LABELS = {**TYPE_LABELS, OMIT: "不公开"}
_BY_LABEL = {label: code for code, label in DECLARATION_LABELS.items()}


def parse_declarations(text: str) -> tuple[dict[str, str], list[str]]:
    """“列名=类型” per line (类型: a code such as person_name, or its Chinese name such as 姓名 / 不公开)."""
    declared: dict[str, str] = {}
    errors: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        header, sep, kind = line.replace("＝", "=").rpartition("=")
        header, kind = header.strip(), kind.strip()
        code = kind if kind in DECLARABLE else _BY_LABEL.get(kind)
        if not sep or not header or code is None:
            errors.append(
                f"第 {number} 行“{line[:40]}”应写成“列名=类型”，类型为：{'、'.join(DECLARATION_LABELS.values())}"
            )
            continue
        declared[header] = code
    return declared, errors


class ImportForm(forms.Form):
    template = forms.ChoiceField(label="数据模板", choices=[(t.code, t.name) for t in TEMPLATES])
    title = forms.CharField(label="标题", max_length=300, help_text="例如：东丽区2026年普通高中录取最低分")
    description = forms.CharField(
        label="数据集说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label="数据文件",
        help_text="Excel（.xlsx，第一个工作表）或 CSV；第一行或标题下一行为表头。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    file_staged = forms.CharField(required=False, widget=forms.HiddenInput)
    publicity_days = forms.IntegerField(
        label="公示期（工作日）",
        required=False,
        min_value=1,
        max_value=MAX_PUBLICITY_WORKING_DAYS,
        help_text="仅“惠农补贴发放结果”：在政府网站和村务公开栏公示，期满后只在工作台保留供村民查询；不填则按默认天数。",
    )
    declarations = forms.CharField(
        label="列的声明",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一项，如“联系电话=电话号码”“银行卡号=不公开”。看起来含有个人信息的列须先声明："
        "姓名、身份证号、电话号码、住址在导入时脱敏，不公开的列不导入。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staged = formuploads.load(self.data.get("file_staged")) if self.is_bound else None
        if staged is not None:
            self.initial["file"] = staged
            self.fields["file"].staged_name = staged.name  # type: ignore[attr-defined]

    def keep_upload(self) -> None:
        """Keep the file for the next submit (after a check, or a refusal): it need not be chosen again."""
        upload = getattr(self, "cleaned_data", {}).get("file")
        if upload is None or upload is self.initial.get("file"):
            return
        token = formuploads.stage(upload)
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict on a bound form
        data["file_staged"] = token
        self.data = data
        self.fields["file"].staged_name = upload.name  # type: ignore[attr-defined]

    def clean_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("file")
        if upload is not None and not str(upload.name).lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("只能导入 Excel（.xlsx）或 CSV 文件。")
        return upload

    def clean_declarations(self) -> dict[str, str]:
        declared, errors = parse_declarations(self.cleaned_data.get("declarations", ""))
        if errors:
            raise forms.ValidationError(errors)
        return declared


class ReplaceForm(ImportForm):
    """A new file for a draft dataset: the template and title stay."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("template", "title", "description", "publicity_days"):
            del self.fields[name]
