"""Work-plan indicators 互动交流 holds the facts for: item 十四 (“我为政府网站找错”留言 handled within the
deadline) and item 十五 (messages answered within their deadline)."""

from __future__ import annotations

from django.db.models import F, Q

from zwgk.interaction.models import Message, MessageQuerySet, Status
from zwgk.workplan.indicators import IndicatorValue, register_indicator

ERROR_REPORT_KIND = "zhaocuo"


def _replied(year: int, agency_id: int | None, kind: str | None = None) -> MessageQuerySet:
    qs = Message.objects.filter(status=Status.REPLIED, replied_on__year=year)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if kind:
        qs = qs.filter(kind__code=kind)
    return qs


def replied_on_time(year: int, agency_id: int | None) -> IndicatorValue:
    qs = _replied(year, agency_id)
    on_time = qs.filter(Q(due_on__isnull=True) | Q(replied_on__lte=F("due_on"))).count()
    return IndicatorValue(on_time, qs.count(), note="本年答复的留言中在答复期限内答复的")


def error_reports_on_time(year: int, agency_id: int | None) -> IndicatorValue:
    qs = _replied(year, agency_id, ERROR_REPORT_KIND)
    on_time = qs.filter(Q(due_on__isnull=True) | Q(replied_on__lte=F("due_on"))).count()
    return IndicatorValue(on_time, qs.count(), note="本年答复的找错留言中在期限（默认 3 个工作日）内答复的")


def register() -> None:
    register_indicator(
        15,
        "interaction.replied_on_time",
        replied_on_time,
        label="留言按期答复率",
        hints=("互动", "咨询", "热线", "答复"),
        target=1.0,
    )
    register_indicator(
        14,
        "interaction.error_reports_on_time",
        error_reports_on_time,
        label="“我为政府网站找错”留言按期办理率",
        hints=("找错", "网站", "留言"),
        target=1.0,
    )
