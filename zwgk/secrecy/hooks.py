"""What the secrecy review registers with the platform (called from SecrecyConfig.ready()): inbox, menus, demo.

documents and applications call zwgk.secrecy.service directly (docs/subsystems/secrecy.md); nothing is wired here.
The huey tasks (secrecy/tasks.py, with the lost-screening recovery) reach the worker through run_huey's tasks
discovery; the inbox provider is named by path (zwgk.core.lazy), imported on first use.
"""

from __future__ import annotations

from zwgk.core import registry
from zwgk.core.lazy import lazy


def register() -> None:
    registry.register_inbox_provider(lazy("zwgk.secrecy.inbox:open_findings"))
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
