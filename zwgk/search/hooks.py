"""What the search app registers with the platform (called from SearchConfig.ready()): the index follows
`public_content_changed` and agency renames (the dictionary), plus its demo loader and workspace menu."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from zwgk.agencies.models import Agency
from zwgk.core import registry
from zwgk.core.lazy import lazy
from zwgk.core.signals import public_content_changed


def register() -> None:
    # Named by path (zwgk.core.lazy): the indexer and dictionary are imported on first use, not at start-up; the
    # periodic jobs (search/tasks.py) reach the worker through run_huey's tasks discovery.
    public_content_changed.connect(
        lazy("zwgk.search.indexer:on_public_content_changed"), weak=False, dispatch_uid="zwgk.search.index"
    )
    on_agency_changed = lazy("zwgk.search.dictionary:on_agency_changed")
    post_save.connect(on_agency_changed, sender=Agency, weak=False, dispatch_uid="zwgk.search.agency_saved")
    post_delete.connect(
        on_agency_changed, sender=Agency, weak=False, dispatch_uid="zwgk.search.agency_deleted"
    )
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
