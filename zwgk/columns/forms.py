"""Forms of the column workspace."""

from __future__ import annotations

from typing import Any

from django import forms

from zwgk.agencies.models import Agency
from zwgk.columns.models import Column, ColumnKind
from zwgk.documents.grounds import STATUTORY_CATEGORIES
from zwgk.documents.models import Kind, Theme

MAX_BANNER_BYTES = 2 * 1024 * 1024


class ColumnForm(forms.ModelForm):
    record_kinds = forms.MultipleChoiceField(
        label="信息类别", choices=Kind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    categories = forms.MultipleChoiceField(
        label="法定主动公开内容类别",
        choices=list(STATUTORY_CATEGORIES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label="主题分类",
        queryset=Theme.objects.filter(parent__isnull=True, is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="选择一级主题时包括其下级主题",
    )
    source_agencies = forms.ModelMultipleChoiceField(
        label="发布单位",
        queryset=Agency.objects.active().in_display_order(),
        required=False,
        help_text="子站栏目只列本单位发布的信息，不用选择",
    )

    class Meta:
        model = Column
        fields = [
            "name",
            "slug",
            "kind",
            "update_rule",
            "sort_order",
            "show_in_nav",
            "is_active",
            "intro",
            "banner_text",
            "banner",
            "ends_on",
            "link",
            "record_kinds",
            "categories",
            "themes",
            "source_agencies",
            "keywords",
        ]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 5}),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "name": {"required": "请填写栏目名称"},
            "slug": {
                "required": "请填写栏目地址",
                "invalid": "栏目地址只能使用英文字母、数字、连字符或下划线",
            },
        }

    def __init__(self, *args: Any, site: Agency | None = None, allow_special: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].input_formats = ["%Y-%m-%d"]  # type: ignore[attr-defined]
        if site is not None:
            del self.fields["source_agencies"]
        if not allow_special:
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                c for c in ColumnKind.choices if c[0] != ColumnKind.SPECIAL
            ]

    def clean_banner(self) -> Any:
        banner = self.cleaned_data.get("banner")
        if banner and getattr(banner, "size", 0) > MAX_BANNER_BYTES:
            raise forms.ValidationError("横幅图片不能超过 2 MB。")
        return banner

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == ColumnKind.LINK and not data.get("link"):
            self.add_error("link", "链接栏目须填写平台内的链接地址，如 /xxgk/。")
        if data.get("ends_on") and kind != ColumnKind.SPECIAL:
            self.add_error("ends_on", "只有专题专栏可以设置结束日期。")
        return data

    def action_data(self) -> dict[str, Any]:
        data = {
            k: v for k, v in self.cleaned_data.items() if k not in ("themes", "source_agencies", "banner")
        }
        if "banner" in self.changed_data:
            data["banner"] = self.cleaned_data.get("banner") or ""
        return data


class SupervisorForm(forms.Form):
    agency = forms.ModelChoiceField(label="公共企事业单位", queryset=Agency.objects.none())
    supervisor = forms.ModelChoiceField(
        label="主管部门", queryset=Agency.objects.none(), required=False, empty_label="（未设置）"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institutions = Agency.objects.active().of_kind("public_institution")
        self.fields["agency"].queryset = institutions  # type: ignore[attr-defined]
        self.fields["supervisor"].queryset = (  # type: ignore[attr-defined]
            Agency.objects.active().exclude(kind="public_institution").in_display_order()
        )
