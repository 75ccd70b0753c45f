"""Staff forms of the search app."""

from __future__ import annotations

from django import forms

from zwgk.search.models import BestBet, Synonym
from zwgk.search.query import query_key, split_terms


class SynonymForm(forms.ModelForm):
    class Meta:
        model = Synonym
        fields = ["terms", "one_way", "note", "is_active"]
        widgets = {"terms": forms.TextInput(attrs={"size": 60})}

    def clean_terms(self) -> str:
        words = split_terms(self.cleaned_data["terms"])
        if len(words) < 2:
            raise forms.ValidationError("请至少填写两个词语，用逗号或顿号分隔，如：社保，社会保险。")
        too_long = [w for w in words if len(w) > 40]
        if too_long:
            raise forms.ValidationError(f"词语过长（不超过40个字）：{too_long[0][:20]}…")
        return "，".join(words)


class BestBetForm(forms.ModelForm):
    class Meta:
        model = BestBet
        fields = ["queries", "title", "url", "description", "sort_order", "is_active"]
        widgets = {"queries": forms.Textarea(attrs={"rows": 3})}

    def clean_queries(self) -> str:
        lines = [query_key(line) for line in self.cleaned_data["queries"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError("请至少填写一个检索词。")
        return "\n".join(dict.fromkeys(lines))

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if not (url.startswith("/") and not url.startswith("//")) and not url.startswith(
            ("http://", "https://")
        ):
            raise forms.ValidationError("请填写站内地址（以 / 开头）或以 http:// 、https:// 开头的网址。")
        return url
