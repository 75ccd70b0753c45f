from django.apps import AppConfig


class SecrecyConfig(AppConfig):
    """保密审查: automatic screening in the review step, resolutions, the sensitive-term lexicon."""

    name = "zwgk.secrecy"
    label = "secrecy"
    verbose_name = "保密审查"

    def ready(self) -> None:
        from zwgk.core import registry
        from zwgk.secrecy import demo, inbox, tasks  # noqa: F401  (tasks registers the huey tasks)

        registry.register_inbox_provider(inbox.open_findings)
        registry.register_workspace_menu(
            registry.MenuEntry(
                "保密审查", "secrecy:screenings", order=320, permission="secrecy.view_findings"
            )
        )
        registry.register_workspace_menu(
            registry.MenuEntry("敏感词库", "secrecy:lexicon", order=330, permission="secrecy.view_lexicon")
        )
        registry.register_demo_loader(35, "保密审查敏感词库", demo.load)
