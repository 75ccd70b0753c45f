from django.apps import AppConfig


class SecrecyConfig(AppConfig):
    """保密审查: automatic screening in the review step, resolutions, the sensitive-term lexicon."""

    name = "zwgk.secrecy"
    label = "secrecy"
    verbose_name = "保密审查"

    def ready(self) -> None:
        # Imported here, not at the top: the app's models must be loaded before its hooks import them.
        from zwgk.secrecy import hooks

        hooks.register()
