"""Everything 网站健康检查 registers: workspace menu, inbox tasks for the owning agencies, demo data."""

from __future__ import annotations

from zwgk.core import registry
from zwgk.core.lazy import lazy


def register() -> None:
    registry.register_inbox_provider(lazy("zwgk.sitehealth.inbox:link_tasks"))
    registry.register_demo_loader(85, "sitehealth", "zwgk.sitehealth.demo:load")
    for label, url_name, order, perm in (
        ("网站自查", "sitehealth:overview", 760, "sitehealth.view"),
        ("链接整改任务", "sitehealth:tasks", 761, "sitehealth.view"),
        ("网站可用性", "sitehealth:availability", 762, "sitehealth.view"),
        ("政府网站工作年度报表", "sitehealth:website_report", 763, "sitehealth.report"),
    ):
        registry.register_workspace_menu(registry.MenuEntry(label, url_name, order=order, permission=perm))
