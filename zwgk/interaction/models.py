"""互动交流: messages people and enterprises write to the government, their handling and public replies, and the
log of consultations answered by phone, at the counter or on site (work plan items 一, 七, 十, 十三, 十四, 十五).

`actions.py` is the only writer. A message's writer details (name, phone, e-mail) are never shown on a public
page; the public sees only replied messages the handler marked public, through texts masked at publication.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zwgk.accounts.permissions import agency_scope
from zwgk.core.querycode import query_code_matches
from zwgk.interaction.rules import VIEW_ROLES
from zwgk.screening import mask_name


class MessageKind(models.Model):
    """A channel the 公开办 configures: its name, who handles it, the reply period and the publication default."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=50)
    description = models.TextField("说明", blank=True)
    reply_working_days = models.PositiveSmallIntegerField("答复期限（工作日）", default=10)
    public_by_default = models.BooleanField("答复默认公开", default=True)
    anonymous_allowed = models.BooleanField("允许匿名", default=False)
    requires_signoff = models.BooleanField("答复须负责人审签", default=False)
    asks_page_url = models.BooleanField("填写出错网页地址（找错）", default=False)
    enterprise_fields = models.BooleanField("填写项目和审批事项（企业）", default=False)
    subkinds = models.TextField("细类", blank=True, help_text="一行一个，如“双减”“依申请公开办理”")
    handling_agencies = models.ManyToManyField(
        "agencies.Agency",
        blank=True,
        related_name="message_kinds",
        verbose_name="办理单位",
        help_text="留言人可选择的办理单位；不选则为全部机关",
    )
    default_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="默认办理单位",
        help_text="留言人不选单位时由此单位办理（如找错留言由区政府办办理）",
    )
    active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "留言类别"
        verbose_name_plural = "留言类别"

    def __str__(self) -> str:
        return self.name

    @property
    def subkind_list(self) -> list[str]:
        return [line.strip() for line in self.subkinds.splitlines() if line.strip()]


class Status(models.TextChoices):
    RECEIVED = "received", "待分办"
    PROCESSING = "processing", "办理中"
    AWAITING_INFO = "awaiting_info", "待补充材料"
    AWAITING_SIGNOFF = "awaiting_signoff", "待负责人审签"
    REPLIED = "replied", "已答复"
    INVALID = "invalid", "不予受理"


OPEN_STATUSES = (Status.RECEIVED, Status.PROCESSING, Status.AWAITING_INFO, Status.AWAITING_SIGNOFF)
CLOSED_STATUSES = (Status.REPLIED, Status.INVALID)

# The one table of moves: (from, to) → permission. zwgk.core.workflow.Workflow checks it for actions and shows
# buttons from it in views.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.RECEIVED, Status.PROCESSING): "interaction.handle",
    (Status.RECEIVED, Status.INVALID): "interaction.handle",
    (Status.PROCESSING, Status.AWAITING_INFO): "interaction.handle",
    (Status.AWAITING_INFO, Status.PROCESSING): "interaction.handle",
    (Status.PROCESSING, Status.AWAITING_SIGNOFF): "interaction.handle",
    (Status.AWAITING_SIGNOFF, Status.PROCESSING): "interaction.signoff",
    (Status.AWAITING_SIGNOFF, Status.REPLIED): "interaction.signoff",
    (Status.PROCESSING, Status.REPLIED): "interaction.handle",
    (Status.PROCESSING, Status.INVALID): "interaction.handle",
}


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class MessageQuerySet(models.QuerySet["Message"]):
    def public(self) -> MessageQuerySet:
        """The one definition of a public message: replied, marked public by the handler, reply text masked."""
        return self.filter(status=Status.REPLIED, reply_public=True, published_at__isnull=False)

    def open(self) -> MessageQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, day: date) -> MessageQuerySet:
        return self.open().filter(due_on__isnull=False, due_on__lt=day)

    def due_within(self, day: date, last: date) -> MessageQuerySet:
        return self.open().filter(due_on__isnull=False, due_on__gte=day, due_on__lte=last)

    def unanswered_longer_than(self, day: date, months: int) -> MessageQuerySet:
        """Valid messages without a reply older than `months` months (CHK2019 单项否决 "互动回应差")."""
        cutoff = _months_before(day, months)
        return self.open().filter(received_on__lt=cutoff)

    def visible_to(self, user: Any) -> MessageQuerySet:
        scope = agency_scope(user, VIEW_ROLES)
        return self if scope is None else self.filter(agency_id__in=scope)


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    # The same day of that month, or its last day (31 March minus one month is 28/29 February).
    for candidate in range(day.day, 27, -1):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))


def _attachment_path(instance: Any, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"interaction/{timezone.localdate():%Y/%m}/{secrets.token_hex(12)}.{suffix}"


class Message(models.Model):
    number = models.CharField("留言编号", max_length=20, unique=True)
    query_code_hash = models.CharField(max_length=64, editable=False)
    kind = models.ForeignKey(
        MessageKind, on_delete=models.PROTECT, related_name="messages", verbose_name="类别"
    )
    subkind = models.CharField("细类", max_length=50, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="messages", verbose_name="办理单位"
    )
    title = models.CharField("标题", max_length=100)
    body = models.TextField("留言内容")
    name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    company = models.CharField("企业名称", max_length=100, blank=True)
    page_url = models.URLField("出错网页地址", max_length=500, blank=True)
    project_name = models.CharField("项目名称", max_length=200, blank=True)
    approval_item = models.CharField("审批事项", max_length=200, blank=True)
    approval_unit = models.CharField("审批办理单位", max_length=100, blank=True)
    channel = models.CharField("来源", max_length=20, default="web")  # web | api
    attachment = models.FileField("附件", upload_to=_attachment_path, blank=True, max_length=200)
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name="相关依申请公开申请",
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.RECEIVED)
    received_on = models.DateField("收到日期", db_index=True)
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    clock_state = models.CharField(max_length=10, default="running")  # running | paused | error | concluded
    clock_note = models.CharField(max_length=300, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    info_request = models.TextField("需补充的内容", blank=True)
    reply_body = models.TextField("答复内容", blank=True)
    reply_public = models.BooleanField("答复公开", default=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invalid_reason = models.CharField("不予受理理由", max_length=300, blank=True)
    # What the public sees: written once at publication from the screened and masked texts.
    public_title = models.CharField(max_length=100, blank=True)
    public_body = models.TextField(blank=True)
    public_reply = models.TextField(blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    satisfaction = models.CharField("满意度", max_length=12, choices=Satisfaction.choices, blank=True)
    satisfaction_comment = models.CharField("评价意见", max_length=500, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64, db_index=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "留言"
        verbose_name_plural = "留言"
        constraints = [
            models.CheckConstraint(
                name="interaction_message_reply_iff_replied",
                condition=Q(status="replied", replied_on__isnull=False) | ~Q(status="replied"),
            ),
            models.CheckConstraint(
                name="interaction_message_public_only_if_replied",
                condition=Q(published_at__isnull=True) | Q(status="replied"),
            ),
        ]

    def __str__(self) -> str:
        # Audit events carry str(obj): the number, never the writer's name.
        return self.number

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def check_query_code(self, code: str) -> bool:
        return query_code_matches(self.number, code, self.query_code_hash)

    def is_overdue(self, day: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < day

    def due_soon(self, day: date, within: int = 2) -> bool:
        return self.is_open and self.due_on is not None and day <= self.due_on <= day + timedelta(days=within)

    @property
    def masked_name(self) -> str:
        return mask_name(self.name) if self.name else "匿名"


class Pause(models.Model):
    """The handler asked the writer for more information; the clock stops until the answer arrives."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    question = models.TextField()
    answer = models.TextField(blank=True)

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message"], condition=Q(ended_on__isnull=True), name="interaction_one_open_pause"
            )
        ]

    def __str__(self) -> str:
        return f"{self.started_on}–{self.ended_on or '…'}"


class Event(models.Model):
    """The history of a message: every step, for staff; steps with `public=True` also for the writer."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40)
    text = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    public = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.action


class NumberSequence(models.Model):
    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Channel(models.TextChoices):
    PHONE = "phone", "电话咨询"
    COUNTER = "counter", "实体大厅（窗口）"
    HOTLINE = "hotline", "12345热线转办"
    ONSITE = "onsite", "现场解答（政策宣讲等）"


class ConsultationLog(models.Model):
    """One consultation answered outside the website (work plan item 十五: 电话解答、现场解答)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="consultation_logs", verbose_name="单位"
    )
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    topic = models.CharField("咨询事项", max_length=100)
    question = models.TextField("问题摘要", blank=True)
    answered_on_spot = models.BooleanField("当场答复", default=True)
    referred_to = models.CharField("转交（未当场答复时）", max_length=100, blank=True)
    record = models.ForeignKey(
        "documents.Record",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="相关政策文件",
    )
    faq = models.ForeignKey(
        "qa.Faq", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="相关问答"
    )
    asked_on = models.DateField("日期", db_index=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-asked_on", "-pk"]
        verbose_name = "咨询登记"
        verbose_name_plural = "咨询登记"

    def __str__(self) -> str:
        return f"{self.get_channel_display()}：{self.topic}"
