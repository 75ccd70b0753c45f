from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    """重大行政决策事项目录: the catalogue, each decision's stages and their documents."""

    name = "zwgk.decisions"
    label = "decisions"
    verbose_name = "重大行政决策"

    def ready(self) -> None:
        from zwgk.decisions import hooks

        hooks.register()
