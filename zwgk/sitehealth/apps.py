from django.apps import AppConfig


class SitehealthConfig(AppConfig):
    """网站健康检查: links, column freshness, interaction response, availability, the self-check and the
    《政府网站工作年度报表》 against the national inspection (国办秘函〔2019〕19号)."""

    name = "zwgk.sitehealth"
    label = "sitehealth"
    verbose_name = "网站健康检查"

    def ready(self) -> None:
        from zwgk.sitehealth import hooks

        hooks.register()
