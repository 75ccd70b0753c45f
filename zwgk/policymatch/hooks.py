"""Registrations of 政策找人 in the platform's extension points (called from AppConfig.ready). What is implemented
elsewhere is named by path (zwgk.core.lazy): imported on first use, not at start-up."""

from __future__ import annotations

from zwgk.core import registry
from zwgk.core.lazy import lazy
from zwgk.core.signals import public_content_changed
from zwgk.policymatch import indicators


def register() -> None:
    # By dotted path: the demo module (and the documents demo it uses) is imported only by `zwgk demo load`.
    registry.register_demo_loader(80, "政策找人", "zwgk.policymatch.demo:load")
    registry.register_workspace_menu(
        registry.MenuEntry(
            "申报条件（政策找人）", "policymatch:workspace_list", order=260, permission="policymatch.edit"
        )
    )
    # Publication: a policy that becomes public with 申报条件 already attached (re-published, or restored) queues
    # its pushes; attaching conditions to a public policy queues them in actions.save_eligibility.
    public_content_changed.connect(
        lazy("zwgk.policymatch.tasks:on_public_change"), weak=False, dispatch_uid="policymatch-publication"
    )
    indicators.register()
