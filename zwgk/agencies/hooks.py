"""What the agencies app registers with the platform's extension points (called from AgenciesConfig.ready())."""

from __future__ import annotations

from zwgk.core import registry


def register() -> None:
    registry.register_demo_loader(10, "agencies", "zwgk.agencies.demo:load")
    registry.register_workspace_menu(
        registry.MenuEntry(
            "本单位公开联系方式", "agencies:edit_contact", order=850, permission="agencies.edit_contact"
        )
    )
