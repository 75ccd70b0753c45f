from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    """征求意见: public comment on drafts, moderation, themes and the published feedback (意见采纳情况)."""

    name = "zwgk.participation"
    label = "participation"
    verbose_name = "征求意见"

    def ready(self) -> None:
        from zwgk.participation import hooks

        hooks.register()
