"""Operational state of the platform itself."""

from django.db import models


class Heartbeat(models.Model):
    """Last time a background worker proved it is alive (read by /healthz)."""

    name = models.CharField("名称", max_length=50, primary_key=True)
    beat_at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "心跳"
        verbose_name_plural = "心跳"

    def __str__(self) -> str:
        return f"{self.name} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
