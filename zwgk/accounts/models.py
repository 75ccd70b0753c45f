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
