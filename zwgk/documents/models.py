"""The government information catalogue: records (政府信息), interpretations (政策解读), attachments, the
theme taxonomy (主题分类), periodic reviews of non-public records (定期审查) and the agencies' 公开指南.

State changes go through `zwgk.documents.actions`; reads through the QuerySet methods below. The one
definition of "public" is `RecordQuerySet.public()` (and `InterpretationQuerySet.public()` /
`AttachmentQuerySet.public()`, which are defined through it).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zwgk.accounts.permissions import agency_scope
from zwgk.accounts.roles import Role
from zwgk.core.workflow import Workflow
from zwgk.documents import workflow
from zwgk.documents.grounds import (
    STATUTORY_CATEGORIES,
    WITHHOLD_CODES,
    category_article,
    ground_choices,
    ground_label,
)

STAFF_ROLES = list(Role)


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "待保密审查"
    AWAITING_SIGNOFF = "awaiting_signoff", "待审签"
    APPROVED = "approved", "已审定待同步发布"  # interpretations only: signed off, waiting for their policy
    PUBLISHED = "published", "已发布"
    FILED = "filed", "已定稿（不公开）"  # records only: a non-public record after sign-off
    WITHDRAWN = "withdrawn", "已撤回"


class Openness(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class Validity(models.TextChoices):
    CURRENT = "current", "现行有效"
    AMENDED = "amended", "已修改"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "已失效"


class Kind(models.TextChoices):
    POLICY = "policy", "政策文件"
    INFORMATION = "information", "其他政府信息"
    DISCLOSURE_RULE = "disclosure_rule", "政府信息公开制度"


class Genre(models.TextChoices):
    # 党政机关公文处理工作条例 (2012) Art 8: the 15 kinds of official documents, plus the usual others.
    DECISION_RESOLUTION = "resolution", "决议"
    DECISION = "decision", "决定"
    ORDER = "order", "命令（令）"
    COMMUNIQUE = "communique", "公报"
    ANNOUNCEMENT = "announcement", "公告"
    PUBLIC_NOTICE = "public_notice", "通告"
    OPINION = "opinion", "意见"
    NOTICE = "notice", "通知"
    BULLETIN = "bulletin", "通报"
    REPORT = "report", "报告"
    REQUEST = "request", "请示"
    REPLY = "reply", "批复"
    MOTION = "motion", "议案"
    LETTER = "letter", "函"
    MINUTES = "minutes", "纪要"
    PLAN = "plan", "规划、计划、方案"
    MEASURES = "measures", "办法、规定、细则"
    OTHER = "other", "其他"


class NormativeKind(models.TextChoices):
    NONE = "", "否"
    REGULATION = "regulation", "规章"
    NORMATIVE = "normative", "行政规范性文件"


class DisclosureMode(models.TextChoices):
    """公开方式 (work plan item 十二): several may apply to one record. Only INTERNET and PUBLICITY put the record on
    the website (`Record.on_internet`); LIMITED (特定范围公开) never does (zwgk.documents.publicity)."""

    INTERNET = "internet", "互联网公开"
    LIMITED = "limited", "特定范围公开"
    PUBLICITY = "publicity", "公示"
    READING_ROOM = "reading_room", "公开查阅点"
    NOTICE_BOARD = "notice_board", "公示栏"
    OTHER = "other", "其他"


# The modes that put a record on the website; `Record.on_internet` is True iff the record has one of them.
INTERNET_MODES = frozenset({DisclosureMode.INTERNET.value, DisclosureMode.PUBLICITY.value})


def default_disclosure_modes() -> list[str]:
    return [DisclosureMode.INTERNET.value]


class InterpretationForm(models.TextChoices):
    TEXT = "text", "文字解读"
    GRAPHIC = "graphic", "图解"
    VIDEO = "video", "视频解读"
    QA = "qa", "问答"


class Theme(models.Model):
    """Two-level 主题分类 (gov.cn style, e.g. 综合政务\\政务公开); edited by the 公开办."""

    name = models.CharField("名称", max_length=50)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级"
    )
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="theme_unique_name_per_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="theme_unique_top_name"
            ),
        ]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        return f"{self.parent.name}\\{self.name}" if self.parent_id and self.parent else self.name


class IssuerLevel(models.TextChoices):
    NATIONAL = "national", "中央"
    PROVINCIAL = "provincial", "省级（含直辖市）"
    MUNICIPAL = "municipal", "市级"
    OTHER = "other", "其他"


class IssuerQuerySet(models.QuerySet["Issuer"]):
    def active(self) -> IssuerQuerySet:
        return self.filter(is_active=True)


class Issuer(models.Model):
    """A body outside the district's agency directory that issues documents filed in the policy library
    (全国人大常委会, 国务院, 天津市人民政府 …); the list is maintained by the 公开办."""

    name = models.CharField("机关名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    aliases = models.CharField("其他名称", max_length=300, blank=True, help_text="多个用“、”分隔")
    level = models.CharField("层级", max_length=12, choices=IssuerLevel.choices, default=IssuerLevel.NATIONAL)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    objects = IssuerQuerySet.as_manager()

    class Meta:
        verbose_name = "区外发文机关"
        verbose_name_plural = "区外发文机关"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    def names(self) -> list[str]:
        import re

        found: list[str] = []
        for value in [self.name, self.short_name, *re.split(r"[、;；,，]", self.aliases or "")]:
            value = value.strip()
            if value and value not in found:
                found.append(value)
        return found


def _now() -> Any:
    return timezone.now()


class RecordQuerySet(models.QuerySet["Record"]):
    def public(self) -> RecordQuerySet:
        """THE definition of public: 主动公开, 已发布 (not withdrawn), publication time reached, on the website
        (互联网公开 or 公示 — never 特定范围公开) and, for a 公示, not past its last day (today's local date)."""
        return self.filter(
            Q(publicity_ends__isnull=True) | Q(publicity_ends__gte=timezone.localdate()),
            status=Status.PUBLISHED,
            openness=Openness.PROACTIVE,
            published_at__lte=_now(),
            on_internet=True,
        )

    def own(self) -> RecordQuerySet:
        """The district's own documents: not laws or upper-level policies filed under an outside issuer. Only
        these count in the district's 法定主动公开 figures and its annual reports."""
        return self.filter(issuer__isnull=True)

    def visible_to(self, user: Any) -> RecordQuerySet:
        """Records a staff member may see in the workspace: their agencies' (lead or joint), or all."""
        scope = agency_scope(user, STAFF_ROLES)
        if scope is None:
            return self
        if not scope:
            return self.none()
        joint = Record.co_agencies.through.objects.filter(agency_id__in=scope).values("record_id")
        return self.filter(Q(agency_id__in=scope) | Q(pk__in=joint))

    def policies(self) -> RecordQuerySet:
        return self.filter(kind=Kind.POLICY)

    def normative(self) -> RecordQuerySet:
        # An IN list (not "!= ''") so that the database can use record_normative_idx.
        return self.filter(normative_kind__in=[NormativeKind.REGULATION, NormativeKind.NORMATIVE])

    def in_force(self) -> RecordQuerySet:
        # An amended document stays in force in its amended form.
        return self.filter(validity__in=[Validity.CURRENT, Validity.AMENDED])

    def in_secrecy_review(self) -> RecordQuerySet:
        """Records awaiting the 保密审查: 待保密审查, or a non-public record under an open 定期审查 (its
        conversion to 主动公开 is refused while the screening blocks, like an approval)."""
        open_periodic = PeriodicReview.objects.filter(decided_at__isnull=True).values("record_id")
        return self.filter(Q(status=Status.IN_REVIEW) | Q(status=Status.FILED, pk__in=open_periodic))

    def unpublished(self) -> RecordQuerySet:
        return self.filter(status__in=[Status.DRAFT, Status.IN_REVIEW, Status.AWAITING_SIGNOFF])

    def overdue(self, today: date) -> RecordQuerySet:
        """主动公开 records not yet published whose Art 26 time limit has passed."""
        return self.unpublished().filter(openness=Openness.PROACTIVE, publish_due__lt=today)

    def awaiting_interpretation(self) -> RecordQuerySet:
        """需解读 policies, not yet published, without an interpretation signed off."""
        ready = Interpretation.objects.filter(status=Status.APPROVED).values("policy_id")
        return (
            self.unpublished()
            .filter(needs_interpretation=True, openness=Openness.PROACTIVE)
            .exclude(pk__in=ready)
        )


class Reviewed(models.Model):
    """What records and interpretations share: the publication status and its dates, who submitted and created
    it, and the review machinery — one transition table each (`FLOW`, from `documents/workflow.py`), the
    sign-offs (`signoffs`), the secrecy screenings, and `in_secrecy_review()` on their querysets."""

    FLOW: ClassVar[Workflow]

    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField("发布日期", null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_reason = models.TextField("撤回理由", blank=True)
    source_key = models.CharField("来源编号", max_length=120, unique=True, null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True

    def secrecy_reviewer_id(self) -> int | None:
        """Who approved the latest 保密审查 (the signer must be someone else)."""
        signoff = (
            self.signoffs.filter(stage="secrecy", decision="approved").order_by("-at").first()  # type: ignore[attr-defined]
        )
        return signoff.by_id if signoff else None


class Record(Reviewed):
    """One item of government information (政府信息) in the catalogue."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="records", verbose_name="发文机关（牵头）"
    )
    co_agencies = models.ManyToManyField(
        "agencies.Agency", blank=True, related_name="joint_records", verbose_name="联合发文机关"
    )
    # Set for a law or upper-level policy filed in the policy library: its real issuer; `agency` is then the
    # district unit that filed it (and maintains its validity).
    issuer = models.ForeignKey(
        Issuer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
        verbose_name="区外发文机关",
    )
    title = models.CharField("标题", max_length=300)
    index_no = models.CharField("索引号", max_length=80, unique=True, null=True, blank=True)
    index_year = models.PositiveSmallIntegerField("索引号年度", null=True, blank=True)
    index_serial = models.PositiveIntegerField("索引号序号", null=True, blank=True)
    doc_number = models.CharField("发文字号", max_length=60, blank=True, db_index=True)
    written_on = models.DateField("成文日期")
    went_live_at = models.DateTimeField("上线时间", null=True, blank=True)
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
        verbose_name="主题分类",
    )
    genre = models.CharField("体裁/文种", max_length=20, choices=Genre.choices, default=Genre.NOTICE)
    kind = models.CharField("栏目类别", max_length=20, choices=Kind.choices, default=Kind.POLICY)
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, default=Validity.CURRENT)
    validity_changed_on = models.DateField("有效性变更日期", null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name="被替代为",
    )
    amended_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amends",
        verbose_name="修改依据",
    )
    validity_note = models.CharField("有效性说明", max_length=300, blank=True)
    amended_on = models.DateField("修改日期", null=True, blank=True)
    repealed_on = models.DateField("废止/失效日期", null=True, blank=True)

    openness = models.CharField(
        "公开属性", max_length=12, choices=Openness.choices, default=Openness.PROACTIVE, db_index=True
    )
    legal_ground = models.CharField("不公开依据", max_length=30, choices=ground_choices(), blank=True)
    openness_reason = models.TextField("不公开理由说明", blank=True)
    statutory_category = models.CharField(
        "法定主动公开内容类别",
        max_length=40,
        blank=True,
        choices=[(c, label) for c, label in STATUTORY_CATEGORIES.items()],
    )
    needs_interpretation = models.BooleanField("需解读", default=False)

    normative_kind = models.CharField(
        "规范性文件类型", max_length=12, choices=NormativeKind.choices, blank=True, default=""
    )
    normative_reg_no = models.CharField("登记编号", max_length=60, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    expires_on = models.DateField("有效期至", null=True, blank=True)

    # Art 26: publish within 20 working days of the information being formed or changed.
    formed_on = models.DateField("信息形成或变更日期", null=True, blank=True)
    publish_due = models.DateField("公开时限", null=True, blank=True, db_index=True)
    publish_due_note = models.CharField("时限说明", max_length=300, blank=True)
    published_late = models.BooleanField("超时限发布", default=False)
    overdue_flagged_at = models.DateTimeField("逾期标记时间", null=True, blank=True)
    filed_at = models.DateTimeField("定稿时间", null=True, blank=True)
    next_review_on = models.DateField("下次定期审查", null=True, blank=True, db_index=True)
    converted_at = models.DateTimeField("转为主动公开时间", null=True, blank=True)

    # 公开方式 and 公示 (zwgk.documents.publicity keeps on_internet in sync with the modes; queries use on_internet,
    # since SQLite cannot query JSON containment).
    disclosure_modes = models.JSONField("公开方式", default=default_disclosure_modes, blank=True)
    on_internet = models.BooleanField("在政府网站公开", default=True)
    publicity_days = models.PositiveSmallIntegerField("公示期（工作日）", null=True, blank=True)
    publicity_starts = models.DateField("公示开始日期", null=True, blank=True)
    publicity_ends = models.DateField("公示截止日期（含当日）", null=True, blank=True, db_index=True)
    publicity_ended_at = models.DateTimeField("公示期满撤下时间", null=True, blank=True)

    # The long texts come last: SQLite stores a row's columns in order, and a column after a long text is read
    # only by walking its overflow pages, which made list queries over 100,000 records read every body.
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True)

    objects = RecordQuerySet.as_manager()
    FLOW = Workflow(workflow.RECORD_TRANSITIONS, labels=workflow.LABELS)

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ["-published_at", "-id"]
        indexes = [
            # Every public list filters status + openness + published_at <= now + on_internet + publicity_ends
            # (公示 not ended): the indexes hold them all so that counts and paging are answered from the index alone.
            # Covering for the per-category and per-agency counts of the column (no table access at all).
            models.Index(
                fields=[
                    "status",
                    "openness",
                    "published_at",
                    "statutory_category",
                    "agency",
                    "on_internet",
                    "publicity_ends",
                ],
                name="record_public_idx",
            ),
            models.Index(
                fields=[
                    "normative_kind",
                    "status",
                    "openness",
                    "published_at",
                    "on_internet",
                    "publicity_ends",
                ],
                name="record_normative_idx",
            ),
            models.Index(
                fields=["agency", "status", "openness", "published_at", "on_internet", "publicity_ends"],
                name="record_agency_idx",
            ),
            models.Index(
                fields=["kind", "status", "openness", "published_at", "on_internet", "publicity_ends"],
                name="record_kind_idx",
            ),
            models.Index(
                fields=[
                    "statutory_category",
                    "status",
                    "openness",
                    "published_at",
                    "on_internet",
                    "publicity_ends",
                ],
                name="record_category_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(openness=Openness.PROACTIVE) | (~Q(legal_ground="") & ~Q(openness_reason="")),
                name="record_nonpublic_has_ground",
            ),
            models.CheckConstraint(
                condition=~Q(openness=Openness.WITHHELD) | Q(legal_ground__in=sorted(WITHHOLD_CODES)),
                name="record_withheld_cites_art_14_15_16",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED)
                | (
                    Q(openness=Openness.PROACTIVE) & Q(published_at__isnull=False) & Q(index_no__isnull=False)
                ),
                name="record_published_is_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.FILED)
                | (~Q(openness=Openness.PROACTIVE) & Q(index_no__isnull=False)),
                name="record_filed_is_nonpublic",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.WITHDRAWN) | ~Q(withdrawn_reason=""),
                name="record_withdrawn_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(validity=Validity.CURRENT) | Q(validity_changed_on__isnull=False),
                name="record_validity_change_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.APPROVED]), name="record_status_not_interpretation_only"
            ),
            models.UniqueConstraint(
                fields=["agency", "index_year", "index_serial"], name="record_unique_index_serial"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def issuer_name(self) -> str:
        """Who issued it: the outside issuer when there is one, else the lead agency."""
        if self.issuer_id and self.issuer:
            return self.issuer.name
        return self.agency.name

    def permission_agency_ids(self) -> list[int]:
        # Art 10: jointly made information is disclosed by the lead organ, which alone acts on the record.
        return [self.agency_id]

    @property
    def is_public(self) -> bool:
        """The same as `Record.objects.public()` for one row."""
        return (
            self.status == Status.PUBLISHED
            and self.openness == Openness.PROACTIVE
            and self.published_at is not None
            and self.published_at <= timezone.now()
            and self.on_internet
            and (self.publicity_ends is None or self.publicity_ends >= timezone.localdate())
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def legal_ground_label(self) -> str:
        return ground_label(self.legal_ground)

    @property
    def category_label(self) -> str:
        if not self.statutory_category:
            return ""
        return f"{category_article(self.statutory_category)} {STATUTORY_CATEGORIES[self.statutory_category]}"

    @property
    def is_invalid(self) -> bool:
        return self.validity in (Validity.REPEALED, Validity.EXPIRED)

    def issuers_display(self) -> str:
        names = [self.agency.name] + [a.name for a in self.co_agencies.all() if a.pk != self.agency_id]
        return "、".join(names)


class IndexCounter(models.Model):
    """The last 索引号 serial used per agency and year; locked while a number is allocated."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="index_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", "通过"
    RETURNED = "returned", "退回修改"


class ReviewStage(models.TextChoices):
    SECRECY = "secrecy", "保密审查"
    SIGNOFF = "signoff", "审签"


class ReviewSignoff(models.Model):
    """A reviewer's or signer's decision with their note (the 保密审查 is a real review, not a button)."""

    record = models.ForeignKey(
        Record, on_delete=models.CASCADE, null=True, blank=True, related_name="signoffs"
    )
    interpretation = models.ForeignKey(
        "Interpretation", on_delete=models.CASCADE, null=True, blank=True, related_name="signoffs"
    )
    stage = models.CharField("环节", max_length=10, choices=ReviewStage.choices)
    decision = models.CharField("结论", max_length=10, choices=ReviewDecision.choices)
    note = models.TextField("审查意见")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(record__isnull=False, interpretation__isnull=True)
                | Q(record__isnull=True, interpretation__isnull=False),
                name="signoff_one_target",
            ),
            models.CheckConstraint(condition=~Q(note=""), name="signoff_note_required"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}{self.get_decision_display()}"


class ValidityChange(models.Model):
    """History of a record's 有效性 (shown on its public page)."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="validity_changes")
    changed_on = models.DateField("变更日期")
    from_validity = models.CharField(max_length=10, choices=Validity.choices)
    to_validity = models.CharField(max_length=10, choices=Validity.choices)
    related = models.ForeignKey(Record, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField("说明", max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_on", "id"]

    def __str__(self) -> str:
        return f"{self.changed_on} {self.from_validity} → {self.to_validity}"


class OpennessChange(models.Model):
    """History of a record's 公开属性 (a conversion after 定期审查 is shown on the public page)."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="openness_changes")
    from_openness = models.CharField(max_length=12, choices=Openness.choices)
    to_openness = models.CharField(max_length=12, choices=Openness.choices)
    reason = models.TextField("理由")
    review = models.ForeignKey("PeriodicReview", on_delete=models.SET_NULL, null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_openness} → {self.to_openness}"


# An interpretation's reviewed text (`Interpretation.review_text`): an ASCII record separator between its parts,
# which typing does not produce, and the prefixes the public page shows before each question and answer.
REVIEW_TEXT_SEPARATOR = "\x1e"
QA_PREFIXES = ("问：", "答：")


class InterpretationQuerySet(models.QuerySet["Interpretation"]):
    def public(self) -> InterpretationQuerySet:
        """Published interpretations of public policies (through `Record.objects.public()`)."""
        return self.filter(
            status=Status.PUBLISHED, published_at__lte=_now(), policy__in=Record.objects.public()
        )

    def in_secrecy_review(self) -> InterpretationQuerySet:
        return self.filter(status=Status.IN_REVIEW)

    def visible_to(self, user: Any) -> InterpretationQuerySet:
        scope = agency_scope(user, STAFF_ROLES)
        if scope is None:
            return self
        return self.filter(Q(agency_id__in=scope) | Q(policy__agency_id__in=scope))


class Interpretation(Reviewed):
    """政策解读 of one policy document: 文字 / 图解 / 视频 / 问答."""

    policy = models.ForeignKey(
        Record, on_delete=models.CASCADE, related_name="interpretations", verbose_name="解读的政策文件"
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="解读机关"
    )
    title = models.CharField("标题", max_length=300)
    form = models.CharField("解读形式", max_length=10, choices=InterpretationForm.choices)
    video_url = models.URLField("视频地址", blank=True)
    qa = models.JSONField("问答", default=list, blank=True)
    body = models.TextField("解读内容", blank=True)

    objects = InterpretationQuerySet.as_manager()
    FLOW = Workflow(workflow.INTERPRETATION_TRANSITIONS, labels=workflow.LABELS)

    class Meta:
        verbose_name = "政策解读"
        verbose_name_plural = "政策解读"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=[Status.FILED]), name="interpretation_status_not_record_only"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="interpretation_published_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
            and self.policy.is_public
        )

    @property
    def review_text(self) -> str:
        """The published text the secrecy review screens and masks: 解读内容, then each 问 and 答, joined by a
        separator that `split_review_text` finds again (it is whitespace to the screener and in the context
        shown to the reviewer)."""
        parts = [self.body]
        for pair in self.qa or []:
            parts += [QA_PREFIXES[0] + str(pair.get("q", "")), QA_PREFIXES[1] + str(pair.get("a", ""))]
        return REVIEW_TEXT_SEPARATOR.join(part.replace(REVIEW_TEXT_SEPARATOR, " ") for part in parts)

    def split_review_text(self, text: str) -> tuple[str, list[dict[str, str]]] | None:
        """(body, qa) of a `review_text` after redaction; None when it no longer has the shape of this
        interpretation's text (the same number of questions and answers, each with its prefix)."""
        body, *rest = text.split(REVIEW_TEXT_SEPARATOR)
        if len(rest) != 2 * len(self.qa or []):
            return None
        qa: list[dict[str, str]] = []
        for question, answer in zip(rest[::2], rest[1::2], strict=True):
            if not (question.startswith(QA_PREFIXES[0]) and answer.startswith(QA_PREFIXES[1])):
                return None
            qa.append({"q": question[len(QA_PREFIXES[0]) :], "a": answer[len(QA_PREFIXES[1]) :]})
        return body, qa


def _upload_to(instance: Any, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class AttachmentQuerySet(models.QuerySet["Attachment"]):
    def public(self) -> AttachmentQuerySet:
        return self.filter(
            Q(record__in=Record.objects.public()) | Q(interpretation__in=Interpretation.objects.public())
        )


class Attachment(models.Model):
    """An uploaded file of a record or interpretation. Never served by URL: only through access-checked views."""

    record = models.ForeignKey(
        Record, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    interpretation = models.ForeignKey(
        Interpretation, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    title = models.CharField("附件名称", max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    kind = models.CharField("格式", max_length=10)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    file = models.FileField("原始文件", upload_to=_upload_to, max_length=200)
    public_file = models.FileField("发布文件（已清除文档属性）", upload_to=_upload_to, max_length=200)
    public_sha256 = models.CharField(max_length=64)
    extracted_text = models.TextField("提取的文字", blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(record__isnull=False, interpretation__isnull=True)
                | Q(record__isnull=True, interpretation__isnull=False),
                name="attachment_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self) -> Record | Interpretation:
        return self.record if self.record_id else self.interpretation  # type: ignore[return-value]

    def permission_agency_ids(self) -> list[int]:
        return [self.owner.agency_id]

    @property
    def filename(self) -> str:
        """The uploaded file's name (what the screening app shows and extracts by)."""
        return self.original_name

    @property
    def suffix(self) -> str:
        return self.original_name.rsplit(".", 1)[-1].lower() if "." in self.original_name else ""

    @property
    def download_name(self) -> str:
        suffix = self.suffix
        return (
            f"{self.title}.{suffix}"
            if suffix and not self.title.lower().endswith("." + suffix)
            else self.title
        )


class ReviewOutcome(models.TextChoices):
    OPEN = "", "待审查"
    KEEP = "keep", "维持原公开属性"
    CONVERT = "convert", "转为主动公开"


class PeriodicReview(models.Model):
    """定期审查 of a non-public record (Art 18; work plan item 八): keep it, or convert it to 主动公开."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="periodic_reviews")
    due_on = models.DateField("应审查日期")
    opened_at = models.DateTimeField("列入审查时间", default=timezone.now)
    outcome = models.CharField(
        "审查结论", max_length=10, choices=ReviewOutcome.choices, blank=True, default=""
    )
    reason = models.TextField("理由", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("审查时间", null=True, blank=True)

    class Meta:
        verbose_name = "定期审查"
        verbose_name_plural = "定期审查"
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record"], condition=Q(decided_at__isnull=True), name="one_open_periodic_review"
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True, outcome="")
                | (Q(decided_at__isnull=False) & ~Q(outcome="") & ~Q(reason="")),
                name="periodic_review_decided_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"定期审查：{self.record}"

    def permission_agency_ids(self) -> list[int]:
        return [self.record.agency_id]


class GuideRevision(models.Model):
    """One revision of an agency's 政府信息公开指南 (Art 12); the newest is current, older ones stay visible."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="guide_revisions")
    version = models.PositiveIntegerField("版本")
    body = models.TextField("指南正文")
    revised_on = models.DateField("修订时间")
    note = models.CharField("修订说明", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "政府信息公开指南"
        verbose_name_plural = "政府信息公开指南"
        ordering = ["agency", "-version"]
        constraints = [models.UniqueConstraint(fields=["agency", "version"], name="guide_unique_version")]

    def __str__(self) -> str:
        return f"{self.agency} 公开指南（第 {self.version} 版）"


class PublicState(models.Model):
    """A token that changes whenever public content changes; public page caches are keyed by it."""

    key = models.CharField(max_length=20, primary_key=True)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.key}: {self.token}"


def _display_upload_to(instance: Any, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/display/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class DisplayLog(models.Model):
    """Where, to whom and when a record was shown outside the website (特定范围公开, 公示栏, 公开查阅点 …): the
    evidence kept in the workspace (`publicity.log_display`). Never public; the photo only through an access-checked
    view."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="display_logs")
    mode = models.CharField("公开方式", max_length=20, choices=DisclosureMode.choices)
    place = models.CharField("公开地点", max_length=200)
    audience = models.CharField("公开对象", max_length=200, blank=True)
    starts = models.DateField("开始日期")
    ends = models.DateField("结束日期", null=True, blank=True)
    photo = models.FileField("现场照片", upload_to=_display_upload_to, blank=True, max_length=200)
    photo_name = models.CharField("照片文件名", max_length=120, blank=True)
    note = models.TextField("说明", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "公开情况登记"
        verbose_name_plural = "公开情况登记"
        ordering = ["-starts", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__isnull=True) | Q(ends__gte=models.F("starts")),
                name="displaylog_ends_after_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.place}"
