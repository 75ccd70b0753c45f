from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    """工作要点台账: the yearly work plan, each unit's ledger, supervision, scoring, team and training."""

    name = "zwgk.workplan"
    label = "workplan"
    verbose_name = "工作要点台账"

    def ready(self) -> None:
        # Imported here, not at the top: the app's models must be loaded before its hooks import them.
        from zwgk.workplan import hooks

        hooks.register()
