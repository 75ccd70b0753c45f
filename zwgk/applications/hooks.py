"""What the 依申请公开 app registers with the platform (called from ApplicationsConfig.ready()): its public
entry, inbox and menus, the annual report's sources (tables 3 and 4, the fee line) and two work-plan indicators."""

from __future__ import annotations

from zwgk.core import registry
from zwgk.core.lazy import lazy
from zwgk.reports.sources import register_report_source
from zwgk.workdays.service import schedule_changed
from zwgk.workplan.indicators import register_indicator


def register() -> None:
    # What is implemented elsewhere is named by path (zwgk.core.lazy): imported on first use, not at start-up.
    # The tasks (and the e-mail notice tasks they import) reach the worker through run_huey's tasks discovery.
    # A newly loaded holiday schedule replaces the provisional (暂定) counting of that year at once.
    schedule_changed.connect(
        lazy("zwgk.applications.tasks:on_schedule_changed"),
        weak=False,
        dispatch_uid="applications.recompute_provisional",
    )
    registry.register_public_nav("apply", "applications:apply")
    registry.register_inbox_provider(lazy("zwgk.applications.inbox:application_tasks"))
    registry.register_workspace_menu(
        registry.MenuEntry("依申请公开", "applications:ledger", order=300, permission="applications.view")
    )
    registry.register_workspace_menu(
        registry.MenuEntry(
            "行政复议与诉讼", "applications:review_cases", order=310, permission="applications.view"
        )
    )
    registry.register_workspace_menu(
        registry.MenuEntry(
            "文书模板", "applications:templates", order=870, permission="applications.edit_templates"
        )
    )
    registry.register_demo_loader(40, "applications", "zwgk.applications.demo:load")

    # The annual report's tables 3 and 4 and the fee line of section 六 (zwgk.reports.sources contract).
    register_report_source("applications", lazy("zwgk.applications.reporting:application_facts"))
    register_report_source("review_cases", lazy("zwgk.applications.reporting:review_case_facts"))
    register_report_source("fees", lazy("zwgk.applications.reporting:fees_collected"))

    register_indicator(
        13,
        "applications.answered_on_time",
        lazy("zwgk.applications.indicators:answered_on_time"),
        label="依申请公开按期答复率",
        hints=("依申请公开答复", "答复公开申请"),
        target=1.0,
    )
    register_indicator(
        13,
        "applications.reviews_corrected",
        lazy("zwgk.applications.indicators:reviews_corrected"),
        label="复议诉讼纠错数",
        hints=("依申请公开答复", "答复公开申请"),
    )
