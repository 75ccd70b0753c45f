from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    """Disclosure applications (依申请公开): intake, statutory clock, fees, replies, ledger, review cases."""

    name = "zwgk.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        # Imported here, not at the top: the app's models must be loaded before its hooks import them.
        from zwgk.applications import hooks

        hooks.register()
