from django.apps import AppConfig


class InteractionConfig(AppConfig):
    """互动交流: consultations, 我为政府网站找错, complaints, suggestions, enterprise reports, the consultation log."""

    name = "zwgk.interaction"
    label = "interaction"
    verbose_name = "互动交流"

    def ready(self) -> None:
        from zwgk.interaction import hooks

        hooks.register()
