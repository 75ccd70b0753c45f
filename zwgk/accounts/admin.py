from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from zwgk.accounts.models import RoleAssignment, User


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "is_active", "last_login"]
    fieldsets = (*UserAdmin.fieldsets, ("工作人员信息", {"fields": ("full_name", "phone")}))  # type: ignore[misc]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "agency__short_name"]

    def has_add_permission(self, request):
        return False  # roles change only through the workspace so that every grant is audited

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
