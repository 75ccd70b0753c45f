"""Everything the catalogue registers with the platform (called from DocumentsConfig.ready()): its public nav,
home panels, sitemaps, workspace menus, inbox, demo and cache invalidation; and with the apps that use it: the
search index's sources (`zwgk.documents.search_source`), the annual report's sources (`zwgk.reports.sources`: "normative", "publication_facts") and the work plan's live
indicators (`zwgk.workplan.indicators`: documents.proactive_share, documents.interpretation_sync,
documents.reviews_done) and evidence sources (`zwgk.workplan.evidence`: published records and interpretations a
unit can link to a progress report). The figures themselves are in `zwgk.documents.reporting`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from zwgk.core import registry
from zwgk.core.signals import public_content_changed
from zwgk.documents import (
    caching,
    inbox,
    publicity,
    reporting,
    tasks,  # noqa: F401  (importing tasks registers the periodic tasks)
)
from zwgk.documents.home import latest_interpretations, latest_policies
from zwgk.documents.models import Interpretation, Record
from zwgk.documents.search_source import (
    interpretation_entries,
    interpretation_queryset,
    record_entries,
    record_queryset,
)
from zwgk.documents.sitemaps import ColumnSitemap, InterpretationSitemap, RecordSitemap
from zwgk.reports.sources import register_report_source
from zwgk.search.models import KIND_INTERPRETATION, KIND_POLICY
from zwgk.search.registry import register_search_source
from zwgk.workplan.evidence import register_evidence_source
from zwgk.workplan.indicators import IndicatorValue, register_indicator


def report_publication_facts(agency_id: int | None, year: int) -> dict[str, Any]:
    """`publication_facts` in the shape of the annual-report source contract (zwgk.reports.sources)."""
    facts = reporting.publication_facts(agency_id, year)
    return {
        "published_total": facts["published"],
        "published_by_category": {
            item["label"]: item["count"]
            for code, item in facts["by_category"].items()
            if code and item["count"]
        },
        "policy_documents": facts["by_kind"].get("policy", 0),
        "interpretations": facts["interpretations_published"],
        "nonpublic_reviewed": facts["nonpublic_reviewed"],
        "nonpublic_converted": facts["nonpublic_converted"],
    }


def _year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _indicator(fn: Any, note: str) -> Any:
    def value(year: int, agency_id: int | None) -> IndicatorValue:
        ratio = fn(agency_id, *_year_span(year))
        return IndicatorValue(numerator=ratio["numerator"], denominator=ratio["denominator"], note=note)

    return value


EVIDENCE_CHOICES = 200  # the unit's most recent ones; older records can still be linked as a web link


def published_record_choices(agency_id: int, year: int) -> list[tuple[str, str]]:
    """Evidence for the work-plan ledger: the unit's records published in `year` (public pages only)."""
    records = Record.objects.public().filter(agency_id=agency_id, published_at__year=year)
    return [
        (reverse("documents:record", args=[r.pk]), f"{r.title}（{r.doc_number or r.index_no}）")
        for r in records.order_by("-published_at")[:EVIDENCE_CHOICES]
    ]


def published_interpretation_choices(agency_id: int, year: int) -> list[tuple[str, str]]:
    """Evidence for the work-plan ledger: the unit's interpretations published in `year`."""
    items = Interpretation.objects.public().filter(agency_id=agency_id, published_at__year=year)
    return [
        (reverse("documents:interpretation", args=[i.pk]), i.title)
        for i in items.order_by("-published_at")[:EVIDENCE_CHOICES]
    ]


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
    from zwgk.documents import selfcheck
    from zwgk.sitehealth.providers import register_check_provider

    register_check_provider("publication_dates", selfcheck.check)
    registry.register_public_nav("xxgk", "documents:xxgk")
    registry.register_public_nav("policies", "documents:policies")
    registry.register_public_nav("interpretations", "documents:interpretations")
    registry.register_home_panel(
        registry.HomePanel(
            "最新政策文件", latest_policies, "documents:policies", order=10, more_label="更多政策文件"
        )
    )
    registry.register_home_panel(
        registry.HomePanel("政策解读", latest_interpretations, "documents:interpretations", order=20)
    )
    registry.register_sitemap("columns", ColumnSitemap)
    registry.register_sitemap("records", RecordSitemap)
    registry.register_sitemap("interpretations", InterpretationSitemap)
    for entry in WORKSPACE_MENU:
        registry.register_workspace_menu(entry)
    registry.register_inbox_provider(inbox.inbox_items)
    registry.register_demo_loader(30, "政府信息与政策解读", "zwgk.documents.demo:load")
    registry.register_demo_loader(31, "法律法规（区外发文机关）", "zwgk.documents.issuers:load_demo_laws")
    registry.register_demo_loader(36, "公开方式与公示", "zwgk.documents.demo_publicity:load")
    public_content_changed.connect(caching.bump, dispatch_uid="documents-public-cache")
    register_indicators()

    register_search_source(KIND_POLICY, Record, record_entries, record_queryset)
    register_search_source(
        KIND_INTERPRETATION, Interpretation, interpretation_entries, interpretation_queryset
    )
    register_report_source("normative", reporting.normative_counts)
    register_report_source("publication_facts", report_publication_facts)
    register_evidence_source("document", "已发布文件", published_record_choices)
    register_evidence_source("interpretation", "政策解读", published_interpretation_choices)


def display_logged(year: int, agency_id: int | None) -> IndicatorValue:
    logged, offline = publicity.display_logged(agency_id, year)
    return IndicatorValue(
        logged, offline, note="本年发布的特定范围公开、公示栏等线下公开信息中已登记公开情况的"
    )


def register_indicators() -> None:
    """The work plan's live indicators on the catalogue."""
    register_indicator(
        12,
        "documents.display_logged",
        display_logged,
        label="线下公开信息登记率",
        hints=("公开方式",),
        target=1.0,
    )
    register_indicator(
        8,
        "documents.proactive_share",
        _indicator(reporting.proactive_share, "本年定稿的文件中主动公开的比例"),
        label="文件主动公开比率",
        hints=("主动公开比率",),
    )
    register_indicator(
        8,
        "documents.reviews_done",
        _indicator(reporting.reviews_done, "本年到期的定期审查中已作出结论的比例"),
        label="依申请公开、不予公开文件定期审查完成率",
        hints=("定期对原公开属性",),
        target=1.0,
    )
    register_indicator(
        10,
        "documents.interpretation_sync",
        _indicator(reporting.interpretation_sync_share, "需解读的政策文件与解读同日发布的比例"),
        label="政策解读同步发布率",
        hints=("同步审签",),
        target=1.0,
    )
