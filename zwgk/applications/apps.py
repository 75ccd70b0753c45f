from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    """Disclosure applications (依申请公开): intake, statutory clock, fees, replies, ledger, review cases."""

    name = "zwgk.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from zwgk.applications import inbox, tasks  # noqa: F401  (tasks registers the periodic task)
        from zwgk.core import registry

        registry.register_public_nav("apply", "applications:apply")
        registry.register_inbox_provider(inbox.application_tasks)
        registry.register_workspace_menu(
            registry.MenuEntry("依申请公开", "applications:ledger", order=300, permission="applications.view")
        )
        registry.register_workspace_menu(
            registry.MenuEntry(
                "行政复议与诉讼", "applications:reviews", order=310, permission="applications.view"
            )
        )
        registry.register_workspace_menu(
            registry.MenuEntry(
                "文书模板", "applications:templates", order=870, permission="applications.edit_templates"
            )
        )
        registry.register_demo_loader(40, "applications", "zwgk.applications.demo:load")

        from zwgk.applications import reporting
        from zwgk.reports.sources import register_source

        # The annual report's tables 3 and 4 and the fee line of section 六 (zwgk.reports.sources contract).
        register_source("applications", reporting.application_facts)
        register_source("review_cases", reporting.review_case_facts)
        register_source("fees", reporting.fees_collected)

        from zwgk.applications import indicators
        from zwgk.workplan.indicators import register_indicator

        register_indicator(
            13,
            "applications.answered_on_time",
            indicators.answered_on_time,
            label="依申请公开按期答复率",
            hints=("依申请公开答复", "答复公开申请"),
            target=1.0,
        )
        register_indicator(
            13,
            "applications.reviews_corrected",
            indicators.reviews_corrected,
            label="复议诉讼纠错数",
            hints=("依申请公开答复", "答复公开申请"),
        )
