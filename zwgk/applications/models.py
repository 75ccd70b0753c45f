"""Disclosure applications (依申请公开) and their sub-steps, reply letters, ledger and review cases.

Workflow (Art 45: 登记 → 审核 → 办理 → 答复 → 归档) as an explicit state machine: `Status` + the move table in applications/workflow.py;
`actions.py` is the only writer. Applicants' personal data lives only on `Application` and is shown in full
only to the handling agency's 承办人 and 工作机构负责人 (`applications.view_personal`).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zwgk.accounts.permissions import agency_scope
from zwgk.applications.clock import CHANNELS
from zwgk.applications.outcomes import APPLICANT_COLUMNS, OUTCOME_BY_KEY, outcome_choices
from zwgk.applications.rules import VIEW_ROLES
from zwgk.core.querycode import hash_query_code as hash_query_code  # re-exported for callers
from zwgk.core.querycode import new_query_code as new_query_code
from zwgk.core.querycode import query_code_matches


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待登记"
    REGISTERED = "registered", "待审核"
    AWAITING_CORRECTION = "awaiting_correction", "待补正"
    PROCESSING = "processing", "办理中"
    LEGAL_REVIEW = "legal_review", "法律审核中"
    APPROVED = "approved", "待发出答复"
    REPLIED = "replied", "已答复"
    ENDED = "ended", "终止处理"
    ARCHIVED = "archived", "已归档"


OPEN_STATUSES = frozenset(
    {
        Status.SUBMITTED,
        Status.REGISTERED,
        Status.AWAITING_CORRECTION,
        Status.PROCESSING,
        Status.LEGAL_REVIEW,
        Status.APPROVED,
    }
)
CONCLUDED_STATUSES = frozenset({Status.REPLIED, Status.ENDED, Status.ARCHIVED})

# Art 45: the five steps, and which statuses belong to each (for the progress bar staff and applicants see).
PHASES: list[tuple[str, frozenset[str]]] = [
    ("登记", frozenset({Status.SUBMITTED})),
    ("审核", frozenset({Status.REGISTERED, Status.AWAITING_CORRECTION})),
    ("办理", frozenset({Status.PROCESSING, Status.LEGAL_REVIEW, Status.APPROVED})),
    ("答复", frozenset({Status.REPLIED, Status.ENDED})),
    ("归档", frozenset({Status.ARCHIVED})),
]

CLOCK_STATE_LABELS = {
    "running": "计算中",
    "paused": "暂停计算（征求意见或缴费期间）",
    "awaiting_correction": "待补正（补正后重新计算）",
    "error": "无法计算",
    "not_started": "未起算（待登记确认）",
    "concluded": "已办结",
}


class Source(models.TextChoices):
    ONLINE = "online", "网上申请"
    STAFF = "staff", "工作人员登记"
    IMPORT = "import", "台账导入"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MO_TW = "hk_mo_tw", "港澳台居民证件"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他证件"


class PreferredForm(models.TextChoices):
    PAPER = "paper", "纸质文本"
    ELECTRONIC = "electronic", "电子文档"
    ANY = "any", "无特别要求"


class Delivery(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上获取（本平台下载）"
    FAX = "fax", "传真"


class ApplicantType(models.TextChoices):
    """Exactly the annual report's 申请人情况 columns (outcomes.APPLICANT_COLUMNS)."""

    NATURAL_PERSON = "自然人", "自然人"
    BUSINESS = "商业企业", "商业企业"
    RESEARCH = "科研机构", "科研机构"
    NONPROFIT = "社会公益组织", "社会公益组织"
    LEGAL_SERVICE = "法律服务机构", "法律服务机构"
    OTHER = "其他", "其他"


def applicant_key(name: str, id_number: str, phone: str) -> str:
    """A stable, non-reversible key for "the same applicant" (fee counts, repeats) without storing it twice."""
    basis = id_number.strip().upper() or f"{name.strip()}|{''.join(ch for ch in phone if ch.isdigit())}"
    return hashlib.sha256(f"zwgk-applicant|{basis}".encode()).hexdigest()


def _proof_path(instance: Any, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"applications/identity/{timezone.localdate():%Y/%m}/{secrets.token_hex(12)}.{suffix}"


def _attachment_path(instance: Any, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"applications/files/{timezone.localdate():%Y/%m}/{secrets.token_hex(12)}.{suffix}"


def _letter_path(instance: Any, filename: str) -> str:
    return f"applications/letters/{timezone.localdate():%Y/%m}/{secrets.token_hex(12)}-{filename}"


class ApplicationQuerySet(models.QuerySet["Application"]):
    def visible_to(self, user: Any) -> ApplicationQuerySet:
        """Applications the user may open: the agencies where they hold a role that handles or oversees them."""

        scope = agency_scope(user, VIEW_ROLES)
        return self if scope is None else self.filter(agency_id__in=scope)

    def open(self) -> ApplicationQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def concluded(self) -> ApplicationQuerySet:
        return self.filter(status__in=CONCLUDED_STATUSES)

    def received(self) -> ApplicationQuerySet:
        """Applications with an Art 31 receipt date (online ones awaiting confirmation are not received yet)."""
        return self.filter(received_on__isnull=False)

    def overdue(self, today: date) -> ApplicationQuerySet:
        return self.open().filter(reply_due__lt=today)

    def due_between(self, first: date, last: date) -> ApplicationQuerySet:
        return self.open().filter(reply_due__gte=first, reply_due__lte=last)

    def same_applicant(self, application: Application) -> ApplicationQuerySet:
        return self.filter(applicant_key=application.applicant_key).exclude(pk=application.pk)


class Application(models.Model):
    number = models.CharField("申请编号", max_length=30, unique=True)
    query_code_hash = models.CharField(max_length=64, editable=False)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="applications", verbose_name="承办单位"
    )
    status = models.CharField("状态", max_length=30, choices=Status.choices, default=Status.SUBMITTED)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.ONLINE)
    channel = models.CharField("申请渠道", max_length=20, choices=list(CHANNELS.items()))
    submitted_on = models.DateField("提交/送达日期")
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    signed_on = models.DateField("签收日期", null=True, blank=True)
    confirmed_on = models.DateField("双方确认日期", null=True, blank=True)
    received_on = models.DateField("收到申请日期", null=True, blank=True, db_index=True)
    receipt_rule = models.CharField("收到日期依据", max_length=200, blank=True)

    applicant_type = models.CharField("申请人类型", max_length=10, choices=ApplicantType.choices)
    applicant_name = models.CharField("申请人姓名/名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number = models.CharField("证件号码", max_length=50, blank=True)
    legal_representative = models.CharField("法定代表人/负责人", max_length=50, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postal_code = models.CharField("邮政编码", max_length=10, blank=True)
    identity_proof = models.FileField("身份证明", upload_to=_proof_path, blank=True, max_length=200)
    applicant_key = models.CharField(max_length=64, db_index=True, editable=False)
    needs_assistance = models.BooleanField("需要帮助（阅读困难或视听障碍，第四十三条）", default=False)

    description = models.TextField("所需信息的名称或特征描述")
    document_ref = models.CharField("文号", max_length=100, blank=True)
    preferred_form = models.CharField(
        "信息提供形式", max_length=20, choices=PreferredForm.choices, default=PreferredForm.ELECTRONIC
    )
    delivery = models.CharField("获取方式", max_length=20, choices=Delivery.choices, default=Delivery.ONLINE)

    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_applications",
        verbose_name="承办人",
    )
    reply_due = models.DateField("答复期限", null=True, blank=True, db_index=True)
    clock_state = models.CharField("期限状态", max_length=30, blank=True)
    clock_note = models.CharField("期限说明", max_length=300, blank=True)
    # Counted into a year whose holiday schedule is not published yet: shown 暂定 with `clock_note` as the reason.
    reply_due_provisional = models.BooleanField("答复期限暂定", default=False)
    correction_notice_due = models.DateField("补正告知期限", null=True, blank=True)
    outcome = models.CharField(
        "办理结果", max_length=40, choices=outcome_choices(), blank=True, db_index=True
    )
    concluded_on = models.DateField("办结日期", null=True, blank=True)
    days_used = models.PositiveIntegerField("用时（工作日）", null=True, blank=True)
    end_reason = models.CharField("终止说明", max_length=300, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    reminder_sent_on = models.DateField("提醒日期", null=True, blank=True)
    external_ref = models.CharField("原台账编号", max_length=50, blank=True)
    staff_note = models.TextField("内部备注", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "external_ref"], condition=~Q(external_ref=""), name="unique_external_ref"
            ),
            models.CheckConstraint(
                condition=Q(status=Status.SUBMITTED) | Q(received_on__isnull=False),
                name="received_unless_submitted",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status__in=sorted(s.value for s in CONCLUDED_STATUSES), concluded_on__isnull=False)
                    & ~Q(outcome="")
                )
                | (
                    Q(status__in=sorted(s.value for s in OPEN_STATUSES), concluded_on__isnull=True)
                    & Q(outcome="")
                ),
                name="outcome_iff_concluded",
            ),
            models.CheckConstraint(
                condition=Q(applicant_type__in=list(APPLICANT_COLUMNS)), name="applicant_type_is_a_column"
            ),
        ]
        indexes = [models.Index(fields=["agency", "status"]), models.Index(fields=["agency", "received_on"])]

    def __str__(self) -> str:
        # Never the applicant's name: this string reaches audit events and logs.
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def outcome_label(self) -> str:
        return OUTCOME_BY_KEY[self.outcome].short if self.outcome else ""

    @property
    def request_text(self) -> str:
        """What the applicant asks for: the corrected request when a 补正 arrived, else the original."""
        correction = getattr(self, "correction", None)
        if correction is not None and correction.corrected_text:
            return correction.corrected_text
        return self.description

    @property
    def reply_due_display(self) -> str:
        """The due date as every surface shows it: `2027-01-04（暂定）` while it is provisional."""
        if self.reply_due is None:
            return ""
        text = self.reply_due.isoformat()
        return f"{text}（暂定）" if self.reply_due_provisional else text

    @property
    def clock_state_label(self) -> str:
        return CLOCK_STATE_LABELS.get(self.clock_state, self.clock_state)

    @property
    def phase(self) -> str:
        return next(name for name, statuses in PHASES if self.status in statuses)

    @property
    def masked_name(self) -> str:
        return mask_name(self.applicant_name)

    def check_query_code(self, code: str) -> bool:
        return query_code_matches(self.number, code, self.query_code_hash)


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳小明 → 欧阳**; organisations keep their first 2 and last 2 characters."""
    name = name.strip()
    if not name:
        return ""
    if len(name) <= 4:
        keep = 2 if len(name) == 4 else 1
        return name[:keep] + "*" * (len(name) - keep)
    return name[:2] + "*" * (len(name) - 4) + name[-2:]


def mask_middle(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    value = value.strip()
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


class CorrectionRequest(models.Model):
    """The one 补正 notice an application may receive (Art 30: 一次性告知)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="correction")
    sent_on = models.DateField("补正通知日期")
    items = models.TextField("需要补正的事项")
    correction_due = models.DateField("补正期限")
    corrected_on = models.DateField("收到补正日期", null=True, blank=True)
    corrected_text = models.TextField("补正内容", blank=True)
    corrected_file = models.FileField("补正材料", upload_to=_attachment_path, blank=True, max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "补正通知"
        verbose_name_plural = "补正通知"
        constraints = [
            models.CheckConstraint(
                condition=Q(correction_due__gte=models.F("sent_on")), name="correction_due_after"
            )
        ]

    def __str__(self) -> str:
        return f"补正通知（{self.sent_on}）"


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", "征求第三方意见（第三十二条）"
    INTER_AGENCY = "inter_agency", "征求其他机关意见（第三十四条）"


class ConsultationResponse(models.TextChoices):
    AGREE = "agree", "同意公开"
    OBJECT = "object", "不同意公开"
    PARTIAL = "partial", "部分同意公开"
    NO_REPLY = "no_reply", "逾期未提出意见"


class Consultation(models.Model):
    """A third-party (Art 32) or inter-agency (Art 34) consultation; the consultee has 15 working days."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField("类型", max_length=20, choices=ConsultationKind.choices)
    party = models.CharField("被征求意见方", max_length=100)
    party_address = models.CharField("送达地址/联系方式", max_length=200, blank=True)
    subject = models.TextField("征求意见的信息")
    sent_on = models.DateField("发出日期")
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    # None while the holiday schedule of the year it falls in is not loaded (filled in by the daily sweep).
    due_on = models.DateField("答复截止日期", null=True, blank=True, db_index=True)
    answered_on = models.DateField("收到意见日期", null=True, blank=True)
    response = models.CharField("意见", max_length=20, choices=ConsultationResponse.choices, blank=True)
    response_note = models.TextField("意见摘要", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["sent_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=models.F("sent_on")),
                name="consultation_answer_after_sent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.party}"

    @property
    def is_open(self) -> bool:
        return self.answered_on is None


class FeeNotice(models.Model):
    """The one 收费通知 of an application: one method, never both (109号 Art 3)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="fee")
    method = models.CharField(
        "计收方式", max_length=10, choices=[("count", "按件计收"), ("pages", "按量计收")]
    )
    quantity = models.PositiveIntegerField("件次/页数")
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    standard = models.TextField("收费标准")
    payment_method = models.TextField("缴费方式")
    sent_on = models.DateField("发出日期")
    notice_received_on = models.DateField("申请人收到通知日期")
    # None while the holiday schedule of the year it falls in is not loaded (filled in by the daily sweep).
    pay_due = models.DateField("缴费期限", null=True, blank=True, db_index=True)
    paid_on = models.DateField("缴费日期", null=True, blank=True)
    receipt_number = models.CharField("票据号", max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "收费通知"
        verbose_name_plural = "收费通知"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fee_amount_positive"),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True) | Q(paid_on__gte=models.F("sent_on")),
                name="fee_paid_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"收费通知 {self.amount} 元"


class Extension(models.Model):
    """A request to extend the reply period (Art 33): approved by the 工作机构负责人, at most once."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="extensions")
    working_days = models.PositiveSmallIntegerField("延长工作日数")
    reason = models.TextField("延期理由")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_on = models.DateField("申请日期")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField("审批日期", null=True, blank=True)
    approved = models.BooleanField("同意", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["requested_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=Q(approved=True), name="one_extension"),
            models.UniqueConstraint(
                fields=["application"], condition=Q(approved__isnull=True), name="one_pending_extension"
            ),
            models.CheckConstraint(
                condition=Q(working_days__gte=1) & Q(working_days__lte=20), name="extension_at_most_20"
            ),
        ]

    def __str__(self) -> str:
        return f"延期 {self.working_days} 个工作日"


class Transfer(models.Model):
    """The application moved to the agency responsible for the information (Art 10, Art 36(5))."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transfers")
    from_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    transferred_on = models.DateField("转送日期")
    # The day the sending agency had received it: the sender counts the application as received then and
    # concluded on the transfer day (annual report: 无法提供—本机关不掌握相关政府信息).
    sender_received_on = models.DateField("转出单位收到申请日期", null=True, blank=True)
    reason = models.TextField("转送理由")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = "转送记录"
        verbose_name_plural = "转送记录"
        ordering = ["transferred_on", "id"]

    def __str__(self) -> str:
        return f"转送（{self.transferred_on}）"


class Reply(models.Model):
    """The draft and then the sent reply (答复告知书)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="reply")
    outcome = models.CharField("办理结果", max_length=40, choices=outcome_choices())
    reasons = models.TextField("理由与说明", blank=True)
    provision = models.TextField("信息提供方式、途径和时间", blank=True)
    referral_organ = models.CharField("负责公开的机关名称", max_length=100, blank=True)
    referral_contact = models.CharField("负责公开的机关联系方式", max_length=200, blank=True)
    legal_basis = models.CharField("法律依据", max_length=200, blank=True)
    attachment = models.FileField(
        "提供的信息（附件）", upload_to=_attachment_path, blank=True, max_length=200
    )
    attachment_name = models.CharField(max_length=200, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    sent_on = models.DateField("答复日期", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    delivery_note = models.CharField("送达方式", max_length=200, blank=True)

    class Meta:
        verbose_name = "答复"
        verbose_name_plural = "答复"

    def __str__(self) -> str:
        return f"答复：{self.outcome_label}"

    @property
    def outcome_label(self) -> str:
        return OUTCOME_BY_KEY[self.outcome].short

    def permission_agency_ids(self) -> list[int]:
        return [self.application.agency_id]

    @property
    def agency(self) -> Any:
        return self.application.agency

    @property
    def title(self) -> str:
        return f"{self.application.number} 答复"

    @property
    def review_text(self) -> str:
        """The reply's own text that the secrecy review screens and masks (the letter template around it is
        the district's fixed wording): its REVIEW_TEXT_FIELDS joined by a separator typing does not produce."""
        return REPLY_TEXT_SEPARATOR.join(
            str(getattr(self, name)).replace(REPLY_TEXT_SEPARATOR, " ") for name in REVIEW_TEXT_FIELDS
        )

    def split_review_text(self, text: str) -> dict[str, str] | None:
        """The fields of a `review_text` after redaction; None when it no longer has their number."""
        parts = text.split(REPLY_TEXT_SEPARATOR)
        if len(parts) != len(REVIEW_TEXT_FIELDS):
            return None
        return dict(zip(REVIEW_TEXT_FIELDS, parts, strict=True))


# The reply's free text, in the order the reply letter shows it (screened by the secrecy review).
REVIEW_TEXT_FIELDS = ("reasons", "provision", "referral_organ", "referral_contact")
REPLY_TEXT_SEPARATOR = "\x1e"


class ReviewDecision(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "同意发出"
    RETURNED = "returned", "退回修改"


class LegalReview(models.Model):
    """A 法律顾问's review of the draft reply before it goes out."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="legal_reviews")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=ReviewDecision.choices, default=ReviewDecision.PENDING)
    comments = models.TextField("审核意见", blank=True)
    draft_snapshot = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "法律审核"
        verbose_name_plural = "法律审核"
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(decision="pending"), name="one_pending_legal_review"
            )
        ]

    def __str__(self) -> str:
        return f"法律审核：{self.get_decision_display()}"


class LetterKind(models.TextChoices):
    REPLY = "reply", "政府信息公开申请答复告知书"
    CORRECTION = "correction", "补正申请告知书"
    EXTENSION = "extension", "延期答复告知书"
    THIRD_PARTY = "third_party", "第三方意见征询函"
    INTER_AGENCY = "inter_agency", "征求意见函（其他机关）"
    FEE = "fee", "收取信息处理费通知书"
    TRANSFER = "transfer", "转送告知书"


# Letters addressed to the applicant (downloadable on the status page); consultation letters are not.
APPLICANT_LETTERS = frozenset(
    {LetterKind.REPLY, LetterKind.CORRECTION, LetterKind.EXTENSION, LetterKind.FEE, LetterKind.TRANSFER}
)


class LetterQuerySet(models.QuerySet["Letter"]):
    def for_applicant(self) -> LetterQuerySet:
        return self.filter(kind__in=[k.value for k in APPLICANT_LETTERS])


class Letter(models.Model):
    """A notice or reply as sent: the .docx and PDF are fixed when the letter goes out."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    title = models.CharField(max_length=100)
    number = models.CharField("文号", max_length=60)
    issued_on = models.DateField("日期")
    docx = models.FileField(upload_to=_letter_path, max_length=200)
    pdf = models.FileField(upload_to=_letter_path, max_length=200)
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"

    @property
    def for_applicant(self) -> bool:
        return self.kind in APPLICANT_LETTERS


class LetterTemplate(models.Model):
    """Admin-edited wording of a letter; the built-in default (letters.DEFAULTS) applies when absent."""

    key = models.CharField("模板", max_length=60, unique=True)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文", help_text="可使用 {{申请人}} 等占位符；空行分段")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title


class ReviewKind(models.TextChoices):
    REVIEW = "review", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼（复议后起诉）"


class ReviewResult(models.TextChoices):
    UPHELD = "维持", "结果维持"
    CORRECTED = "纠正", "结果纠正"
    OTHER = "其他", "其他结果"
    PENDING = "尚未审结", "尚未审结"


class ReviewCaseQuerySet(models.QuerySet["ReviewCase"]):
    def visible_to(self, user: Any) -> ReviewCaseQuerySet:

        scope = agency_scope(user, VIEW_ROLES)
        return self if scope is None else self.filter(agency_id__in=scope)


class ReviewCase(models.Model):
    """行政复议 / 行政诉讼 arising from an application (annual report section 四)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="被申请单位"
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_cases",
        verbose_name="关联申请",
    )
    kind = models.CharField("类型", max_length=30, choices=ReviewKind.choices)
    result = models.CharField(
        "结果", max_length=10, choices=ReviewResult.choices, default=ReviewResult.PENDING
    )
    filed_on = models.DateField("立案/受理日期")
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    organ = models.CharField("复议机关/审理法院", max_length=100)
    case_number = models.CharField("案号", max_length=100, blank=True)
    summary = models.TextField("案情与结果摘要", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "行政复议/诉讼"
        verbose_name_plural = "行政复议/诉讼"
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(result="尚未审结") & Q(concluded_on__isnull=True))
                | (~Q(result="尚未审结") & Q(concluded_on__isnull=False)),
                name="review_concluded_iff_result",
            ),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=models.F("filed_on")),
                name="review_concluded_after_filed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.pk}"


class NumberSequence(models.Model):
    """Per-year serial of application numbers (locked row while allocating)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
