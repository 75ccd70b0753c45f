"""Users and roles in the admin: read-only. Accounts, passwords and roles change only through the workspace's
audited actions (zwgk.accounts.actions) — the admin can neither set a password, activate a user nor grant a role."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from zwgk.accounts.models import RoleAssignment, User
from zwgk.core.admin import ReadOnlyAdmin, ReadOnlyAdminMixin

# Roles are RoleAssignment rows, never Django groups; django-axes' lockout records are shown but not editable
# (deleting one would unlock an account without an audit event). INSTALLED_APPS lists auth and axes first.
admin.site.unregister(Group)
for _model in (AccessAttempt, AccessLog, AccessFailureLog):
    _base = type(admin.site._registry[_model])
    admin.site.unregister(_model)
    admin.site.register(_model, type(f"ReadOnly{_base.__name__}", (ReadOnlyAdminMixin, _base), {}))


@admin.register(User)
class StaffUserAdmin(ReadOnlyAdminMixin, UserAdmin):
    list_display = ["username", "full_name", "is_active", "last_login"]
    fieldsets = (*UserAdmin.fieldsets, ("工作人员信息", {"fields": ("full_name", "phone")}))  # type: ignore[misc]

    def user_change_password(self, request, id, form_url=""):
        # Issue 13: a superuser set gkb's password here and logged in as the 公开办管理员, unaudited. Passwords
        # change only through the workspace's audited one-time reset link (accounts.actions.issue_password_reset).
        raise PermissionDenied("密码只能由公开办管理员在工作台签发一次性重置链接，由本人设置。")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "agency", "role", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "agency__short_name"]
