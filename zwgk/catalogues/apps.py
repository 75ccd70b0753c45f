from django.apps import AppConfig


class CataloguesConfig(AppConfig):
    """基层政务公开标准目录: standard catalogues, each agency's 事项目录 and the coverage page (issue 18)."""

    name = "zwgk.catalogues"
    label = "catalogues"
    verbose_name = "基层政务公开标准目录"

    def ready(self) -> None:
        from zwgk.catalogues import hooks

        hooks.register()
