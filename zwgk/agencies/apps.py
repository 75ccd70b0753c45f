from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    """机关单位: the district's agency tree, unit codes and public contact blocks."""

    name = "zwgk.agencies"
    label = "agencies"
    verbose_name = "机关单位"

    def ready(self) -> None:
        from zwgk.agencies import demo
        from zwgk.core import registry

        registry.register_demo_loader(10, "agencies", demo.load)
        registry.register_workspace_menu(
            registry.MenuEntry(
                "本单位公开联系方式", "agencies:edit_contact", order=850, permission="agencies.edit_contact"
            )
        )
