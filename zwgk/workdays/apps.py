from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    """Holiday schedules entered by staff, feeding the working-day calendar `zwgk.calendar`."""

    name = "zwgk.workdays"
    label = "workdays"
    verbose_name = "节假日安排"

    def ready(self) -> None:
        # Imported here, not at the top: the app's models must be loaded before its hooks import them.
        from zwgk.workdays import hooks

        hooks.register()
