"""Everything 数据公开 registers with the shells: the 首页 panel, the workspace menu, the sitemap section, the
search source, the API description and the demo. A dataset's visibility is its record's: when documents announces
a record change, the dataset is announced too (the search index re-reads it through `.public()`).

What is implemented elsewhere is named by path (zwgk.core.lazy): imported on first use, not at start-up."""

from __future__ import annotations

from typing import Any

from zwgk.core import registry
from zwgk.core.lazy import lazy
from zwgk.core.signals import public_content_changed
from zwgk.datasets.models import Dataset
from zwgk.documents.extensions import register_record_links
from zwgk.documents.models import Record
from zwgk.search.registry import register_search_source


def _record_changed(sender: Any, instance_id: object = None, **kwargs: Any) -> None:
    if sender is Record and isinstance(instance_id, int) and Dataset.objects.filter(pk=instance_id).exists():
        public_content_changed.send(sender=Dataset, instance_id=instance_id, kind="dataset")


def register() -> None:
    registry.register_home_panel(
        registry.HomePanel(
            "数据公开",
            lazy("zwgk.datasets.public:latest_datasets"),
            "datasets:index",
            order=40,
            more_label="更多数据",
        )
    )
    registry.register_sitemap("datasets", lazy("zwgk.datasets.public:DatasetSitemap"))
    registry.register_openapi_fragment(lazy("zwgk.datasets.api:openapi_fragment"))
    register_search_source(
        "数据公开",
        Dataset,
        lazy("zwgk.datasets.public:search_entries"),
        lazy("zwgk.datasets.public:search_queryset"),
    )
    register_record_links(lazy("zwgk.datasets.links:links_for_record"))
    public_content_changed.connect(_record_changed, dispatch_uid="zwgk.datasets.record_changed")
    registry.register_demo_loader(85, "datasets", "zwgk.datasets.demo:load")
    registry.register_workspace_menu(
        registry.MenuEntry("数据公开", "datasets:ws_list", order=165, permission="datasets.view")
    )
