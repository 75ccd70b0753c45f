"""Holiday schedules entered by staff (years the package lacks, and corrections)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ScheduleYear(models.Model):
    year = models.PositiveIntegerField("年份", unique=True)
    papers = models.JSONField("依据文件", default=list, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="录入人",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度节假日安排"
        verbose_name_plural = "年度节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} 年节假日安排"


class ScheduleDay(models.Model):
    schedule = models.ForeignKey(
        ScheduleYear, on_delete=models.CASCADE, related_name="days", verbose_name="年度"
    )
    day = models.DateField("日期", unique=True)
    name = models.CharField("名称", max_length=50)
    is_off_day = models.BooleanField("放假", help_text="勾选为放假；不勾选为调休上班")

    class Meta:
        verbose_name = "节假日/调休日"
        verbose_name_plural = "节假日/调休日"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.name}{'放假' if self.is_off_day else '上班'}"
