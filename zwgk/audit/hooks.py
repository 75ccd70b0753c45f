"""What the audit app registers with the platform's extension points (called from AuditConfig.ready())."""

from __future__ import annotations

from zwgk.core import registry


def register() -> None:
    registry.register_workspace_menu(
        registry.MenuEntry("工作痕迹", "audit:list", order=950, permission="audit.view_events")
    )
