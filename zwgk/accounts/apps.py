from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff users, roles scoped to agencies, and the one permission mechanism."""

    name = "zwgk.accounts"
    label = "accounts"
    verbose_name = "用户与角色"

    def ready(self) -> None:
        # Imported here, not at the top: the app's models must be loaded before its hooks import them.
        from zwgk.accounts import hooks

        hooks.register()
