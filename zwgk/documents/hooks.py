"""Everything the catalogue registers with the platform (called from DocumentsConfig.ready()): its public nav,
home panels, sitemaps, workspace menus, inbox, demo and cache invalidation; and with the apps that use it: the
search index's sources (`zwgk.documents.search_source`), the annual report's sources (`zwgk.reports.sources`:
"normative", "publication_facts"), the work plan's live indicators (`zwgk.workplan.indicators`) and evidence
sources (`zwgk.workplan.evidence`), in their shapes in `zwgk.documents.provided`.

What is implemented elsewhere is named by path (zwgk.core.lazy): imported on first use, not at start-up. The
periodic tasks (documents/tasks.py) reach the worker through run_huey's tasks discovery."""

from __future__ import annotations

from zwgk.core import registry
from zwgk.core.lazy import lazy
from zwgk.core.signals import public_content_changed
from zwgk.documents.models import Interpretation, Record
from zwgk.reports.sources import register_report_source
from zwgk.search.models import KIND_INTERPRETATION, KIND_POLICY
from zwgk.search.registry import register_search_source
from zwgk.sitehealth.providers import register_check_provider
from zwgk.workplan.evidence import register_evidence_source
from zwgk.workplan.indicators import register_indicator

WORKSPACE_MENU = [
    registry.MenuEntry("政府信息", "documents:ws_records", order=100, permission="documents.view"),
    registry.MenuEntry("保密审查", "documents:ws_review_queue", order=110, permission="documents.review"),
    registry.MenuEntry("审签", "documents:ws_sign_queue", order=120, permission="documents.sign"),
    registry.MenuEntry("政策解读", "documents:ws_interpretations", order=130, permission="documents.view"),
    registry.MenuEntry("公开时限", "documents:ws_timeliness", order=140, permission="documents.view"),
    registry.MenuEntry(
        "定期审查", "documents:ws_periodic_reviews", order=150, permission="documents.periodic_review"
    ),
    registry.MenuEntry("规范性文件台账", "documents:ws_normative", order=160, permission="documents.view"),
    registry.MenuEntry("公开指南", "documents:ws_guide", order=170, permission="documents.edit_guide"),
    registry.MenuEntry("主题分类", "documents:ws_themes", order=180, permission="documents.manage_themes"),
    registry.MenuEntry(
        "区外发文机关", "documents:ws_issuers", order=185, permission="documents.manage_issuers"
    ),
]


def register() -> None:
    register_check_provider("publication_dates", lazy("zwgk.documents.selfcheck:check"))
    registry.register_public_nav("xxgk", "documents:xxgk")
    registry.register_public_nav("policies", "documents:policies")
    registry.register_public_nav("interpretations", "documents:interpretations")
    registry.register_home_panel(
        registry.HomePanel(
            "最新政策文件",
            lazy("zwgk.documents.home:latest_policies"),
            "documents:policies",
            order=10,
            more_label="更多政策文件",
        )
    )
    registry.register_home_panel(
        registry.HomePanel(
            "政策解读",
            lazy("zwgk.documents.home:latest_interpretations"),
            "documents:interpretations",
            order=20,
        )
    )
    registry.register_sitemap("columns", lazy("zwgk.documents.sitemaps:ColumnSitemap"))
    registry.register_sitemap("records", lazy("zwgk.documents.sitemaps:RecordSitemap"))
    registry.register_sitemap("interpretations", lazy("zwgk.documents.sitemaps:InterpretationSitemap"))
    for entry in WORKSPACE_MENU:
        registry.register_workspace_menu(entry)
    registry.register_inbox_provider(lazy("zwgk.documents.inbox:inbox_items"))
    registry.register_demo_loader(30, "政府信息与政策解读", "zwgk.documents.demo:load")
    registry.register_demo_loader(31, "法律法规（区外发文机关）", "zwgk.documents.issuers:load_demo_laws")
    registry.register_demo_loader(36, "公开方式与公示", "zwgk.documents.demo_publicity:load")
    public_content_changed.connect(
        lazy("zwgk.documents.caching:bump"), weak=False, dispatch_uid="documents-public-cache"
    )
    register_indicators()

    register_search_source(
        KIND_POLICY,
        Record,
        lazy("zwgk.documents.search_source:record_entries"),
        lazy("zwgk.documents.search_source:record_queryset"),
    )
    register_search_source(
        KIND_INTERPRETATION,
        Interpretation,
        lazy("zwgk.documents.search_source:interpretation_entries"),
        lazy("zwgk.documents.search_source:interpretation_queryset"),
    )
    register_report_source("normative", lazy("zwgk.documents.reporting:normative_counts"))
    register_report_source("publication_facts", lazy("zwgk.documents.provided:report_publication_facts"))
    register_evidence_source(
        "document", "已发布文件", lazy("zwgk.documents.provided:published_record_choices")
    )
    register_evidence_source(
        "interpretation", "政策解读", lazy("zwgk.documents.provided:published_interpretation_choices")
    )


def register_indicators() -> None:
    """The work plan's live indicators on the catalogue."""
    register_indicator(
        12,
        "documents.display_logged",
        lazy("zwgk.documents.provided:display_logged"),
        label="线下公开信息登记率",
        hints=("公开方式",),
        target=1.0,
    )
    register_indicator(
        8,
        "documents.proactive_share",
        lazy("zwgk.documents.provided:proactive_share"),
        label="文件主动公开比率",
        hints=("主动公开比率",),
    )
    register_indicator(
        8,
        "documents.reviews_done",
        lazy("zwgk.documents.provided:reviews_done"),
        label="依申请公开、不予公开文件定期审查完成率",
        hints=("定期对原公开属性",),
        target=1.0,
    )
    register_indicator(
        10,
        "documents.interpretation_sync",
        lazy("zwgk.documents.provided:interpretation_sync"),
        label="政策解读同步发布率",
        hints=("同步审签",),
        target=1.0,
    )
