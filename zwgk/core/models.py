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


class RateCounter(models.Model):
    """A counter shared by every process and node (zwgk.core.ratelimit): requests or failures of one client
    (`key`, a SHA-256 of the address or address+username) in one `bucket`, counted since `window_start`."""

    bucket = models.CharField("类别", max_length=40)
    key = models.CharField("标识（散列）", max_length=64)
    window_start = models.DateTimeField("计数起始")
    last_at = models.DateTimeField("最近一次", db_index=True)
    count = models.PositiveIntegerField("次数", default=0)

    class Meta:
        verbose_name = "频率计数"
        verbose_name_plural = "频率计数"
        constraints = [models.UniqueConstraint(fields=["bucket", "key"], name="core_ratecounter_unique")]

    def __str__(self) -> str:
        return f"{self.bucket} {self.key[:8]} ×{self.count}"
