"""Work-plan indicators the applications app holds the facts for (plan item 十三, 规范答复公开申请)."""

from __future__ import annotations

from django.db.models import F, Q

from zwgk.applications.models import Application, ReviewCase
from zwgk.workplan.indicators import IndicatorValue


def answered_on_time(year: int, agency_id: int | None) -> IndicatorValue:
    """Replies sent in `year` on or before their reply due date (extensions included), out of all replies sent."""
    replied = Application.objects.filter(reply__sent_on__year=year)
    if agency_id is not None:
        replied = replied.filter(agency_id=agency_id)
    total = replied.count()
    on_time = replied.filter(Q(reply_due__isnull=False) & Q(reply__sent_on__lte=F("reply_due"))).count()
    return IndicatorValue(on_time, total, note="本年发出的答复中在答复期限内（含延期）发出的")


def reviews_corrected(year: int, agency_id: int | None) -> IndicatorValue:
    """行政复议 / 行政诉讼 cases filed in `year` whose result corrected the agency (纠正), out of those concluded."""
    cases = ReviewCase.objects.filter(filed_on__year=year).exclude(result="尚未审结")
    if agency_id is not None:
        cases = cases.filter(agency_id=agency_id)
    return IndicatorValue(
        cases.filter(result="纠正").count(), cases.count(), note="本年复议、诉讼已审结案件中被纠错的"
    )
