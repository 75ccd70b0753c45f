from django.contrib import admin

from zwgk.agencies.models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "short_name", "name", "kind", "parent", "handles_applications", "is_active"]
    list_filter = ["kind", "is_active", "handles_applications"]
    search_fields = ["code", "name", "short_name"]
    ordering = ["sort_order", "code"]
