from django.apps import AppConfig


class ColumnsConfig(AppConfig):
    """栏目 and 专题专栏: the column tree of the district portal and of each agency's sub-site (issue 18)."""

    name = "zwgk.columns"
    label = "columns"
    verbose_name = "栏目与专题"

    def ready(self) -> None:
        from zwgk.columns import hooks

        hooks.register()
