"""Facts for the annual report (年度报告, sections 三 and 四 and the fee line of 六), read by the reports app.

Contract (stable; consumed by duck typing):
- `application_facts(agency_id) -> list[ApplicationFact]`: one fact per application the agency handled. An
  application transferred in counts at the receiving agency with the day that agency received it. The sender
  received it too and ended its part by telling the applicant which organ holds the information (Art 36(5)), so
  it also counts at the sender: received on its own receipt day, concluded on the transfer day as
  "unavailable.not_held" (本机关不掌握相关政府信息). Withdrawn applications conclude as "other.other". Online
  submissions not yet confirmed (no Art 31 receipt date) are not counted.
- `review_case_facts(agency_id) -> list[ReviewCaseFact]`.
- `fees_collected(agency_id, year) -> Decimal`: 信息处理费 actually paid in `year` (yuan).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from zwgk.applications.models import Application, FeeNotice, ReviewCase, Transfer


@dataclass(frozen=True)
class ApplicationFact:
    applicant_column: str  # 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他
    received: date  # Art 31 receipt date at this agency
    concluded: date | None  # reply sent or processing ended
    outcome: str | None  # outcomes.OUTCOMES key


@dataclass(frozen=True)
class ReviewCaseFact:
    kind: str  # review | litigation_direct | litigation_after_review
    result: str  # 维持 | 纠正 | 其他 | 尚未审结
    filed: date
    concluded: date | None


def application_facts(agency_id: int) -> list[ApplicationFact]:
    rows = (
        Application.objects.filter(agency_id=agency_id, received_on__isnull=False)
        .order_by("received_on", "id")
        .values_list("applicant_type", "received_on", "concluded_on", "outcome")
    )
    facts: list[ApplicationFact] = []
    for column, received, concluded, outcome in rows:
        assert received is not None  # guaranteed by the filter
        facts.append(ApplicationFact(column, received, concluded, outcome or None))
    transferred_out = (
        Transfer.objects.filter(from_agency_id=agency_id, sender_received_on__isnull=False)
        .order_by("sender_received_on", "id")
        .values_list("application__applicant_type", "sender_received_on", "transferred_on")
    )
    for column, received, transferred in transferred_out:
        assert received is not None  # guaranteed by the filter
        facts.append(ApplicationFact(column, received, transferred, "unavailable.not_held"))
    return facts


def review_case_facts(agency_id: int) -> list[ReviewCaseFact]:
    rows = ReviewCase.objects.filter(agency_id=agency_id).order_by("filed_on", "id")
    return [ReviewCaseFact(c.kind, c.result, c.filed_on, c.concluded_on) for c in rows]


def fees_collected(agency_id: int, year: int) -> Decimal:
    total = FeeNotice.objects.filter(application__agency_id=agency_id, paid_on__year=year).aggregate(
        total=Sum("amount")
    )["total"]
    return Decimal(total or 0)
