"""Forms of 互动交流: the public message form per kind, the status lookup, and the staff steps."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from zwgk.agencies.models import Agency
from zwgk.applications.forms import check_upload
from zwgk.interaction.models import Channel, MessageKind, Satisfaction

_PHONE = re.compile(r"^[0-9+\-\s()（）]{7,20}$")


class MessageForm(forms.Form):
    """One form for every kind; fields a kind does not use are removed in __init__."""

    agency = forms.ModelChoiceField(
        label="向哪个单位留言", queryset=Agency.objects.none(), empty_label="请选择"
    )
    subkind = forms.ChoiceField(label="细类", choices=())
    title = forms.CharField(label="标题", max_length=100, error_messages={"required": "请填写标题"})
    body = forms.CharField(
        label="留言内容",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "请填写留言内容"},
        help_text="请写明您的问题或建议。请不要填写身份证号等个人信息；答复公开时，个人信息一律隐去。",
    )
    page_url = forms.URLField(
        label="出错网页地址",
        assume_scheme="https",
        required=False,
        max_length=500,
        help_text="发现错误的网页地址（从页面底部“纠错”进入时已自动填写）",
        error_messages={"invalid": "请填写完整的网页地址，如 https://…"},
    )
    company = forms.CharField(label="企业名称", max_length=100, required=False)
    project_name = forms.CharField(label="项目名称", max_length=200, required=False)
    approval_item = forms.CharField(label="审批事项", max_length=200, required=False)
    approval_unit = forms.CharField(label="审批办理单位", max_length=100, required=False)
    anonymous = forms.BooleanField(label="匿名留言（不留联系方式，将无法收到答复通知）", required=False)
    name = forms.CharField(
        label="姓名", max_length=50, required=False, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "请填写正确的电子邮箱，如 name@example.com"},
    )
    attachment = forms.FileField(
        label="附件（可选）",
        required=False,
        help_text="截图或材料（JPG、PNG 或 PDF），仅供办理单位查看，不会公开",
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )
    # A honeypot: people never see or fill it (hidden by CSS and from screen readers); scripts fill every field.
    website = forms.CharField(
        label="网站", required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(self, *args: Any, kind: MessageKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        agencies = kind.handling_agencies.all()
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        agency_field.queryset = (
            agencies.in_display_order() if agencies.exists() else Agency.objects.active().in_display_order()
        )
        if kind.default_agency is not None:
            agency_field.required = False
            agency_field.empty_label = f"不确定（由{kind.default_agency.short_name}办理）"
        if kind.subkind_list:
            subkind = self.fields["subkind"]
            assert isinstance(subkind, forms.ChoiceField)
            subkind.choices = [("", "请选择"), *[(s, s) for s in kind.subkind_list]]
        else:
            del self.fields["subkind"]
        if not kind.asks_page_url:
            del self.fields["page_url"]
        if not kind.enterprise_fields:
            for name in ("company", "project_name", "approval_item", "approval_unit"):
                del self.fields[name]
        else:
            self.fields["company"].required = True
            self.fields["company"].error_messages["required"] = "请填写企业名称"
            self.fields["project_name"].required = True
            self.fields["project_name"].error_messages["required"] = "请填写项目名称"
        if not kind.anonymous_allowed:
            del self.fields["anonymous"]

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("提交失败，请刷新页面后重试。")
        return ""

    def clean_phone(self) -> str:
        value = (self.cleaned_data.get("phone") or "").strip()
        if value and (not _PHONE.match(value) or sum(ch.isdigit() for ch in value) < 7):
            raise forms.ValidationError("请填写正确的联系电话，如 13800000000 或 022-84370000")
        return value

    def clean_attachment(self) -> UploadedFile | None:
        return check_upload(
            self.cleaned_data.get("attachment"), limit_mb=settings.INTERACTION_MAX_ATTACHMENT_MB, label="附件"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        anonymous = data.get("anonymous")
        if not anonymous:
            if not (data.get("name") or "").strip():
                self.add_error("name", "请填写姓名（答复公开时不会显示）")
            if not data.get("phone") and not data.get("email") and "phone" not in self.errors:
                self.add_error("phone", "请至少填写联系电话或电子邮箱中的一项，以便答复")
        return data


class LookupForm(forms.Form):
    number = forms.CharField(label="留言编号", max_length=20, help_text="如 LY2026-00012")
    code = forms.CharField(label="查询码", max_length=20, help_text="提交留言后页面显示的查询码")


class SupplyForm(forms.Form):
    answer = forms.CharField(label="补充内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))


class RatingForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label="您对答复是否满意", choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="意见（可选）", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReplyForm(forms.Form):
    reply_body = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 10}))
    reply_public = forms.BooleanField(
        label="答复公开（公开时自动隐去姓名、电话、身份证号等个人信息）", required=False
    )


class TransferForm(forms.Form):
    to = forms.ModelChoiceField(label="转交单位", queryset=Agency.objects.none(), empty_label="请选择")
    reason = forms.CharField(label="转办理由", max_length=300)

    def __init__(self, *args: Any, exclude: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = Agency.objects.active().in_display_order()
        to = self.fields["to"]
        assert isinstance(to, forms.ModelChoiceField)
        to.queryset = qs.exclude(pk=exclude) if exclude else qs


class ConsultationLogForm(forms.Form):
    channel = forms.ChoiceField(
        label="渠道", choices=Channel.choices, widget=forms.RadioSelect, initial=Channel.PHONE
    )
    topic = forms.CharField(label="咨询事项", max_length=100, help_text="如“灵活就业人员社保缴费”")
    question = forms.CharField(
        label="问题摘要（可选）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    answered_on_spot = forms.BooleanField(label="当场答复", required=False, initial=True)
    referred_to = forms.CharField(label="转交（未当场答复时）", max_length=100, required=False)
    asked_on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["asked_on"].initial = timezone.localdate()


class KindForm(forms.ModelForm):
    class Meta:
        model = MessageKind
        fields = [
            "name",
            "description",
            "reply_working_days",
            "public_by_default",
            "anonymous_allowed",
            "requires_signoff",
            "asks_page_url",
            "enterprise_fields",
            "subkinds",
            "handling_agencies",
            "default_agency",
            "active",
            "order",
        ]
        widgets = {"handling_agencies": forms.CheckboxSelectMultiple}
