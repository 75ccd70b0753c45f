from django.apps import AppConfig


class QaConfig(AppConfig):
    """政策问答: FAQ knowledge base, the answer service with citations, question statistics."""

    name = "zwgk.qa"
    label = "qa"
    verbose_name = "政策问答"

    def ready(self) -> None:
        # Imported here, not at the top: the app's models must be loaded before its hooks import them.
        from zwgk.qa import hooks

        hooks.register()
