from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff users, roles scoped to agencies, and the one permission mechanism."""

    name = "zwgk.accounts"
    label = "accounts"
    verbose_name = "用户与角色"

    def ready(self) -> None:
        from zwgk.accounts import demo
        from zwgk.core import registry

        registry.register_workspace_menu(
            registry.MenuEntry("人员与角色", "accounts:roles", order=900, permission="accounts.view_roles")
        )
        registry.register_demo_loader(20, "accounts", demo.load)
