"""What 重大行政决策 registers: the workspace menu, the sitemap section, the API description, the demo, the annual
report's "public_participation" source and the work plan's live indicators (items 九 and 十). What is implemented
elsewhere is named by path (zwgk.core.lazy): imported on first use, not at start-up."""

from __future__ import annotations

from zwgk.core import registry
from zwgk.core.lazy import lazy
from zwgk.documents.extensions import register_record_links
from zwgk.reports.sources import register_report_source
from zwgk.workplan.indicators import register_indicator


def register() -> None:

    registry.register_workspace_menu(
        registry.MenuEntry("重大行政决策", "decisions:staff_index", order=745, permission="decisions.view")
    )
    registry.register_sitemap("decisions", lazy("zwgk.decisions.sitemaps:DecisionSitemap"))
    registry.register_openapi_fragment(lazy("zwgk.decisions.views:openapi_fragment"))
    registry.register_demo_loader(79, "decisions", "zwgk.decisions.demo:load")
    register_report_source("public_participation", lazy("zwgk.decisions.reporting:participation_facts"))
    register_record_links(lazy("zwgk.decisions.links:links_for_record"))
    register_indicator(
        9,
        "decisions.catalogue_decisions",
        lazy("zwgk.decisions.reporting:catalogue_decisions"),
        label="重大行政决策事项目录中的决策事项",
        hints=("重大行政决策事项目录",),
    )
    register_indicator(
        9,
        "decisions.consultations_held",
        lazy("zwgk.decisions.reporting:consultations_held"),
        label="公开征求意见次数",
        hints=("强化公众参与",),
    )
    register_indicator(
        9,
        "decisions.feedback_published",
        lazy("zwgk.decisions.reporting:feedback_published"),
        label="征求意见采纳情况公布率",
        hints=("强化公众参与",),
        target=1.0,
    )
    register_indicator(
        10,
        "decisions.comments_adopted",
        lazy("zwgk.decisions.reporting:comments_adopted"),
        label="征求意见采纳率（含部分采纳）",
        hints=("确定解读重点",),
    )
