from django.apps import AppConfig


class NewmediaConfig(AppConfig):
    """政务新媒体: the registry of government accounts, 备案, update monitoring (僵尸号) and the public 矩阵."""

    name = "zwgk.newmedia"
    label = "newmedia"
    verbose_name = "政务新媒体"

    def ready(self) -> None:
        from zwgk.newmedia import hooks

        hooks.register()
