from __future__ import annotations

from django import forms

from zwgk.secrecy.models import LexiconTerm, Resolution, WordingRule


class ResolveForm(forms.Form):
    ACTIONS = [
        ("mask", "脱敏"),
        (Resolution.CONFIRMED, "确认可以公开"),
        (Resolution.FALSE_POSITIVE, "标记为误报"),
        (Resolution.OPEN, "重新打开"),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(max_length=500, required=False)
    next = forms.CharField(max_length=500, required=False)


class LexiconTermForm(forms.ModelForm):
    class Meta:
        model = LexiconTerm
        fields = ["term", "category", "severity", "note", "is_active"]
        error_messages = {"term": {"unique": "该敏感词已在词库中。"}}


class TryTextForm(forms.Form):
    text = forms.CharField(
        label="试一试：粘贴一段文字，查看自动筛查结果",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
    )


class WordingRuleForm(forms.ModelForm):
    class Meta:
        model = WordingRule
        fields = ["wrong", "right", "kind", "note", "exceptions", "is_active"]
        widgets = {"exceptions": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"wrong": {"unique": "该表述已在规范表述列表中。"}}
