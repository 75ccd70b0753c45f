from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Government information catalogue, publication workflow and the public 政府信息公开 column."""

    name = "zwgk.documents"
    label = "documents"
    verbose_name = "政府信息"

    def ready(self) -> None:
        # Imported here, not at the top: the app's models must be loaded before its hooks import them.
        from zwgk.documents import hooks

        hooks.register()
