from django.apps import AppConfig


class FakeDocsConfig(AppConfig):
    """Test-only stand-in for zwgk.documents: a record with a body and attachments, and a `review` module with
    the plug-in points and redaction actions the documents app exposes. Installed only when testing."""

    name = "zwgk.secrecy.tests.fakedocs"
    label = "fakedocs"
    verbose_name = "测试用信息"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zwgk.secrecy import wiring
        from zwgk.secrecy.tests.fakedocs import review

        wiring.connect(
            review,
            record_model="fakedocs.FakeRecord",
            attachment_model="fakedocs.FakeAttachment",
            in_review=lambda records: records.filter(status="review"),
        )
