from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied

from zwgk.accounts.models import RoleAssignment, User


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "is_active", "last_login"]
    fieldsets = (*UserAdmin.fieldsets, ("工作人员信息", {"fields": ("full_name", "phone")}))  # type: ignore[operator, misc]

    def user_change_password(self, request, id, form_url=""):  # type: ignore[no-untyped-def]
        # Issue 13: a superuser set gkb's password here and logged in as the 公开办管理员, unaudited. Passwords
        # change only through the workspace's audited one-time reset link (accounts.actions.issue_password_reset).
        raise PermissionDenied("密码只能由公开办管理员在工作台签发一次性重置链接，由本人设置。")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "agency__short_name"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # roles change only through the workspace so that every grant is audited

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
