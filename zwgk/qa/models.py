"""政策问答: the FAQ knowledge base curated by staff, and statistics of the questions citizens ask."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zwgk.accounts.permissions import agency_scope
from zwgk.accounts.roles import Role
from zwgk.core.workflow import Workflow


class Topic(models.TextChoices):
    """High-frequency policy topics (work plan item 十: 生育、上学、就业、创业、养老、医疗、纳税 …)."""

    BIRTH = "birth", "生育"
    SCHOOL = "school", "上学"
    EMPLOYMENT = "employment", "就业"
    BUSINESS = "business", "创业"
    ELDERLY = "elderly", "养老"
    MEDICAL = "medical", "医疗"
    TAX = "tax", "纳税"
    SOCIAL_SECURITY = "social_security", "社保"
    HOUSING = "housing", "住房"
    EPIDEMIC = "epidemic", "疫情防控"
    DISCLOSURE = "disclosure", "政府信息公开"
    OTHER = "other", "其他"


class FaqStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤下"


# The one table of allowed status changes (zwgk.qa.actions refuses anything else).
FAQ_FLOW = Workflow(
    {
        (FaqStatus.DRAFT, FaqStatus.PUBLISHED): "qa.publish_faq",
        (FaqStatus.PUBLISHED, FaqStatus.WITHDRAWN): "qa.publish_faq",
        (FaqStatus.WITHDRAWN, FaqStatus.PUBLISHED): "qa.publish_faq",
        (FaqStatus.WITHDRAWN, FaqStatus.DRAFT): "qa.edit_faq",
    },
    labels=dict(FaqStatus.choices),
    illegal_message="不能从“{current}”变为“{target}”。",
)


class FaqQuerySet(models.QuerySet["Faq"]):
    def public(self) -> FaqQuerySet:
        """The one definition of a public FAQ: published."""
        return self.filter(status=FaqStatus.PUBLISHED)

    def visible_to(self, user: object) -> FaqQuerySet:

        scope = agency_scope(
            user, [Role.DRAFTER, Role.AGENCY_ADMIN, Role.SIGNER, Role.DISTRICT_ADMIN, Role.SUPERVISOR]
        )
        return self if scope is None else self.filter(agency_id__in=scope)

    def review_due(self, day: object) -> FaqQuerySet:
        return self.public().filter(review_due__isnull=False, review_due__lte=day)


class Faq(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="faqs", verbose_name="答复单位"
    )
    topic = models.CharField("主题", max_length=20, choices=Topic.choices, default=Topic.OTHER)
    question = models.CharField("问题", max_length=200)
    variants = models.TextField(
        "其他问法", blank=True, help_text="群众可能的其他问法，一行一个，如“社保怎么交”“灵活就业怎么交社保”"
    )
    answer = models.TextField("答复")
    review_due = models.DateField(
        "复核日期", null=True, blank=True, help_text="到期后在工作台提醒复核答复是否仍然准确"
    )
    status = models.CharField("状态", max_length=12, choices=FaqStatus.choices, default=FaqStatus.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = FaqQuerySet.as_manager()

    class Meta:
        verbose_name = "常见问题"
        verbose_name_plural = "常见问题"
        ordering = ["topic", "-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=FaqStatus.values), name="qa_faq_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=FaqStatus.PUBLISHED) | models.Q(published_at__isnull=False),
                name="qa_faq_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.question

    def variant_list(self) -> list[str]:
        return [line.strip() for line in self.variants.splitlines() if line.strip()]

    def all_questions(self) -> list[str]:
        return [self.question, *self.variant_list()]

    @property
    def status_label(self) -> str:
        return FaqStatus(self.status).label

    @property
    def topic_label(self) -> str:
        return Topic(self.topic).label if self.topic in Topic.values else self.topic


class FaqSource(models.Model):
    """A document the answer relies on: cited under the answer with 标题、文号、条款 and a link."""

    faq = models.ForeignKey(Faq, on_delete=models.CASCADE, related_name="sources")
    ordinal = models.PositiveSmallIntegerField(default=1)
    title = models.CharField("文件标题", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    article = models.CharField("条款", max_length=60, blank=True, help_text="如“第三十三条”")
    url = models.CharField("链接", max_length=500, blank=True)
    # Set when the URL is that of an indexed entry: the citation is shown only while that entry is public.
    entry_key = models.CharField(max_length=180, blank=True)

    class Meta:
        verbose_name = "依据文件"
        verbose_name_plural = "依据文件"
        ordering = ["faq_id", "ordinal"]

    def __str__(self) -> str:
        return self.title


class AskedQuestion(models.Model):
    """How often a (masked, normalised) question was asked on a day, its topic and whether it was answered."""

    day = models.DateField("日期")
    question = models.CharField("问题", max_length=200)
    topic = models.CharField("主题", max_length=20, choices=Topic.choices, default=Topic.OTHER)
    count = models.PositiveIntegerField("次数", default=0)
    answered_count = models.PositiveIntegerField("已解答次数", default=0)

    class Meta:
        verbose_name = "群众提问统计"
        verbose_name_plural = "群众提问统计"
        constraints = [
            models.UniqueConstraint(fields=["day", "question"], name="qa_askedquestion_unique_day"),
        ]
        indexes = [models.Index(fields=["day", "topic"], name="qa_asked_day_topic")]

    def __str__(self) -> str:
        return self.question
