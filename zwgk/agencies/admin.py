"""Agencies in the admin: read-only. The agency tree comes from the reference data (zwgk/agencies/data) and contact blocks are edited
in the workspace (zwgk.agencies.actions), both audited."""

from django.contrib import admin

from zwgk.agencies.models import Agency
from zwgk.core.admin import ReadOnlyAdmin


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ["code", "short_name", "name", "kind", "parent", "handles_applications", "is_active"]
    list_filter = ["kind", "is_active", "handles_applications"]
    search_fields = ["code", "name", "short_name"]
    ordering = ["sort_order", "code"]
