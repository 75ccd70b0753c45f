from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """政府信息公开工作年度报告: generated from the platform's records, checked (勾稽), edited, reviewed, published."""

    name = "zwgk.reports"
    label = "reports"
    verbose_name = "政府信息公开工作年度报告"

    def ready(self) -> None:
        # Imported here, not at the top: the app's models must be loaded before its hooks import them.
        from zwgk.reports import hooks

        hooks.register()
