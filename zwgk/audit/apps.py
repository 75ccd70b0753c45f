from django.apps import AppConfig


class AuditConfig(AppConfig):
    """工作痕迹: the append-only, hash-chained event log every state change writes to."""

    name = "zwgk.audit"
    label = "audit"
    verbose_name = "工作痕迹"

    def ready(self) -> None:
        # Imported here, not at the top: the app's models must be loaded before its hooks import them.
        from zwgk.audit import hooks

        hooks.register()
