"""How every form renders (settings.FORM_RENDERER): working aria-describedby, field-specific Chinese messages.

Django 5.2 looks the bound-field class up on the form renderer, so one renderer gives every form of every app
the same behaviour. Django itself names `<auto_id>_helptext` and `<auto_id>_error` in a widget's
aria-describedby; the shared partials (core/_form.html, core/_error_summary.html) render exactly those ids.
Here: Django's generic "这个字段是必填项。" becomes "请填写“联系电话”" / "请选择…" / "请上传…", and the id an
error-summary link points at.
"""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorList


def required_message(field: forms.Field, label: str) -> str:
    if isinstance(field, forms.FileField):
        return f"请选择要上传的“{label}”文件"
    if isinstance(field, forms.BooleanField):
        return f"请勾选“{label}”"
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return f"请选择“{label}”"
    return f"请填写“{label}”"


class ZwgkBoundField(BoundField):
    @property
    def errors(self) -> ErrorList:
        errors = super().errors
        data = errors.as_data()
        if not any(e.code == "required" for e in data):
            return errors
        label = str(self.label or self.name).rstrip("：:")
        messages = [required_message(self.field, label) if e.code == "required" else e for e in data]
        return self.form.error_class(messages, renderer=self.form.renderer)

    @property
    def anchor_id(self) -> str:
        """The id an error-summary link points at: the control itself, or the first option of a radio group."""
        if self.use_fieldset:
            return f"{self.auto_id}_0"
        return self.id_for_label or str(self.auto_id)


class ZwgkFormRenderer(DjangoTemplates):
    bound_field_class = ZwgkBoundField
