"""保密审查 (secrecy review): screenings of what is about to be disclosed, their findings and resolutions, and
the staff-edited sensitive-term lexicon.

Three kinds of owner go through the review (Regulation Art 17): a record (documents.Record, its body), a policy
interpretation (documents.Interpretation, 解读内容 and 问答) and a 依申请公开 reply (applications.Reply, its text).
A `Screening` names its subject by exactly one nullable foreign key: the owner itself (its text), a
documents.Attachment of a record or interpretation, or the reply with kind "attachment" (the reply's one file).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from zwgk.accounts.permissions import agency_scope
from zwgk.accounts.roles import Role
from zwgk.applications.models import Reply
from zwgk.applications.models import Status as ApplicationStatus
from zwgk.documents.models import Attachment, Interpretation, Record
from zwgk.screening import CATEGORY_LABELS

# Categories the review step adds to the library's: a subject that could not be screened, and one whose text
# cannot be read automatically (images, scanned PDFs) and needs a human look.
UNSCREENABLE = "unscreenable"
WORDING = (
    "wording"  # 规范表述 (zwgk.screening.wording): corrected through the same text replacement as masking
)
MANUAL_REVIEW = "manual_review"
ALL_CATEGORY_LABELS: dict[str, str] = {
    **CATEGORY_LABELS,
    UNSCREENABLE: "无法自动筛查",
    MANUAL_REVIEW: "需人工审查",
}

# Roles that see findings (they contain the personal data found): the agency's review chain and the 公开办.
VIEW_ROLES = (
    Role.SECRECY_REVIEWER,
    Role.DRAFTER,
    Role.SIGNER,
    Role.AGENCY_ADMIN,
    Role.DISTRICT_ADMIN,
    Role.SUPERVISOR,
)
# A reply's findings are the applicant's personal data: only who may see the application's personal data, and
# the agency's 保密审查员, see them (applications.view_personal).
REPLY_VIEW_ROLES = (Role.APPLICATION_HANDLER, Role.OFFICE_HEAD, Role.SECRECY_REVIEWER)
# A reply is screened from its submission to legal review until it is sent.
REPLY_SCREENED_STATUSES = (ApplicationStatus.LEGAL_REVIEW, ApplicationStatus.APPROVED)

Owner = Record | Interpretation | Reply
# The foreign keys that name a subject; exactly one is set (screening_one_subject).
SUBJECT_FIELDS = ("record", "interpretation", "attachment", "reply")


class SubjectKind(models.TextChoices):
    BODY = "body", "正文"
    ATTACHMENT = "attachment", "附件"


class ScreeningStatus(models.TextChoices):
    PENDING = "pending", "待筛查"
    RUNNING = "running", "筛查中"
    DONE = "done", "已完成"
    FAILED = "failed", "无法自动筛查"


def in_review_q(prefix: str = "") -> Q:
    """Rows (screenings, or findings with prefix "screening__") whose owner awaits the secrecy review now: the
    to-do lists show only these, since nobody can act on a record returned to draft or withdrawn. Each owner
    model's own named queryset defines "in review"."""
    records = Record.objects.in_secrecy_review()
    items = Interpretation.objects.in_secrecy_review()
    return (
        Q(**{f"{prefix}record__in": records})
        | Q(**{f"{prefix}interpretation__in": items})
        | Q(**{f"{prefix}attachment__record__in": records})
        | Q(**{f"{prefix}attachment__interpretation__in": items})
        | Q(**{f"{prefix}reply__application__status__in": REPLY_SCREENED_STATUSES})
    )


def owner_q(owner: Owner, prefix: str = "") -> Q:
    """Rows of every subject of `owner` (its text and its attachments)."""
    if isinstance(owner, Reply):
        return Q(**{f"{prefix}reply": owner})
    if isinstance(owner, Interpretation):
        return Q(**{f"{prefix}interpretation": owner}) | Q(**{f"{prefix}attachment__interpretation": owner})
    return Q(**{f"{prefix}record": owner}) | Q(**{f"{prefix}attachment__record": owner})


def visible_q(user: Any, prefix: str = "") -> Q | None:
    """Rows `user` may see (None: all): documents' subjects by VIEW_ROLES, replies' by REPLY_VIEW_ROLES."""
    documents_scope = agency_scope(user, VIEW_ROLES)
    reply_scope = agency_scope(user, REPLY_VIEW_ROLES)
    if documents_scope is None and reply_scope is None:
        return None
    is_reply = Q(**{f"{prefix}reply__isnull": False})
    documents = ~is_reply if documents_scope is None else ~is_reply & Q(agency_id__in=documents_scope)
    replies = is_reply if reply_scope is None else is_reply & Q(agency_id__in=reply_scope)
    return documents | replies


class ScreeningQuerySet(models.QuerySet["Screening"]):
    def visible_to(self, user: Any) -> ScreeningQuerySet:
        condition = visible_q(user)
        return self if condition is None else self.filter(condition)

    def for_owner(self, owner: Owner) -> ScreeningQuerySet:
        return self.filter(owner_q(owner))

    def of_owners_in_review(self) -> ScreeningQuerySet:
        """Screenings of owners awaiting the secrecy review now (not returned to draft, withdrawn, sent …)."""
        return self.filter(in_review_q())

    def stuck(self, pending_before: Any, running_before: Any) -> ScreeningQuerySet:
        """Screenings whose task was lost (worker restarted): pending or running for too long."""
        return self.filter(
            Q(status=ScreeningStatus.PENDING, requested_at__lt=pending_before)
            | Q(status=ScreeningStatus.RUNNING, started_at__lt=running_before)
        )


class Screening(models.Model):
    """The latest automatic screening of one subject: an owner's text, or one of its attachments."""

    record = models.ForeignKey(
        Record, on_delete=models.CASCADE, null=True, blank=True, related_name="screenings"
    )
    interpretation = models.ForeignKey(
        Interpretation, on_delete=models.CASCADE, null=True, blank=True, related_name="screenings"
    )
    attachment = models.ForeignKey(
        Attachment, on_delete=models.CASCADE, null=True, blank=True, related_name="screenings"
    )
    # kind "body": the reply's text; kind "attachment": the reply's file (提供的信息).
    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="screenings"
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    kind = models.CharField("类型", max_length=20, choices=SubjectKind.choices)
    label = models.CharField("名称", max_length=255)
    status = models.CharField(
        "状态", max_length=20, choices=ScreeningStatus.choices, default=ScreeningStatus.PENDING, db_index=True
    )
    error = models.TextField("无法筛查的原因", blank=True)
    # Fingerprint of the screened source (body text, or attachment name/size/extracted text): a mismatch
    # with the current source means the screening is stale.
    source_sha256 = models.CharField(max_length=64, blank=True)
    screened_sha256 = models.CharField(max_length=64, blank=True)
    char_count = models.PositiveIntegerField("字数", default=0)
    requested_at = models.DateTimeField("请求时间")
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # The background worker running it (zwgk.core.worker), and how often a worker died while running it.
    worker = models.CharField("后台进程", max_length=100, blank=True)
    lost_count = models.PositiveSmallIntegerField("后台进程中断次数", default=0)

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        verbose_name = "自动筛查"
        verbose_name_plural = "自动筛查"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    record__isnull=False,
                    interpretation__isnull=True,
                    attachment__isnull=True,
                    reply__isnull=True,
                )
                | Q(
                    record__isnull=True,
                    interpretation__isnull=False,
                    attachment__isnull=True,
                    reply__isnull=True,
                )
                | Q(
                    record__isnull=True,
                    interpretation__isnull=True,
                    attachment__isnull=False,
                    reply__isnull=True,
                )
                | Q(
                    record__isnull=True,
                    interpretation__isnull=True,
                    attachment__isnull=True,
                    reply__isnull=False,
                ),
                name="secrecy_screening_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(reply__isnull=False)
                | Q(attachment__isnull=False, kind="attachment")
                | Q(attachment__isnull=True, kind="body"),
                name="secrecy_screening_kind_matches_subject",
            ),
            models.UniqueConstraint(
                fields=["record"], condition=Q(record__isnull=False), name="secrecy_one_screening_per_record"
            ),
            models.UniqueConstraint(
                fields=["interpretation"],
                condition=Q(interpretation__isnull=False),
                name="secrecy_one_screening_per_interpretation",
            ),
            models.UniqueConstraint(
                fields=["attachment"],
                condition=Q(attachment__isnull=False),
                name="secrecy_one_screening_per_attachment",
            ),
            models.UniqueConstraint(
                fields=["reply", "kind"],
                condition=Q(reply__isnull=False),
                name="secrecy_one_screening_per_reply_part",
            ),
            models.CheckConstraint(
                condition=~Q(status="running") | Q(started_at__isnull=False), name="secrecy_running_has_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.get_status_display()}）"

    @property
    def owner(self) -> Owner:
        """The record, interpretation or reply this subject belongs to (whose review it blocks)."""
        if self.attachment_id:
            return self.attachment.owner  # type: ignore[union-attr]
        return self.record or self.interpretation or self.reply  # type: ignore[return-value]


class Resolution(models.TextChoices):
    OPEN = "open", "待处理"
    MASKED = "masked", "已脱敏"
    CONFIRMED = "confirmed", "确认可以公开"
    FALSE_POSITIVE = "false_positive", "误报"


# The one table of allowed resolution changes. Masking rewrites the published text and cannot be undone here.
RESOLUTION_TRANSITIONS: dict[str, frozenset[str]] = {
    Resolution.OPEN: frozenset({Resolution.MASKED, Resolution.CONFIRMED, Resolution.FALSE_POSITIVE}),
    Resolution.CONFIRMED: frozenset({Resolution.OPEN}),
    Resolution.FALSE_POSITIVE: frozenset({Resolution.OPEN}),
    Resolution.MASKED: frozenset(),
}


class FindingQuerySet(models.QuerySet["Finding"]):
    def current(self) -> FindingQuerySet:
        return self.filter(is_current=True)

    def open_blocking(self) -> FindingQuerySet:
        return self.current().filter(severity="block", resolution=Resolution.OPEN)

    def of_owners_in_review(self) -> FindingQuerySet:
        """Findings of owners awaiting the secrecy review now (see ScreeningQuerySet.of_owners_in_review)."""
        return self.filter(in_review_q("screening__"))

    def visible_to(self, user: Any) -> FindingQuerySet:
        condition = visible_q(user, "screening__")
        return self if condition is None else self.filter(condition)


class Finding(models.Model):
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="findings")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    category = models.CharField("类别", max_length=30)
    severity = models.CharField("严重程度", max_length=10, choices=[("block", "须处理"), ("warn", "提示")])
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")
    text = models.TextField("内容")
    masked = models.TextField("建议脱敏形式", null=True, blank=True)
    reason = models.TextField("原因")
    context_before = models.CharField(max_length=80, blank=True)
    context_after = models.CharField(max_length=80, blank=True)
    # n-th occurrence of the same (category, text) in the subject: resolutions carry over to a re-screening.
    ordinal = models.PositiveIntegerField(default=0)
    is_current = models.BooleanField(default=True, help_text="False for masked findings kept as history")
    resolution = models.CharField(
        "处理结果", max_length=20, choices=Resolution.choices, default=Resolution.OPEN, db_index=True
    )
    resolution_reason = models.TextField("处理说明", blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = "筛查发现"
        verbose_name_plural = "筛查发现"
        ordering = ["screening_id", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolution="open") | Q(resolved_at__isnull=False),
                name="secrecy_resolved_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(resolution="confirmed") | ~Q(resolution_reason=""),
                name="secrecy_confirmed_has_reason",
            ),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="secrecy_finding_span"),
        ]

    def __str__(self) -> str:
        return f"{self.category_label}：{self.display_text}"

    @property
    def category_label(self) -> str:
        return ALL_CATEGORY_LABELS.get(self.category, self.category)

    @property
    def display_text(self) -> str:
        """What audit events and lists may show: the masked form where there is one (a 规范表述 finding is no
        personal data: its wrong form is shown)."""
        if self.category == WORDING:
            return self.text[:40]
        return self.masked if self.masked else self.text[:40]

    @property
    def is_wording(self) -> bool:
        return self.category == WORDING

    @property
    def maskable(self) -> bool:
        return self.masked is not None or self.category == "aggregation"


class LexiconTermQuerySet(models.QuerySet["LexiconTerm"]):
    def active(self) -> LexiconTermQuerySet:
        return self.filter(is_active=True)


class LexiconTerm(models.Model):
    """One term of the staff-edited sensitive-term lexicon (敏感词库)."""

    term = models.CharField("敏感词", max_length=50, unique=True)
    category = models.CharField("分类", max_length=30, help_text="如：敏感个人信息、工作秘密、过程性信息")
    severity = models.CharField(
        "严重程度",
        max_length=10,
        choices=[("block", "须处理（阻止发布）"), ("warn", "提示")],
        default="warn",
    )
    note = models.CharField("说明", max_length=200, blank=True, help_text="向审查人说明为什么要注意这个词")
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = LexiconTermQuerySet.as_manager()

    class Meta:
        verbose_name = "敏感词"
        verbose_name_plural = "敏感词库"
        ordering = ["category", "term"]
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__in=["block", "warn"]), name="secrecy_lexicon_severity"
            ),
            models.CheckConstraint(condition=~Q(term=""), name="secrecy_lexicon_term_not_empty"),
        ]

    def __str__(self) -> str:
        return self.term


class WordingRuleQuerySet(models.QuerySet["WordingRule"]):
    def active(self) -> WordingRuleQuerySet:
        return self.filter(is_active=True)


WORDING_KINDS = [(k, k) for k in ("机构名称", "领导职务", "规范用语", "错别字", "其他")]


class WordingRule(models.Model):
    """One entry of the staff-maintained 规范表述 list (wrong → right): a hit in a record's or interpretation's text
    is a blocking finding of category "wording" in the 保密审查 screening (issue 21 item 5; CHK2019 single veto
    严重表述错误, regulations.md §4.1). Shipped default: zwgk/screening/data/default_wording.tsv (data migration)."""

    wrong = models.CharField("错误表述", max_length=50, unique=True)
    right = models.CharField("规范表述", max_length=50)
    kind = models.CharField("类别", max_length=10, choices=WORDING_KINDS, default="其他")
    note = models.CharField("说明", max_length=200, blank=True, help_text="依据或注意事项，向审查人说明")
    exceptions = models.TextField(
        "例外用语", blank=True, help_text="包含错误表述但本身正确的用语，一行一个（如“农业部门”不是“农业部”）"
    )
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = WordingRuleQuerySet.as_manager()

    class Meta:
        verbose_name = "规范表述"
        verbose_name_plural = "规范表述"
        ordering = ["kind", "wrong"]
        constraints = [
            models.CheckConstraint(condition=~Q(wrong=""), name="secrecy_wording_wrong_not_empty"),
            models.CheckConstraint(condition=~Q(right=""), name="secrecy_wording_right_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.wrong} → {self.right}"
