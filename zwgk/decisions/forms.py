"""Forms of 重大行政决策: the year's catalogue and one decision item."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from zwgk.agencies.models import Agency
from zwgk.decisions.models import Catalogue, Decision
from zwgk.documents.models import Record
from zwgk.participation.models import Consultation

# The catalogue record is chosen among the agency's most recent records (the list stays short on a phone).
RECORD_CHOICES = 200


class CatalogueForm(forms.ModelForm):
    class Meta:
        model = Catalogue
        fields = ["year", "title", "record"]
        help_texts = {
            "record": "目录本身作为一件政府信息起草，经保密审查、审签发布后，目录中的决策事项才在公众网站显示",
        }

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].min_value = 2000  # type: ignore[attr-defined]
        if not self.instance.pk:
            year = timezone.localdate().year
            self.initial.setdefault("year", year)
            self.initial.setdefault("title", f"{agency.name}{year}年度重大行政决策事项目录")
        recent = list(
            Record.objects.filter(agency=agency).order_by("-id").values_list("pk", flat=True)[:RECORD_CHOICES]
        )
        if self.instance.record_id:
            recent.append(self.instance.record_id)
        self.fields["record"].queryset = Record.objects.filter(pk__in=recent).order_by("-id")  # type: ignore[attr-defined]
        self.fields["record"].required = False

    def clean_year(self) -> int:
        year = int(self.cleaned_data["year"])
        if not 2000 <= year <= timezone.localdate().year + 5:
            raise forms.ValidationError("请填写正确的年度，如 2026。")
        return year


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["number", "title", "lead_agency", "legal_basis", "planned", "consultation"]
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "planned": "如 2026年12月",
            "consultation": "公众参与阶段公开征求意见的，选择对应的征求意见",
        }

    def __init__(self, *args: Any, catalogue: Catalogue, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].queryset = Agency.objects.active().in_display_order()  # type: ignore[attr-defined]
        self.fields["consultation"].queryset = Consultation.objects.visible_to(user)  # type: ignore[attr-defined]
        self.fields["consultation"].required = False
        if not self.instance.pk:
            used = catalogue.decisions.values_list("number", flat=True)
            self.initial.setdefault("number", max(used, default=0) + 1)
            self.initial.setdefault("lead_agency", catalogue.agency_id)
