"""Forms of 征求意见."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from zwgk.participation.models import Consultation

_PHONE = re.compile(r"^[0-9+\-\s()（）]{7,20}$")


class CommentForm(forms.Form):
    text = forms.CharField(
        label="您的意见",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "请填写意见"},
        help_text="意见经审核后可能公开；公开时隐去姓名、电话等个人信息。",
    )
    name = forms.CharField(
        label="姓名（可选）",
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label="联系电话（可选）",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label="电子邮箱（可选）", required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if consultation.contact_required:
            self.fields["phone"].label = "联系电话"
            self.fields["email"].label = "电子邮箱"

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("提交失败，请刷新页面后重试。")
        return ""

    def clean_phone(self) -> str:
        value = (self.cleaned_data.get("phone") or "").strip()
        if value and (not _PHONE.match(value) or sum(ch.isdigit() for ch in value) < 7):
            raise forms.ValidationError("请填写正确的联系电话，如 13800000000 或 022-84370000")
        return value


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = [
            "title",
            "summary",
            "draft_text",
            "opens_on",
            "closes_on",
            "contact_required",
            "comment_display",
            "channels",
            "draft_record",
            "final_record",
        ]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "draft_text": forms.Textarea(attrs={"rows": 16}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            # The default period: ZWGK_PARTICIPATION_MIN_DAYS days (30), opening today, both days counted.
            today = timezone.localdate()
            self.initial.setdefault("opens_on", today)
            self.initial.setdefault("closes_on", today + timedelta(days=settings.PARTICIPATION_MIN_DAYS - 1))
