from django.apps import AppConfig


class PolicymatchConfig(AppConfig):
    """政策找人: 申报条件 on published policies, and matching enterprise / person profiles against them."""

    name = "zwgk.policymatch"
    label = "policymatch"
    verbose_name = "政策找人"

    def ready(self) -> None:
        from zwgk.policymatch import hooks

        hooks.register()
