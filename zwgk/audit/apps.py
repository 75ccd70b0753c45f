from django.apps import AppConfig


class AuditConfig(AppConfig):
    """工作痕迹: the append-only, hash-chained event log every state change writes to."""

    name = "zwgk.audit"
    label = "audit"
    verbose_name = "工作痕迹"

    def ready(self) -> None:
        from zwgk.core import registry

        registry.register_workspace_menu(
            registry.MenuEntry("工作痕迹", "audit:list", order=950, permission="audit.view_events")
        )
