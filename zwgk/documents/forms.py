"""Forms of the catalogue: drafting, workflow decisions, validity, filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from zwgk.agencies.models import Agency
from zwgk.applications import proofs
from zwgk.documents import docnumber, publicity, validators
from zwgk.documents.actions import RECORD_FIELDS, parse_qa
from zwgk.documents.grounds import category_choices, ground_choices
from zwgk.documents.models import (
    DisclosureMode,
    Genre,
    Interpretation,
    InterpretationForm,
    Kind,
    NormativeKind,
    Openness,
    Record,
    ReviewOutcome,
    Status,
    Theme,
    Validity,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def theme_choices(include_inactive: bool = False) -> list[tuple[Any, str]]:
    """Grouped choices: first-level themes as option groups, second-level themes (or a childless first level)."""
    themes = list(Theme.objects.select_related("parent").order_by("sort_order", "id"))
    if not include_inactive:
        themes = [t for t in themes if t.is_active]
    choices: list[tuple[Any, Any]] = [("", "请选择")]
    for top in [t for t in themes if t.parent_id is None]:
        children = [t for t in themes if t.parent_id == top.pk]
        if children:
            choices.append((top.name, [(c.pk, c.name) for c in children]))
        else:
            choices.append((top.pk, top.name))
    return choices


class DocNumberField(forms.CharField):
    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if not value:
            return ""
        try:
            return docnumber.normalise(value)
        except docnumber.DocNumberError as exc:
            raise forms.ValidationError(exc.message) from None


class RecordForm(forms.ModelForm):
    doc_number = DocNumberField(
        label="发文字号",
        required=False,
        max_length=60,
        help_text="如 东丽政办发〔2022〕5号；输入 [ ] 或 ( ) 会自动改为六角括号〔〕",
    )
    theme = forms.TypedChoiceField(label="主题分类", coerce=int, choices=[])
    legal_ground = forms.ChoiceField(
        label="不公开的法定依据", required=False, choices=[("", "—"), *ground_choices()]
    )
    statutory_category = forms.ChoiceField(
        label="法定主动公开内容类别", required=False, choices=[("", "—"), *category_choices()]
    )
    disclosure_modes = forms.MultipleChoiceField(
        label="公开方式",
        choices=DisclosureMode.choices,
        initial=[DisclosureMode.INTERNET.value],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="可多选，不选即互联网公开。涉及社会公众、需要广泛知晓的，互联网公开；仅涉及部分特定对象的，特定范围公开（不在政府网站公开，"
        "发布后登记公开地点、对象和照片）；规定要求公示的，选择公示并填写公示期（工作要点第十二项）",
    )
    publicity_days = forms.IntegerField(
        label="公示期（工作日）",
        required=False,
        min_value=1,
        max_value=250,
        help_text="选择“公示”时填写，如 5；发布当天为第 1 个工作日，期满次日自动从政府网站撤下。也可改填截止日期",
    )
    publicity_ends = forms.DateField(label="公示截止日期（含当日）", required=False, widget=DATE)
    co_agencies = forms.ModelMultipleChoiceField(
        label="联合发文机关",
        required=False,
        queryset=Agency.objects.none(),
        help_text="联合发文时选择；由牵头机关发布（《条例》第十条）",
    )

    class Meta:
        model = Record
        fields = RECORD_FIELDS  # the fields a drafter edits: the same list the actions audit
        widgets = {
            "written_on": DATE,
            "formed_on": DATE,
            "effective_on": DATE,
            "expires_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 16}),
            "openness_reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "formed_on": "信息形成或者变更的日期，默认为成文日期；主动公开应在其后 20 个工作日内发布（《条例》第二十六条）",
            "needs_interpretation": "需解读的政策文件须与解读同步审签、同步发布",
            "openness_reason": "依申请公开或不予公开时必填，应充分说明理由",
            "expires_on": "行政规范性文件的有效期，届满自动标注“已失效”",
        }

    def __init__(self, *args: Any, agency: Agency | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = theme_choices()  # type: ignore[attr-defined]
        if self.instance and self.instance.theme_id:
            self.initial["theme"] = self.instance.theme_id
        others = Agency.objects.active().in_display_order()
        if agency is not None:
            others = others.exclude(pk=agency.pk)
        self.fields["co_agencies"].queryset = others  # type: ignore[attr-defined]
        if self.instance and self.instance.pk:
            self.initial["co_agencies"] = list(self.instance.co_agencies.all())

    def clean_disclosure_modes(self) -> list[str]:
        # None ticked: the default, 互联网公开 (also what a form posted without the field means).
        return list(self.cleaned_data.get("disclosure_modes") or [DisclosureMode.INTERNET.value])

    def clean_theme(self) -> Theme:
        theme = Theme.objects.filter(pk=self.cleaned_data["theme"], is_active=True).first()
        if theme is None:
            raise forms.ValidationError("请选择有效的主题分类。")
        return theme

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The same checks the actions run (zwgk.documents.validators), shown beside each field.
        for field, message in validators.record_problems(data, today=timezone.localdate()):
            if field not in self.errors:
                self.add_error(field, message)
        for field, message in publicity.modes_problems(data):
            if field not in self.errors:
                self.add_error(field, message)
        return data


class CorrectionForm(forms.ModelForm):
    doc_number = DocNumberField(label="发文字号", required=False, max_length=60)
    theme = forms.TypedChoiceField(label="主题分类", coerce=int, choices=[])
    statutory_category = forms.ChoiceField(
        label="法定主动公开内容类别", required=False, choices=[("", "—"), *category_choices()]
    )
    reason = forms.CharField(label="更正理由", max_length=300)

    class Meta:
        model = Record
        fields = ["title", "doc_number", "written_on", "theme", "genre", "summary", "statutory_category"]
        widgets = {"written_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = theme_choices()  # type: ignore[attr-defined]
        if self.instance and self.instance.theme_id:
            self.initial["theme"] = self.instance.theme_id

    def clean_theme(self) -> Theme:
        theme = Theme.objects.filter(pk=self.cleaned_data["theme"], is_active=True).first()
        if theme is None:
            raise forms.ValidationError("请选择有效的主题分类。")
        return theme


class NoteForm(forms.Form):
    note = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class SignForm(forms.Form):
    note = forms.CharField(label="审签意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    publish_at = forms.DateTimeField(
        label="定时发布（可选）",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="留空则审签后立即发布",
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(
        label="有效性改为",
        choices=[(v.value, v.label) for v in Validity if v != Validity.CURRENT],
    )
    changed_on = forms.DateField(label="变更日期", widget=DATE)
    related = forms.ModelChoiceField(
        label="替代或修改它的文件",
        required=False,
        queryset=Record.objects.none(),
        help_text="废止后由新文件替代、或被某文件修改时选择；公开页面会链接到该文件",
    )
    note = forms.CharField(label="说明", required=False, max_length=300)

    def __init__(self, *args: Any, record: Record, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["related"].queryset = candidates.exclude(pk=record.pk)  # type: ignore[attr-defined]
        self.fields["related"].label_from_instance = lambda r: (  # type: ignore[attr-defined]
            f"{r.title}（{r.doc_number or r.index_no or '无文号'}）"
        )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="附件文件",
        help_text="支持 .docx、.pdf、.ofd、.xlsx、.jpg、.png；发布的副本会清除作者、修订记录等文档属性",
    )
    title = forms.CharField(label="附件名称", required=False, max_length=200, help_text="留空则使用文件名")


class InterpretationEditForm(forms.ModelForm):
    video_url = forms.URLField(
        label="视频地址",
        required=False,
        assume_scheme="https",
        help_text="视频解读填写视频播放页地址（如区融媒体中心发布的地址）",
    )
    qa_text = forms.CharField(
        label="问答内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="问答形式时填写，每组两行：“问：……”“答：……”",
    )

    class Meta:
        model = Interpretation
        fields = ["title", "form", "body", "video_url"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.qa:
            self.initial["qa_text"] = "\n".join(f"问：{i['q']}\n答：{i['a']}" for i in self.instance.qa)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["qa"] = parse_qa(data.get("qa_text", ""))
        if data.get("form") == InterpretationForm.QA and not data["qa"]:
            self.add_error("qa_text", "请按“问：……”“答：……”的格式至少填写一组问答。")
        if data.get("form") == InterpretationForm.VIDEO and not data.get("video_url"):
            self.add_error("video_url", "视频解读须填写视频地址。")
        return data


class PeriodicDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="审查结论",
        choices=[(o.value, o.label) for o in ReviewOutcome if o.value],
        widget=forms.RadioSelect,
    )
    statutory_category = forms.ChoiceField(
        label="法定主动公开内容类别（转为主动公开时）",
        required=False,
        choices=[("", "—"), *category_choices()],
    )
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class GuideForm(forms.Form):
    body = forms.CharField(label="指南正文", widget=forms.Textarea(attrs={"rows": 24}))
    revised_on = forms.DateField(label="修订时间", widget=DATE)
    note = forms.CharField(label="修订说明", required=False, max_length=300)


class ThemeForm(forms.Form):
    name = forms.CharField(label="名称", max_length=50)
    parent = forms.ModelChoiceField(
        label="上级分类",
        required=False,
        queryset=Theme.objects.filter(parent__isnull=True),
        empty_label="（一级分类）",
    )
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=100)
    is_active = forms.BooleanField(label="启用", required=False, initial=True)


def year_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [("", "全部")] + [(str(y), str(y)) for y in range(this_year, 2007, -1)]


class PublicFilterForm(forms.Form):
    """Filters of the public lists (agency, year, category, theme, validity, keyword). Bad values are ignored."""

    q = forms.CharField(label="标题关键词", required=False, max_length=50)
    agency = forms.ChoiceField(label="发文机关", required=False)
    year = forms.ChoiceField(label="年份", required=False)
    category = forms.ChoiceField(
        label="法定主动公开类别", required=False, choices=[("", "全部"), *category_choices()]
    )
    theme = forms.ChoiceField(label="主题分类", required=False)
    validity = forms.ChoiceField(
        label="有效性", required=False, choices=[("", "全部"), *list(Validity.choices)]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Rows, not model instances: this form is built on every public list and API page (issue 22 item 4).
        self.fields["agency"].choices = [  # type: ignore[attr-defined]
            ("", "全部"),
            *Agency.objects.active().in_display_order().values_list("code", "short_name"),
        ]
        self.fields["year"].choices = year_choices()  # type: ignore[attr-defined]
        themes = Theme.objects.order_by("parent__sort_order", "sort_order").values_list(
            "pk", "name", "parent__name"
        )
        self.fields["theme"].choices = [("", "全部")] + [  # type: ignore[attr-defined]
            (str(pk), f"{parent}\\{name}" if parent else name) for pk, name, parent in themes
        ]


class WorkspaceFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *list(Status.choices)])
    openness = forms.ChoiceField(
        label="公开属性", required=False, choices=[("", "全部"), *list(Openness.choices)]
    )
    kind = forms.ChoiceField(label="栏目", required=False, choices=[("", "全部"), *list(Kind.choices)])
    year = forms.ChoiceField(label="成文年份", required=False)
    overdue = forms.BooleanField(label="仅看超时限", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()  # type: ignore[attr-defined]


__all__ = ["Genre", "NormativeKind"]


# --- 公开方式 and 公示 (zwgk.documents.publicity) ----------------------------------------------------------------

DISPLAY_PHOTO_MB = 20


class DisplayLogForm(forms.Form):
    """Where, to whom and when a record was shown outside the website."""

    mode = forms.ChoiceField(label="公开方式", choices=[])
    place = forms.CharField(
        label="公开地点",
        max_length=200,
        error_messages={"required": "请填写公开地点，如“某村村务公开栏”。"},
        help_text="如：某村村务公开栏、街道便民服务中心政府信息公开查阅点",
    )
    audience = forms.CharField(
        label="公开对象", max_length=200, required=False, help_text="如：本村村民、本小区业主、申请人本人"
    )
    starts = forms.DateField(label="开始日期", widget=DATE, error_messages={"required": "请填写开始日期。"})
    ends = forms.DateField(label="结束日期", widget=DATE, required=False)
    photo = forms.FileField(
        label="现场照片",
        required=False,
        help_text=f"JPG、PNG 图片或 PDF，不超过 {DISPLAY_PHOTO_MB} MB；只有本单位工作人员可以查看",
    )
    note = forms.CharField(
        label="说明", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, record: Record, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offline = [
            (code, label)
            for code, label in DisclosureMode.choices
            if code in (record.disclosure_modes or []) and code in publicity.OFFLINE_MODES
        ]
        self.fields["mode"].choices = offline  # type: ignore[attr-defined]

    def clean_photo(self) -> Any:
        upload = self.cleaned_data.get("photo")
        if upload is None:
            return None
        name = (upload.name or "").lower()
        suffix = name[name.rfind(".") :] if "." in name else ""
        if upload.size and upload.size > DISPLAY_PHOTO_MB * 1024 * 1024:
            raise forms.ValidationError(f"照片不能超过 {DISPLAY_PHOTO_MB} MB")
        data = upload.read(DISPLAY_PHOTO_MB * 1024 * 1024 + 1)
        upload.seek(0)
        refusal = proofs.problem(data, suffix, "照片")
        if refusal:
            raise forms.ValidationError(refusal)
        return upload


class PublicityChangeForm(forms.Form):
    """Extend a running 公示: by working days or to a new end date, with a reason."""

    working_days = forms.IntegerField(label="延长工作日数", required=False, min_value=1, max_value=250)
    ends = forms.DateField(label="或新的截止日期", required=False, widget=DATE)
    reason = forms.CharField(label="理由", max_length=300, required=False)
