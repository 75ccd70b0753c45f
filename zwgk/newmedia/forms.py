"""Forms of 政务新媒体: the opening application, the other filings, a decision, an update, a repost."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from zwgk.newmedia.models import Account, AccountStatus, Platform


def _url(label: str, help_text: str = "") -> forms.URLField:
    return forms.URLField(
        label=label,
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=help_text,
        error_messages={"invalid": "请填写完整的网页地址，如 https://…"},
    )


class ParticularsForm(forms.Form):
    name = forms.CharField(
        label="账号名称",
        max_length=60,
        help_text="与主办单位职责相关；同一单位在不同平台的账号名称原则上一致",
    )
    handle = forms.CharField(
        label="账号ID", max_length=80, required=False, help_text="微信号、微博ID、抖音号等"
    )
    url = _url("主页地址")
    feed_url = _url(
        "订阅源地址（RSS/Atom，可选）",
        "有公开订阅源的，系统每隔几小时读取一次更新情况；没有的，由本单位登记更新。",
    )
    operator = forms.CharField(
        label="运维单位", max_length=100, required=False, help_text="委托第三方运维的，填写受托机构"
    )
    reviewer_name = forms.CharField(label="审核负责人", max_length=30)
    reviewer_title = forms.CharField(label="审核负责人职务", max_length=50, required=False)
    reviewer_phone = forms.CharField(
        label="审核负责人联系电话",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )


class ApplyForm(ParticularsForm):
    field_order = ["platform", "platform_other", "name"]
    platform = forms.ChoiceField(label="平台", choices=[("", "请选择"), *Platform.choices])
    platform_other = forms.CharField(label="其他平台名称", max_length=30, required=False)
    second_reason = forms.CharField(
        label="同一平台开设第二个账号的理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="一个单位原则上在同一平台只开设一个账号；本单位在该平台已有账号时必须填写",
    )
    effective_on = forms.DateField(
        label="拟开设日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label="开设说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="定位、主要发布内容",
    )


class ChangeForm(ParticularsForm):
    reason = forms.CharField(label="变更原因", widget=forms.Textarea(attrs={"rows": 3}))
    effective_on = forms.DateField(
        label="拟变更日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class EndForm(forms.Form):
    """关停 / 注销 / 重新开设."""

    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 3}))
    effective_on = forms.DateField(
        label="拟生效日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReopenForm(EndForm):
    second_reason = forms.CharField(
        label="同一平台开设第二个账号的理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="本单位在该平台已有运行中的账号时必须填写",
    )


class PostForm(forms.Form):
    posted_on = forms.DateField(label="更新日期", widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label="标题", max_length=200)
    url = _url("链接（可选）")


class RepostForm(forms.Form):
    document = forms.CharField(
        label="政策文件或政策解读",
        max_length=500,
        help_text="粘贴本平台上该文件或解读的网页地址（如 /xxgk/records/12/），或填写索引号",
    )
    account = forms.ModelChoiceField(label="转载账号", queryset=Account.objects.none(), empty_label="请选择")
    url = forms.URLField(
        label="转载页面地址",
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "请填写完整的网页地址，如 https://…"},
    )
    reposted_on = forms.DateField(label="转载日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, accounts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["account"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = accounts.filter(
            status__in=[AccountStatus.OPEN, AccountStatus.CLOSED]
        ).select_related("agency")
        field.label_from_instance = _account_label  # type: ignore[method-assign]
        if not self.is_bound:
            self.initial.setdefault("reposted_on", timezone.localdate())


def _account_label(obj: Any) -> str:
    return f"{obj.agency.short_name} · {obj}"
