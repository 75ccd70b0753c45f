"""What the accounts app registers with the platform's extension points (called from AccountsConfig.ready())."""

from __future__ import annotations

from zwgk.core import registry


def register() -> None:
    registry.register_workspace_menu(
        registry.MenuEntry("人员与角色", "accounts:roles", order=900, permission="accounts.view_roles")
    )
    registry.register_demo_loader(20, "accounts", "zwgk.accounts.demo:load")
