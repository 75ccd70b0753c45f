"""What the secrecy review registers with the platform (called from SecrecyConfig.ready()): inbox, menus, demo.

documents and applications call zwgk.secrecy.service directly (docs/subsystems/secrecy.md); nothing is wired here.
"""

from __future__ import annotations

from zwgk.core import registry
from zwgk.secrecy import (
    inbox,
    tasks,  # noqa: F401  (importing tasks registers the huey tasks)
)


def register() -> None:
    registry.register_inbox_provider(inbox.open_findings)
    registry.register_workspace_menu(
        registry.MenuEntry("保密审查", "secrecy:screenings", order=320, permission="secrecy.view_findings")
    )
    registry.register_workspace_menu(
        registry.MenuEntry("敏感词库", "secrecy:lexicon", order=330, permission="secrecy.view_lexicon")
    )
    registry.register_workspace_menu(
        registry.MenuEntry("规范表述", "secrecy:wording", order=331, permission="secrecy.view_lexicon")
    )
    registry.register_demo_loader(35, "保密审查敏感词库", "zwgk.secrecy.demo:load")
