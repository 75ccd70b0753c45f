from django.contrib import admin

from zwgk.core.admin import ReadOnlyAdmin, ReadOnlyInline
from zwgk.workdays.models import ScheduleDay, ScheduleYear


class ScheduleDayInline(ReadOnlyInline):
    model = ScheduleDay


@admin.register(ScheduleYear)
class ScheduleYearAdmin(ReadOnlyAdmin):
    """Read-only here: schedules change through the workspace page or `zwgk holidays load`, which audit."""

    list_display = ["year", "note", "updated_at"]
    inlines = [ScheduleDayInline]
