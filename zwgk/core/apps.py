from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site shells (public site, staff workspace), request context, health, operations commands."""

    name = "zwgk.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self) -> None:
        # Imported here, not at the top: the app's models must be loaded before its hooks import them.
        from zwgk.core import hooks

        hooks.register()
