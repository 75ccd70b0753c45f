"""Forms of the public application form, staff registration and the handling steps."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from zwgk.accounts.models import User
from zwgk.agencies.models import Agency
from zwgk.applications import fees, proofs
from zwgk.applications.clock import CHANNELS
from zwgk.applications.models import (
    ConsultationKind,
    ConsultationResponse,
    Delivery,
    IdType,
    PreferredForm,
    ReviewKind,
    ReviewResult,
)
from zwgk.applications.outcomes import ENDING_OUTCOMES, ORGANISATION_COLUMNS, grouped_outcome_choices
from zwgk.applications.proofs import PROOF_TYPES
from zwgk.core import formuploads
from zwgk.core.dates import form_validator

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_PHONE = re.compile(r"^[0-9+\-()\s]{7,30}$")


def valid_resident_id(value: str) -> bool:
    """GB 11643-1999: 18 characters, date of birth, and the ISO 7064 MOD 11-2 check character."""
    value = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


def valid_credit_code(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}", value.strip().upper()))


def check_upload(upload: UploadedFile | None, *, limit_mb: int, label: str) -> UploadedFile | None:
    if upload is None:
        return None
    name = (upload.name or "").lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    if suffix not in PROOF_TYPES:
        raise forms.ValidationError(f"{label}仅支持 JPG、PNG 图片或 PDF 文件")
    if upload.size and upload.size > limit_mb * 1024 * 1024:
        raise forms.ValidationError(f"{label}不能超过 {limit_mb} MB")
    data = upload.read(limit_mb * 1024 * 1024 + 1)
    upload.seek(0)
    refusal = proofs.problem(data, suffix, label)
    if refusal:
        raise forms.ValidationError(refusal)
    return upload


APPLICANT_TYPE_CHOICES: list[tuple[str, Any]] = [
    ("自然人", "自然人（公民个人）"),
    ("法人或其他组织", [(c, c) for c in ORGANISATION_COLUMNS]),
]


class ApplicantForm(forms.Form):
    applicant_type = forms.ChoiceField(
        label="申请人类型",
        choices=APPLICANT_TYPE_CHOICES,
        widget=forms.RadioSelect,
        help_text="法人或其他组织请选择具体类别",
    )
    applicant_name = forms.CharField(
        label="姓名或名称", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices, initial=IdType.RESIDENT_ID)
    id_number = forms.CharField(
        label="证件号码", max_length=50, help_text="个人填写身份证件号码；组织填写统一社会信用代码"
    )
    legal_representative = forms.CharField(label="法定代表人或负责人", max_length=50, required=False)
    contact_person = forms.CharField(
        label="联系人", max_length=50, required=False, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        help_text="填写后，办理有新进展时会发邮件提醒您",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(
        label="通信地址",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postal_code = forms.CharField(
        label="邮政编码",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    description = forms.CharField(
        label="所需政府信息的名称、文号或者便于查询的其他特征性描述",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text="请尽量具体：信息名称、发文机关、文号、时间范围等（条例第二十九条）",
    )
    document_ref = forms.CharField(label="文号（如知道）", max_length=100, required=False)
    preferred_form = forms.ChoiceField(
        label="信息的提供形式", choices=PreferredForm.choices, initial=PreferredForm.ELECTRONIC
    )
    delivery = forms.ChoiceField(label="获取信息的方式", choices=Delivery.choices, initial=Delivery.ONLINE)
    needs_assistance = forms.BooleanField(
        label="我存在阅读困难或视听障碍，需要帮助（条例第四十三条）", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Fields shown by applicant type (zwgk.js hides them for 自然人; without a script all fields show).
        self.fields["applicant_type"].switch = True  # type: ignore[attr-defined]
        for name in ("legal_representative", "contact_person"):
            self.fields[name].show_for = " ".join(ORGANISATION_COLUMNS)  # type: ignore[attr-defined]

    def clean_applicant_type(self) -> str:
        value: str = self.cleaned_data["applicant_type"]
        if value not in ("自然人", *ORGANISATION_COLUMNS):
            raise forms.ValidationError("请选择申请人类型")
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if not _PHONE.match(value) or sum(ch.isdigit() for ch in value) < 7:
            raise forms.ValidationError("请填写正确的联系电话，如 13800000000 或 022-84370000")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        id_type, number = data.get("id_type"), (data.get("id_number") or "").strip().upper()
        if number:
            if id_type == IdType.RESIDENT_ID and not valid_resident_id(number):
                self.add_error("id_number", "居民身份证号码不正确（18 位，末位校验码）")
            elif id_type == IdType.CREDIT_CODE and not valid_credit_code(number):
                self.add_error("id_number", "统一社会信用代码不正确（18 位）")
            data["id_number"] = number
        kind = data.get("applicant_type")
        if kind in ORGANISATION_COLUMNS and id_type in (IdType.RESIDENT_ID, IdType.PASSPORT, IdType.HK_MO_TW):
            self.add_error("id_type", "法人或其他组织请填写统一社会信用代码或其他证件")
        if kind == "自然人" and id_type == IdType.CREDIT_CODE:
            self.add_error("id_type", "自然人请填写身份证件")
        if kind in ORGANISATION_COLUMNS and not data.get("legal_representative"):
            self.add_error("legal_representative", "法人或其他组织请填写法定代表人或负责人")
        delivery = data.get("delivery")
        if delivery == Delivery.EMAIL and not data.get("email"):
            self.add_error("email", "选择电子邮件获取信息时，请填写电子邮箱")
        if delivery == Delivery.POST and not data.get("address"):
            self.add_error("address", "选择邮寄时，请填写通信地址")
        if delivery == Delivery.ONLINE and data.get("preferred_form") == PreferredForm.PAPER:
            self.add_error("delivery", "纸质文本不能网上获取，请选择邮寄或当面领取")
        return data


class AgencyChoiceField(forms.ModelChoiceField):
    """Citizens see the full official names (天津市东丽区人力资源和社会保障局), not internal short names."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class OnlineApplicationForm(ApplicantForm):
    agency = AgencyChoiceField(
        label="向哪个机关申请",
        queryset=Agency.objects.handling_applications().in_display_order(),
        empty_label="请选择",
        help_text="政府信息由制作或保存它的机关公开（条例第十条）；不确定时可选择区人民政府办公室",
    )
    identity_proof = forms.FileField(
        label="身份证明",
        help_text="身份证件或营业执照等的照片或扫描件（JPG、PNG 或 PDF）",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"}
        ),
    )
    declaration = forms.BooleanField(label="我承诺以上信息真实有效", required=True)
    # the signed token of an identity proof kept from a submit that failed on another field (core/formuploads.py)
    identity_proof_staged = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["agency", "applicant_type"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staged = formuploads.load(self.data.get("identity_proof_staged")) if self.is_bound else None
        if staged is not None:
            # FileField.clean falls back to the initial value when no new file is chosen
            self.initial["identity_proof"] = staged
            self.fields["identity_proof"].staged_name = staged.name  # type: ignore[attr-defined]

    def keep_uploads(self) -> None:
        """After a failed submit: stage a valid new identity proof so that the next submit need not repeat it."""
        upload = getattr(self, "cleaned_data", {}).get("identity_proof")
        if upload is None or upload is self.initial.get("identity_proof"):
            return
        token = formuploads.stage(upload)
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict on a bound form
        data["identity_proof_staged"] = token
        self.data = data
        self.fields["identity_proof"].staged_name = upload.name  # type: ignore[attr-defined]

    def clean_identity_proof(self) -> UploadedFile | None:
        return check_upload(
            self.cleaned_data.get("identity_proof"),
            limit_mb=settings.APPLICATION_MAX_PROOF_MB,
            label="身份证明",
        )


STAFF_CHANNELS = [(k, v) for k, v in CHANNELS.items() if k != "online"]


class StaffRegisterForm(ApplicantForm):
    channel = forms.ChoiceField(label="申请渠道", choices=STAFF_CHANNELS)
    submitted_on = forms.DateField(
        label="送达/提交日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[form_validator("送达/提交日期")],
    )
    signed_on = forms.DateField(
        label="签收日期（挂号信、快递等需签收的邮件）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[form_validator("签收日期")],
    )
    confirmed_on = forms.DateField(
        label="与申请人确认的日期（平信、电子邮件、传真）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[form_validator("确认日期")],
        help_text="条例第三十一条：平常信函于收到当日与申请人确认；电子邮件、传真以双方确认之日为收到申请之日",
    )
    identity_proof = forms.FileField(label="身份证明（扫描件，可选）", required=False)
    handler: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="承办人", queryset=None, required=False, empty_label="暂不分配"
    )

    field_order = ["channel", "submitted_on", "signed_on", "confirmed_on", "applicant_type"]

    def __init__(self, *args: Any, handlers: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        handler_field = self.fields["handler"]
        assert isinstance(handler_field, forms.ModelChoiceField)

        handler_field.queryset = User.objects.filter(pk__in=[u.pk for u in handlers])
        self.fields["submitted_on"].initial = timezone.localdate()
        self.fields["phone"].required = False
        self.fields["id_number"].required = False

    def clean_identity_proof(self) -> UploadedFile | None:
        return check_upload(
            self.cleaned_data.get("identity_proof"),
            limit_mb=settings.APPLICATION_MAX_PROOF_MB,
            label="身份证明",
        )


class LookupForm(forms.Form):
    number = forms.CharField(
        label="申请编号",
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label="查询码",
        max_length=20,
        help_text="提交申请时页面显示的 8 位查询码",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class ApplicantCorrectionForm(forms.Form):
    text = forms.CharField(
        label="补正内容", widget=forms.Textarea(attrs={"rows": 5}), max_length=4000, required=False
    )
    file = forms.FileField(
        label="补正材料（可选，JPG、PNG 或 PDF）",
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"}
        ),
    )

    def clean_file(self) -> UploadedFile | None:
        return check_upload(
            self.cleaned_data.get("file"), limit_mb=settings.APPLICATION_MAX_PROOF_MB, label="补正材料"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError("请填写补正内容或上传补正材料")
        return data


def _date_field(label: str, required: bool = False, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}), **kwargs
    )


def _past_date_field(label: str, required: bool = False) -> forms.DateField:
    """A date that has happened: from 2008-05-01 (the Regulation) through today (zwgk.core.dates)."""
    return _date_field(label, required, validators=[form_validator(label)])


class CorrectionForm(forms.Form):
    items = forms.CharField(label="需要补正的事项（一次性告知）", widget=forms.Textarea(attrs={"rows": 4}))
    correction_due = _date_field("补正期限", required=True)
    sent_on = _date_field("通知日期（默认今天）")


class CorrectionReceivedForm(forms.Form):
    corrected_on = _date_field("收到补正日期（默认今天）")
    text = forms.CharField(label="补正内容", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    file = forms.FileField(label="补正材料", required=False)

    def clean_file(self) -> UploadedFile | None:
        return check_upload(
            self.cleaned_data.get("file"), limit_mb=settings.APPLICATION_MAX_PROOF_MB, label="补正材料"
        )


class TransferForm(forms.Form):
    to_agency = AgencyChoiceField(
        label="转送至",
        queryset=Agency.objects.handling_applications().in_display_order(),
        empty_label="请选择",
    )
    reason = forms.CharField(label="转送理由", widget=forms.Textarea(attrs={"rows": 2}))
    transferred_on = _date_field("转送日期（默认今天）")


class AssignForm(forms.Form):
    handler: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="承办人", queryset=None, empty_label="请选择"
    )

    def __init__(self, *args: Any, handlers: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

        field = self.fields["handler"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=[u.pk for u in handlers])


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ConsultationKind.choices)
    party = forms.CharField(label="被征求意见方", max_length=100)
    party_address = forms.CharField(label="送达地址/联系方式", max_length=200, required=False)
    subject = forms.CharField(label="征求意见所涉信息", widget=forms.Textarea(attrs={"rows": 2}))
    sent_on = _date_field("发函日期（默认今天）")
    delivered_on = _date_field("送达日期（已知时填写；15 个工作日自送达次日起算）")


class ConsultationAnswerForm(forms.Form):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    response = forms.ChoiceField(label="意见", choices=ConsultationResponse.choices)
    answered_on = _date_field("收到意见日期（默认今天；逾期未提出意见的为期限届满日）")
    note = forms.CharField(label="意见摘要", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class FeeForm(forms.Form):
    method = forms.ChoiceField(label="计收方式（只能选一种）", choices=list(fees.METHODS.items()))
    quantity = forms.IntegerField(label="本月第几件 / 页数", min_value=0)
    payment_method = forms.CharField(
        label="缴费方式",
        widget=forms.Textarea(attrs={"rows": 2}),
        initial="通过非税收入缴款渠道缴纳，缴款后凭票据告知本机关",
    )
    sent_on = _date_field("通知日期（默认今天）")
    notice_received_on = _date_field("申请人收到通知日期（默认同通知日期）")


class PaymentForm(forms.Form):
    paid_on = _date_field("缴费日期（默认今天）")
    receipt_number = forms.CharField(label="票据号", max_length=50, required=False)


class ExtensionForm(forms.Form):
    working_days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(forms.Form):
    extension = forms.IntegerField(widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(
        label="审批意见", choices=[("1", "同意延期"), ("0", "不同意")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DraftForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果（年度报告统计口径）")
    reasons = forms.CharField(label="理由与说明", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    provision = forms.CharField(
        label="提供信息的方式、途径和时间",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="予以公开、部分公开时必填，如“所需信息见附件，您也可在本平台下载”",
    )
    referral_organ = forms.CharField(
        label="负责公开的机关名称（第三十六条第（五）项）", max_length=100, required=False
    )
    referral_contact = forms.CharField(label="该机关联系方式", max_length=200, required=False)
    legal_basis = forms.CharField(
        label="法律依据（留空则按办理结果自动填写）", max_length=200, required=False
    )
    attachment = forms.FileField(label="提供的信息（附件，可选）", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["outcome"]
        assert isinstance(field, forms.ChoiceField)
        keys = frozenset(
            k for group in grouped_outcome_choices() for k, _ in group[1] if k not in ENDING_OUTCOMES
        )
        field.choices = [("", "请选择"), *grouped_outcome_choices(keys)]

    def clean_attachment(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("attachment")
        if upload is not None and upload.size and upload.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"附件不能超过 {settings.MAX_UPLOAD_MB} MB")
        return upload


class LegalReviewDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审核意见", choices=[("1", "同意发出"), ("0", "退回修改")], coerce=lambda v: v == "1"
    )
    comments = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SendForm(forms.Form):
    sent_on = _date_field("答复日期（默认今天）")
    delivery_note = forms.CharField(
        label="送达方式", max_length=200, required=False, initial="网上获取并电子邮件送达"
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(label="撤回说明（书面撤回的，注明收到日期）", required=False, max_length=200)
    on = _date_field("撤回日期（默认今天）")


class NoteForm(forms.Form):
    note = forms.CharField(
        label="内部备注（申请人看不到）", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class DateOnlyForm(forms.Form):
    on = _date_field("日期（默认今天）")


class TemplateForm(forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 18}))


class ReviewCaseForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ReviewKind.choices)
    application_number = forms.CharField(label="关联申请编号", max_length=30, required=False)
    organ = forms.CharField(label="复议机关/审理法院", max_length=100)
    case_number = forms.CharField(label="案号", max_length=100, required=False)
    filed_on = _past_date_field("立案/受理日期", required=True)
    result = forms.ChoiceField(label="结果", choices=ReviewResult.choices, initial=ReviewResult.PENDING)
    concluded_on = _past_date_field("审结日期")
    summary = forms.CharField(
        label="案情与结果摘要", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class DeadlineForm(forms.Form):
    received = _date_field(
        "收到申请日期", required=True, validators=[form_validator("收到申请日期", planning=True)]
    )
    working_days = forms.IntegerField(label="工作日数", min_value=1, max_value=200, initial=20)
