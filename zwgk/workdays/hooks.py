"""What the workdays app registers with the platform's extension points (called from WorkdaysConfig.ready())."""

from __future__ import annotations

from zwgk.core import registry
from zwgk.core.lazy import lazy


def register() -> None:
    registry.register_inbox_provider(lazy("zwgk.workdays.inbox:missing_schedule_warning"))
    registry.register_workspace_menu(
        registry.MenuEntry(
            "节假日安排", "workdays:schedules", order=880, permission="workdays.view_schedules"
        )
    )
