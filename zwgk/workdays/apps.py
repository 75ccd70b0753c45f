from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    """Holiday schedules entered by staff, feeding the working-day calendar `zwgk.calendar`."""

    name = "zwgk.workdays"
    label = "workdays"
    verbose_name = "节假日安排"

    def ready(self) -> None:
        from zwgk.core import registry
        from zwgk.workdays import inbox

        registry.register_inbox_provider(inbox.missing_schedule_warning)
        registry.register_workspace_menu(
            registry.MenuEntry(
                "节假日安排", "workdays:schedules", order=880, permission="workdays.view_schedules"
            )
        )
