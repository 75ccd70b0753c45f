"""What the search app registers with the platform (called from SearchConfig.ready()): the index follows
`public_content_changed` and agency renames (the dictionary), plus its demo loader and workspace menu."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from zwgk.agencies.models import Agency
from zwgk.core import registry
from zwgk.core.signals import public_content_changed
from zwgk.search import indexer, tasks  # noqa: F401  (importing tasks registers the periodic jobs)
from zwgk.search.dictionary import on_agency_changed


def register() -> None:
    public_content_changed.connect(indexer.on_public_content_changed, dispatch_uid="zwgk.search.index")
    post_save.connect(on_agency_changed, sender=Agency, dispatch_uid="zwgk.search.agency_saved")
    post_delete.connect(on_agency_changed, sender=Agency, dispatch_uid="zwgk.search.agency_deleted")
    registry.register_demo_loader(90, "search", "zwgk.search.demo:load")
    for entry in [
        registry.MenuEntry("同义词", "search:synonyms", order=700, permission="search.manage"),
        registry.MenuEntry("推荐结果", "search:best_bets", order=701, permission="search.manage"),
        registry.MenuEntry(
            "检索统计与无结果记录", "search:queries", order=702, permission="search.view_stats"
        ),
        registry.MenuEntry("检索索引", "search:index_status", order=703, permission="search.view_stats"),
    ]:
        registry.register_workspace_menu(entry)
