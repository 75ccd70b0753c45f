from django.apps import AppConfig


class SearchConfig(AppConfig):
    """全文检索: the index of public content (SQLite FTS5 / PostgreSQL), synonyms, best bets, query statistics."""

    name = "zwgk.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        # Imported here, not at the top: the app's models must be loaded before its hooks import them.
        from zwgk.search import hooks

        hooks.register()
