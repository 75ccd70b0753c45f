from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    """机关单位: the district's agency tree, unit codes and public contact blocks."""

    name = "zwgk.agencies"
    label = "agencies"
    verbose_name = "机关单位"

    def ready(self) -> None:
        # Imported here, not at the top: the app's models must be loaded before its hooks import them.
        from zwgk.agencies import hooks

        hooks.register()
