"""Staff users and their roles in agencies."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from zwgk.accounts.roles import DISTRICT_WIDE_ROLES, ROLE_CHOICES, ROLE_LABELS, Role


class User(AbstractUser):
    """A staff member. Citizens do not log in: they follow applications with a query code."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def district_wide(self) -> RoleAssignmentQuerySet:
        return self.filter(role__in=[r.value for r in DISTRICT_WIDE_ROLES])

    def for_agency(self, agency_id: int) -> RoleAssignmentQuerySet:
        return self.filter(agency_id=agency_id)


class RoleAssignment(models.Model):
    """User U holds role R in agency A. District-wide roles apply to every agency."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name="人员",
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="role_assignments", verbose_name="单位"
    )
    role = models.CharField("角色", max_length=30, choices=ROLE_CHOICES)
    granted_at = models.DateTimeField("授予时间", auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="授予人",
    )

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "角色授予"
        verbose_name_plural = "角色授予"
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_role_per_user_agency"),
        ]
        ordering = ["agency__sort_order", "user__username", "role"]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.role_label}"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[Role(self.role)]


class GrantReason(models.TextChoices):
    """Why a grant waits for another administrator (issue 13: separation of duties)."""

    CONFLICT = "conflict", "与已有角色冲突（同一单位的审签人与保密审查员）"
    ADMIN_GRANTS_SIGNER = "admin_grants_signer", "单位管理员授予审签人"
    CROSS_AGENCY = "cross_agency", "跨单位授予（须由其所在单位的管理员接受）"


class PendingGrantQuerySet(models.QuerySet["PendingGrant"]):
    def open(self) -> PendingGrantQuerySet:
        return self.filter(decided_at__isnull=True)


class PendingGrant(models.Model):
    """A role grant that takes effect only when a second administrator confirms it (four eyes)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_grants", verbose_name="人员"
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="pending_grants", verbose_name="单位"
    )
    role = models.CharField("角色", max_length=30, choices=ROLE_CHOICES)
    reasons = models.JSONField("须确认的原因", default=list)
    # For a cross-agency grant: the agencies whose administrator may accept (where the person already works).
    home_agency_ids = models.JSONField(default=list, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="申请人",
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="确认人",
    )
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)
    confirmed = models.BooleanField("已确认", null=True, blank=True)

    objects = PendingGrantQuerySet.as_manager()

    class Meta:
        verbose_name = "待确认的角色授予"
        verbose_name_plural = "待确认的角色授予"
        ordering = ["-requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                condition=models.Q(decided_at__isnull=True),
                name="one_open_pending_grant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.role_label}（待确认）"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[Role(self.role)]

    @property
    def reason_labels(self) -> list[str]:
        return [GrantReason(code).label for code in self.reasons]

    def permission_agency_ids(self) -> list[int]:
        return [self.agency_id, *self.home_agency_ids]
