"""What the annual-report app registers with the platform (called from ReportsConfig.ready()), after checking
ZWGK_REPORT_AGENCY_KINDS names real agency kinds. What is implemented elsewhere is named by path (zwgk.core.lazy);
the periodic task (reports/tasks.py) reaches the worker through run_huey's tasks discovery."""

from __future__ import annotations

from django.conf import settings

from zwgk.agencies.models import AgencyKind
from zwgk.config import ConfigError
from zwgk.core import registry
from zwgk.core.lazy import lazy
from zwgk.reports.models import AnnualReport
from zwgk.search.models import KIND_REPORT
from zwgk.search.registry import register_search_source


def check_settings() -> None:
    unknown = set(settings.REPORT_AGENCY_KINDS) - set(AgencyKind.values)
    if unknown:
        raise ConfigError(
            "ZWGK_REPORT_AGENCY_KINDS",
            f"未知的单位类型：{', '.join(sorted(unknown))}；可用：{', '.join(AgencyKind.values)}",
            f"unknown agency kinds {sorted(unknown)}; use {', '.join(AgencyKind.values)}",
        )


def register() -> None:
    check_settings()
    registry.register_workspace_menu(
        registry.MenuEntry("政府信息公开年报", "reports:board", order=400, permission="reports.view")
    )
    registry.register_workspace_menu(
        registry.MenuEntry("全区年报概览", "reports:overview", order=401, permission="reports.overview")
    )
    registry.register_inbox_provider(lazy("zwgk.reports.inbox:report_tasks"))
    registry.register_demo_loader(70, "reports", "zwgk.reports.demo:load")
    registry.register_home_panel(
        registry.HomePanel(
            "政府信息公开年报", lazy("zwgk.reports.home:latest_reports"), "reports:public_index", order=40
        )
    )
    registry.register_sitemap("annual-reports", lazy("zwgk.reports.sitemaps:ReportSitemap"))
    register_search_source(
        KIND_REPORT,
        AnnualReport,
        lazy("zwgk.reports.search_source:report_entries"),
        lazy("zwgk.reports.search_source:report_queryset"),
    )
