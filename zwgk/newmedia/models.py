"""政务新媒体 registry: the district's government accounts on third-party platforms, their 备案 filings, their
updates (read from a public feed or recorded by the unit), and where policies and interpretations were reposted.

An `Account` holds the approved state of one account; every opening, change, closure and cancellation is a
`Filing` — a numbered version carrying the full proposed particulars — that the agency submits and the 公开办
approves (the account takes the filing's particulars then) or returns with a reason. `actions.py` is the only
writer. The public 政务新媒体矩阵 shows only `Account.objects.public()`: approved and operating accounts, with their
approved particulars (a pending change is not public until approved).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from zwgk.accounts.permissions import agency_scope
from zwgk.accounts.roles import Role


class Platform(models.TextChoices):
    # The platforms named by 国办发〔2018〕123号 and the inspection notices (regulations.md §4.4).
    WECHAT = "wechat", "微信公众号"
    WEIBO = "weibo", "微博"
    DOUYIN = "douyin", "抖音"
    TOUTIAO = "toutiao", "今日头条"
    CHANNELS = "channels", "微信视频号"
    KUAISHOU = "kuaishou", "快手"
    APP = "app", "移动客户端"
    OTHER = "other", "其他"


class AccountStatus(models.TextChoices):
    PROPOSED = "proposed", "待开设（备案审核中）"
    OPEN = "open", "开设（运行中）"
    CLOSED = "closed", "关停"
    CANCELLED = "cancelled", "注销"
    ABANDONED = "abandoned", "未开设（申请已撤回）"


class FilingKind(models.TextChoices):
    OPEN = "open", "开设"
    CHANGE = "change", "变更"
    CLOSE = "close", "关停"
    CANCEL = "cancel", "注销"


class FilingStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "已备案"
    RETURNED = "returned", "已退回"
    WITHDRAWN = "withdrawn", "已撤回"


PENDING_FILING_STATUSES = (FilingStatus.SUBMITTED, FilingStatus.RETURNED)

# The one table of 备案 moves: (from, to) → permission (zwgk.core.workflow.Workflow in actions.FILING_FLOW).
FILING_TRANSITIONS: dict[tuple[str, str], str] = {
    (FilingStatus.SUBMITTED, FilingStatus.APPROVED): "newmedia.approve",
    (FilingStatus.SUBMITTED, FilingStatus.RETURNED): "newmedia.approve",
    (FilingStatus.RETURNED, FilingStatus.SUBMITTED): "newmedia.apply",
    (FilingStatus.SUBMITTED, FilingStatus.WITHDRAWN): "newmedia.apply",
    (FilingStatus.RETURNED, FilingStatus.WITHDRAWN): "newmedia.apply",
}

# Which filing an account may have in which state: opening a proposed or closed account (重新开设), changing,
# closing an operating one, cancelling an operating or closed one.
FILING_KINDS_FROM: dict[str, tuple[str, ...]] = {
    FilingKind.OPEN: (AccountStatus.PROPOSED, AccountStatus.CLOSED),
    FilingKind.CHANGE: (AccountStatus.OPEN,),
    FilingKind.CLOSE: (AccountStatus.OPEN,),
    FilingKind.CANCEL: (AccountStatus.OPEN, AccountStatus.CLOSED),
}
# The account's status once a filing of that kind is approved.
STATUS_AFTER: dict[str, str] = {
    FilingKind.OPEN: AccountStatus.OPEN,
    FilingKind.CHANGE: AccountStatus.OPEN,
    FilingKind.CLOSE: AccountStatus.CLOSED,
    FilingKind.CANCEL: AccountStatus.CANCELLED,
}

# The particulars a filing proposes and an approved filing writes onto the account (platform and 主办单位 are
# fixed: a different platform or unit is a different account).
PARTICULARS = (
    "name",
    "handle",
    "url",
    "feed_url",
    "operator",
    "reviewer_name",
    "reviewer_title",
    "reviewer_phone",
)

VIEW_ROLES = (Role.AGENCY_ADMIN, Role.DRAFTER, Role.OFFICE_HEAD, Role.DISTRICT_ADMIN, Role.SUPERVISOR)


class AccountQuerySet(models.QuerySet["Account"]):
    def public(self) -> AccountQuerySet:
        """The one definition of a public account: its opening approved and it is operating (开设)."""
        return self.filter(status=AccountStatus.OPEN, opened_on__isnull=False)

    def monitored(self) -> AccountQuerySet:
        """Accounts the 2-week update rule applies to: the operating ones."""
        return self.filter(status=AccountStatus.OPEN)

    def visible_to(self, user: Any) -> AccountQuerySet:
        scope = agency_scope(user, VIEW_ROLES)
        return self if scope is None else self.filter(agency_id__in=scope)

    def same_slot(self, agency_id: int, platform: str) -> AccountQuerySet:
        """The unit's other accounts on the platform that exist or are being opened (one per platform rule)."""
        return self.filter(
            agency_id=agency_id, platform=platform, status__in=[AccountStatus.OPEN, AccountStatus.PROPOSED]
        )


class Account(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="newmedia_accounts", verbose_name="主办单位"
    )
    platform = models.CharField("平台", max_length=20, choices=Platform.choices)
    platform_other = models.CharField("其他平台名称", max_length=30, blank=True)
    name = models.CharField("账号名称", max_length=60)
    handle = models.CharField("账号ID", max_length=80, blank=True, help_text="微信号、微博ID、抖音号等")
    url = models.URLField("主页地址", max_length=500, blank=True)
    feed_url = models.URLField(
        "订阅源地址（RSS/Atom）", max_length=500, blank=True, help_text="有公开订阅源的，系统定期读取更新情况"
    )
    operator = models.CharField("运维单位", max_length=100, blank=True)
    reviewer_name = models.CharField("审核负责人", max_length=30)
    reviewer_title = models.CharField("审核负责人职务", max_length=50, blank=True)
    reviewer_phone = models.CharField("审核负责人联系电话", max_length=30, blank=True)
    second_reason = models.TextField("同一平台开设多个账号的理由", blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=AccountStatus.choices, default=AccountStatus.PROPOSED, db_index=True
    )
    registration_no = models.CharField("备案编号", max_length=30, blank=True)
    version = models.PositiveIntegerField("已备案版本", default=0)
    opened_on = models.DateField("开设日期", null=True, blank=True)
    closed_on = models.DateField("关停日期", null=True, blank=True)
    cancelled_on = models.DateField("注销日期", null=True, blank=True)
    last_post_on = models.DateField("最近更新", null=True, blank=True)
    feed_checked_at = models.DateTimeField("订阅源读取时间", null=True, blank=True)
    feed_error = models.CharField("订阅源读取问题", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["agency__sort_order", "agency_id", "platform", "pk"]
        verbose_name = "政务新媒体账号"
        verbose_name_plural = "政务新媒体账号"
        constraints = [
            models.CheckConstraint(
                name="newmedia_account_open_has_date",
                condition=~Q(status="open") | Q(opened_on__isnull=False),
            ),
            models.CheckConstraint(
                name="newmedia_account_status_valid", condition=Q(status__in=AccountStatus.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform_label}「{self.name}」"

    @property
    def platform_label(self) -> str:
        if self.platform == Platform.OTHER and self.platform_other:
            return self.platform_other
        return Platform(self.platform).label

    @property
    def status_label(self) -> str:
        return AccountStatus(self.status).label

    def pending_filing(self) -> Filing | None:
        return self.filings.filter(status__in=PENDING_FILING_STATUSES).first()


class FilingQuerySet(models.QuerySet["Filing"]):
    def pending(self) -> FilingQuerySet:
        return self.filter(status__in=PENDING_FILING_STATUSES)

    def visible_to(self, user: Any) -> FilingQuerySet:
        scope = agency_scope(user, VIEW_ROLES)
        return self if scope is None else self.filter(agency_id__in=scope)


class Filing(models.Model):
    """One 备案: version `version` of the account's particulars, proposed by the unit, decided by the 公开办."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="filings")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="主办单位"
    )
    version = models.PositiveIntegerField("版本")
    kind = models.CharField("类别", max_length=10, choices=FilingKind.choices)
    status = models.CharField(
        "状态", max_length=12, choices=FilingStatus.choices, default=FilingStatus.SUBMITTED, db_index=True
    )
    name = models.CharField("账号名称", max_length=60)
    handle = models.CharField("账号ID", max_length=80, blank=True)
    url = models.URLField("主页地址", max_length=500, blank=True)
    feed_url = models.URLField("订阅源地址（RSS/Atom）", max_length=500, blank=True)
    operator = models.CharField("运维单位", max_length=100, blank=True)
    reviewer_name = models.CharField("审核负责人", max_length=30)
    reviewer_title = models.CharField("审核负责人职务", max_length=50, blank=True)
    reviewer_phone = models.CharField("审核负责人联系电话", max_length=30, blank=True)
    second_reason = models.TextField("同一平台开设多个账号的理由", blank=True)
    reason = models.TextField("申请理由", blank=True, help_text="变更、关停、注销的原因")
    effective_on = models.DateField("拟生效日期", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请人"
    )
    submitted_at = models.DateTimeField("提交时间")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_note = models.TextField("审核意见", blank=True)

    objects = FilingQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = "政务新媒体备案"
        verbose_name_plural = "政务新媒体备案"
        constraints = [
            models.UniqueConstraint(fields=["account", "version"], name="newmedia_filing_version_unique"),
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(status__in=["submitted", "returned"]),
                name="newmedia_one_pending_filing",
            ),
            models.CheckConstraint(
                name="newmedia_filing_returned_has_note",
                condition=~Q(status="returned") | ~Q(decision_note=""),
            ),
            models.CheckConstraint(
                name="newmedia_filing_decided_has_time",
                condition=~Q(status__in=["approved", "returned"]) | Q(decided_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.get_kind_display()}备案（第 {self.version} 版）"

    @property
    def kind_label(self) -> str:
        return FilingKind(self.kind).label

    @property
    def status_label(self) -> str:
        return FilingStatus(self.status).label

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_FILING_STATUSES


class PostSource(models.TextChoices):
    FEED = "feed", "订阅源读取"
    MANUAL = "manual", "单位登记"


class Post(models.Model):
    """One update of an account: read from its feed, or recorded by the unit (no feed)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="posts")
    posted_on = models.DateField("发布日期", db_index=True)
    posted_at = models.DateTimeField("发布时间", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    url = models.URLField("链接", max_length=500, blank=True)
    source = models.CharField("来源", max_length=10, choices=PostSource.choices)
    key = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-posted_on", "-pk"]
        verbose_name = "更新记录"
        verbose_name_plural = "更新记录"
        constraints = [
            models.UniqueConstraint(
                fields=["account", "key"], condition=~Q(key=""), name="newmedia_post_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.posted_on:%Y-%m-%d} {self.title}"


class RepostQuerySet(models.QuerySet["Repost"]):
    def visible_to(self, user: Any) -> RepostQuerySet:
        scope = agency_scope(user, VIEW_ROLES)
        if scope is None:
            return self
        return self.filter(Q(account__agency_id__in=scope) | Q(document_agency_id__in=scope))


class Repost(models.Model):
    """Work plan item 十 (协调…转载): a published policy or interpretation reposted by a government account."""

    record = models.ForeignKey(
        "documents.Record",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reposts",
        verbose_name="政策文件",
    )
    interpretation = models.ForeignKey(
        "documents.Interpretation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reposts",
        verbose_name="政策解读",
    )
    # The agency that published the document (for scoping the lists), copied from it.
    document_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="发布单位"
    )
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="reposts", verbose_name="转载账号"
    )
    url = models.URLField("转载地址", max_length=500)
    reposted_on = models.DateField("转载日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RepostQuerySet.as_manager()

    class Meta:
        ordering = ["-reposted_on", "-pk"]
        verbose_name = "转载登记"
        verbose_name_plural = "转载登记"
        constraints = [
            models.CheckConstraint(
                name="newmedia_repost_one_document",
                condition=Q(record__isnull=False, interpretation__isnull=True)
                | Q(record__isnull=True, interpretation__isnull=False),
            ),
            models.UniqueConstraint(fields=["account", "url"], name="newmedia_repost_unique_url"),
        ]

    def __str__(self) -> str:
        return f"{self.account.name} {self.reposted_on:%Y-%m-%d}"

    @property
    def document(self) -> Any:
        return self.record or self.interpretation

    def permission_agency_ids(self) -> list[int]:
        return [self.account.agency_id, self.document_agency_id]
