"""Forms of the ledger pages (validation only; the changes are made by the action functions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from zwgk.agencies.models import Agency, AgencyKind
from zwgk.workplan.models import (
    Duty,
    InspectionRating,
    PlanItem,
    RuleKind,
    TaskStatus,
    TeamMember,
    TrainingForm,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ImportForm(forms.Form):
    file = forms.FileField(label="工作要点文件（.txt 或 .docx）")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)


class ImportConfirmForm(forms.Form):
    text = forms.CharField(widget=forms.HiddenInput)
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2100)
    source_name = forms.CharField(widget=forms.HiddenInput, required=False)


class TaskForm(forms.Form):
    title = forms.CharField(label="任务", max_length=200)
    description = forms.CharField(
        label="工作措施",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="本单位落实本项要点的具体措施",
    )
    responsible_person = forms.CharField(label="责任人", max_length=50, required=False)
    responsible_phone = forms.CharField(label="责任人电话", max_length=30, required=False)
    due_date = forms.DateField(label="完成时限", widget=DATE)


class SubtaskForm(forms.Form):
    title = forms.CharField(label="子任务", max_length=200)
    responsible_person = forms.CharField(label="责任人", max_length=50, required=False)
    due_date = forms.DateField(label="完成时限", widget=DATE)


class MilestoneForm(forms.Form):
    title = forms.CharField(label="工作节点", max_length=200)
    due_date = forms.DateField(label="计划日期", required=False, widget=DATE)


class ReportForm(forms.Form):
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 5}))
    percent = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=100, required=False)
    files = MultipleFileField(label="佐证材料（可多选）", required=False)  # type: ignore[assignment]
    link_label = forms.CharField(label="佐证链接名称", max_length=200, required=False)
    link_url = forms.CharField(
        label="佐证链接地址",
        max_length=500,
        required=False,
        help_text="本平台页面（以 / 开头）或网址（http:// 或 https:// 开头）",
    )

    def __init__(
        self, *args: Any, sources: Sequence[tuple[str, str, list[tuple[str, str]]]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # One multiple-choice list per registered evidence source (trainings, documents …) with the unit's records.
        self.source_fields: list[tuple[str, str]] = []
        for kind, label, choices in sources:
            if not choices:
                continue
            name = f"source_{kind}"
            self.fields[name] = forms.MultipleChoiceField(
                label=f"关联{label}",
                choices=choices,
                required=False,
                widget=forms.SelectMultiple(attrs={"size": 4}),
            )
            self.source_fields.append((name, kind))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("link_label")) != bool(data.get("link_url")):
            raise forms.ValidationError("佐证链接请同时填写名称和地址。")
        return data


class CompleteForm(forms.Form):
    note = forms.CharField(label="完成情况", widget=forms.Textarea(attrs={"rows": 3}))


class ExtendForm(forms.Form):
    due_date = forms.DateField(label="新的完成时限", widget=DATE)
    reason = forms.CharField(label="理由", max_length=500)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=500)


class ReminderForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label="提醒单位", queryset=Agency.objects.none(), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    message = forms.CharField(label="提醒内容", widget=forms.Textarea(attrs={"rows": 3}))


class InspectionForm(forms.Form):
    agency = forms.ModelChoiceField(label="被检查单位", queryset=Agency.objects.none())
    inspected_on = forms.DateField(label="检查日期", widget=DATE)
    method = forms.CharField(
        label="检查方式", max_length=60, required=False, help_text="如：查阅台账、实地检查、网站检查"
    )
    summary = forms.CharField(label="检查情况", widget=forms.Textarea(attrs={"rows": 4}))
    rating = forms.ChoiceField(label="总体评价", choices=InspectionRating.choices)


class FindingForm(forms.Form):
    text = forms.CharField(label="发现的问题", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    item = forms.ModelChoiceField(label="相关条目", queryset=PlanItem.objects.none(), required=False)
    rectify_by = forms.DateField(label="整改时限", required=False, widget=DATE)


FindingFormSet = forms.formset_factory(FindingForm, extra=3, max_num=20)


class NoteForm(forms.Form):
    note = forms.CharField(label="情况说明", widget=forms.Textarea(attrs={"rows": 3}))


class BulletinForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    as_of = forms.DateField(label="统计截止日期", widget=DATE)
    requirement = forms.CharField(label="整改要求", widget=forms.Textarea(attrs={"rows": 3}))


class VoidBulletinForm(forms.Form):
    reason = forms.CharField(label="作废理由", max_length=1000)


class CarryOverForm(forms.Form):
    source_year = forms.TypedChoiceField(label="上一年度工作要点", coerce=int, choices=())


class ScoreLineForm(forms.Form):
    sort = forms.IntegerField(label="排序", min_value=0, initial=10)
    name = forms.CharField(label="考核内容", max_length=100)
    rule = forms.ChoiceField(label="计分规则", choices=RuleKind.choices)
    max_points = forms.DecimalField(label="分值", min_value=0, max_digits=6, decimal_places=2)
    per_item = forms.DecimalField(
        label="每项扣分", min_value=0, max_digits=6, decimal_places=2, required=False
    )


class WeightForm(forms.Form):
    kind = forms.ChoiceField(label="单位类型", choices=AgencyKind.choices)
    percent = forms.DecimalField(
        label="政务公开分值权重（%）", min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    note = forms.CharField(label="依据", max_length=200, required=False, help_text="如考核办法文号")


class AdjustmentForm(forms.Form):
    agency = forms.ModelChoiceField(label="单位", queryset=Agency.objects.none())
    points = forms.DecimalField(
        label="加减分", max_digits=6, decimal_places=2, help_text="加分填正数，减分填负数"
    )
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class MemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    position = forms.CharField(label="职务", max_length=60, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    duty = forms.ChoiceField(label="分工", choices=Duty.choices, initial=Duty.STAFF)
    since = forms.DateField(label="起始日期", required=False, widget=DATE)


class LiaisonChangeForm(forms.Form):
    member = forms.ModelChoiceField(
        label="新联络员（从本单位工作人员中选择）", queryset=TeamMember.objects.none(), required=False
    )
    name = forms.CharField(label="或填写新联络员姓名", max_length=50, required=False)
    position = forms.CharField(label="职务", max_length=60, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    effective_on = forms.DateField(label="变更日期", widget=DATE)
    handover = forms.CharField(
        label="工作交接情况",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="逐项写明交接的台账、在办事项、平台账号、资料等（要点第十八项）",
    )
    previous_leaves = forms.BooleanField(label="原联络员调离政务公开岗位", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("member") and not data.get("name"):
            raise forms.ValidationError("请选择或填写新的联络员。")
        return data


class LeaveForm(forms.Form):
    left_on = forms.DateField(label="离岗日期", widget=DATE)


class TrainingSessionForm(forms.Form):
    title = forms.CharField(label="培训名称", max_length=200)
    held_on = forms.DateField(label="培训日期", widget=DATE)
    form = forms.ChoiceField(label="培训形式", choices=TrainingForm.choices)
    hours = forms.DecimalField(label="学时", min_value=0, max_digits=4, decimal_places=1, required=False)
    location = forms.CharField(label="地点", max_length=100, required=False)
    content = forms.CharField(label="培训内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AttendeesForm(forms.Form):
    agency = forms.ModelChoiceField(label="参训单位", queryset=Agency.objects.none())
    names = forms.CharField(
        label="参训人员", widget=forms.Textarea(attrs={"rows": 4}), help_text="每行一人，可写“姓名 职务”"
    )


class TaskFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *TaskStatus.choices])
    item = forms.TypedChoiceField(label="条目", required=False, coerce=int, empty_value=None, choices=())
