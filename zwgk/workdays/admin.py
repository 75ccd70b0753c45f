from django.contrib import admin

from zwgk.workdays.models import ScheduleDay, ScheduleYear


class ScheduleDayInline(admin.TabularInline):
    model = ScheduleDay
    extra = 0


@admin.register(ScheduleYear)
class ScheduleYearAdmin(admin.ModelAdmin):
    """Read-only here: schedules change through the workspace page or `zwgk holidays load`, which audit."""

    list_display = ["year", "note", "updated_at"]
    inlines = [ScheduleDayInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
