from django.db import models


class FakeRecord(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=20, default="draft")

    def __str__(self) -> str:
        return self.title


class FakeAttachment(models.Model):
    record = models.ForeignKey(FakeRecord, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="fakedocs/")
    filename = models.CharField(max_length=200)
    extracted_text = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.filename
