from django.apps import AppConfig


class DatasetsConfig(AppConfig):
    """结构化数据公开: typed, masked tables published as records (录取分数线, 惠农补贴, 政府采购全链条 …)."""

    name = "zwgk.datasets"
    label = "datasets"
    verbose_name = "数据公开"

    def ready(self) -> None:
        from zwgk.datasets import hooks

        hooks.register()
