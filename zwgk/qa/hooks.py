"""What the 政策问答 app registers with the platform (called from QaConfig.ready())."""

from __future__ import annotations

from zwgk.core import registry
from zwgk.core.lazy import lazy
from zwgk.qa.models import Faq
from zwgk.search.models import KIND_QA
from zwgk.search.registry import register_search_source


def register() -> None:
    # Named by path (zwgk.core.lazy): imported on first use, not at start-up.
    register_search_source(
        KIND_QA, Faq, lazy("zwgk.qa.search_source:faq_entries"), lazy("zwgk.qa.search_source:public_faqs")
    )
    registry.register_public_nav("qa", "qa:home")
    registry.register_home_panel(
        registry.HomePanel("常见问题解答", lazy("zwgk.qa.home:frequent_questions"), "qa:home", order=30)
    )
    registry.register_sitemap("faqs", lazy("zwgk.qa.sitemaps:FaqSitemap"))
    registry.register_demo_loader(60, "qa", "zwgk.qa.demo:load")
    registry.register_inbox_provider(lazy("zwgk.qa.inbox:faq_tasks"))
    registry.register_workspace_menu(
        registry.MenuEntry("政策问答知识库", "qa:faq_list", order=710, permission="qa.view_faqs")
    )
    registry.register_workspace_menu(
        registry.MenuEntry("群众提问统计", "qa:stats", order=711, permission="qa.view_stats")
    )
