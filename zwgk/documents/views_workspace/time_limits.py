"""The time-limit overview (Art 26: publish within 20 working days)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.calendar import ScheduleMissing
from zwgk.core.exports import xlsx_response
from zwgk.documents.models import (
    Openness,
    Record,
)
from zwgk.workdays.service import get_calendar

from .common import EXPORT_LIMIT

# --- time limits (Art 26) -------------------------------------------------------------------------------


@login_required
def timeliness(request: HttpRequest) -> HttpResponse:
    require(request.user, "documents.view")

    today = timezone.localdate()
    visible = Record.objects.visible_to(request.user).select_related("agency")
    pending = visible.unpublished().filter(openness=Openness.PROACTIVE).order_by("publish_due", "id")
    calendar = get_calendar()
    rows: list[dict[str, Any]] = []
    for record in pending:
        remaining: int | None = None
        note = record.publish_due_note
        if record.publish_due:
            try:
                remaining = (
                    calendar.working_days_between(today, record.publish_due)
                    - (1 if calendar.is_working_day(today) else 0)
                    if record.publish_due >= today
                    else -calendar.working_days_between(record.publish_due, today)
                )
            except ScheduleMissing as exc:
                note = f"{exc.year} 年节假日安排尚未录入，无法计算剩余工作日。"
        severity = (
            "danger"
            if record.publish_due and record.publish_due < today
            else ("warning" if remaining is not None and remaining <= request_due_soon() else "")
        )
        rows.append({"record": record, "remaining": remaining, "note": note, "severity": severity})
    late = visible.filter(published_late=True).order_by("-published_at")
    if request.GET.get("export") == "xlsx":
        data: list[tuple[Any, ...]] = [
            (
                row["record"].title,
                row["record"].agency.short_name,
                row["record"].get_status_display(),
                row["record"].formed_on or row["record"].written_on,
                row["record"].publish_due,
                row["remaining"],
                row["note"],
            )
            for row in rows
        ]
        data += [
            (
                r.title,
                r.agency.short_name,
                "已发布（超时限）",
                r.formed_on or r.written_on,
                r.publish_due,
                None,
                "",
            )
            for r in late[:EXPORT_LIMIT]
        ]
        return xlsx_response(
            "公开时限.xlsx",
            ["标题", "单位", "状态", "信息形成日期", "公开时限", "剩余工作日", "说明"],
            data,
            title="公开时限",
        )
    return render(
        request, "documents/workspace/timeliness.html", {"rows": rows, "late": late[:200], "today": today}
    )


def request_due_soon() -> int:
    return int(settings.DOCUMENTS_DUE_SOON_WORKING_DAYS)
