"""Staff forms of 政策问答."""

from __future__ import annotations

from typing import Any

from django import forms

from zwgk.agencies.models import Agency
from zwgk.qa.models import Faq, FaqSource


class FaqForm(forms.ModelForm):
    class Meta:
        model = Faq
        fields = ["agency", "topic", "question", "variants", "answer", "review_due"]
        widgets = {
            "variants": forms.Textarea(attrs={"rows": 4}),
            "answer": forms.Textarea(attrs={"rows": 10}),
            "review_due": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])  # type: ignore[attr-defined]

    def clean_question(self) -> str:
        question = self.cleaned_data["question"].strip()
        if len(question) < 4:
            raise forms.ValidationError("问题太短，请写成群众会问的一句话，如“灵活就业人员怎么交社保？”")
        return question


class FaqSourceForm(forms.ModelForm):
    class Meta:
        model = FaqSource
        fields = ["title", "doc_number", "article", "url"]

    def clean_url(self) -> str:
        url = (self.cleaned_data.get("url") or "").strip()
        if url and not (
            (url.startswith("/") and not url.startswith("//")) or url.startswith(("http://", "https://"))
        ):
            raise forms.ValidationError("请填写站内地址（以 / 开头）或以 http:// 、https:// 开头的网址。")
        return url


FaqSourceFormSet = forms.inlineformset_factory(
    Faq, FaqSource, form=FaqSourceForm, extra=2, can_delete=True, max_num=10
)
