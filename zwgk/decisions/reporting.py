"""Figures of 重大行政决策 and 征求意见 for the annual report (section 一, source "public_participation") and the
work-plan live indicators (items 九 and 十).

A decision counts in the year of its catalogue, and only once the catalogue is public (its catalogue record
passed 保密审查 and 审签). `agency_id` selects the decisions whose catalogue the agency keeps or whose 承办单位 it
is (None = the whole district). "By stage" is where each decision stands now: its current stage, 未启动 or 已完成.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from zwgk.decisions import stages
from zwgk.decisions.models import Decision
from zwgk.participation.reporting import consultation_facts, feedback_share
from zwgk.workplan.indicators import IndicatorValue

NOT_STARTED, COMPLETED = "未启动", "已完成"


def decisions_of(agency_id: int | None, year: int) -> Any:
    qs = Decision.objects.public().filter(catalogue__year=year)
    if agency_id is not None:
        qs = qs.filter(Q(catalogue__agency_id=agency_id) | Q(lead_agency_id=agency_id))
    return qs.prefetch_related("stages")


def where(decision: Decision) -> str:
    """The stage label a decision is at (current stage), or 未启动 / 已完成."""
    states = decision.stage_states()
    for state in states:
        if state.status == stages.CURRENT:
            return stages.LABELS[state.stage]
    if all(s.status in (stages.DONE, stages.SKIPPED) for s in states):
        return COMPLETED
    if any(s.status in (stages.DONE, stages.SKIPPED) for s in states):
        # Between stages: the next one not yet started.
        nxt = next(s for s in states if s.status == stages.PLANNED)
        return stages.LABELS[nxt.stage]
    return NOT_STARTED


def _decided(decision: Decision) -> bool:
    done = {s.stage for s in decision.stage_states() if s.status in (stages.DONE, stages.SKIPPED)}
    return stages.COLLECTIVE_DECISION in done


def decision_facts(agency_id: int | None, year: int) -> dict[str, Any]:
    decisions = list(decisions_of(agency_id, year))
    order = [NOT_STARTED, *stages.LABELS.values(), COMPLETED]
    counts = {label: 0 for label in order}
    for decision in decisions:
        counts[where(decision)] += 1
    return {
        "decisions": len(decisions),
        "decisions_by_stage": {label: n for label, n in counts.items() if n},
        "decisions_decided": sum(_decided(d) for d in decisions),
    }


def participation_facts(agency_id: int | None, year: int) -> dict[str, Any]:
    """The "public_participation" source of the annual report (contract in zwgk.reports.sources)."""
    return {**decision_facts(agency_id, year), **consultation_facts(agency_id, year)}


# --- work-plan live indicators -------------------------------------------------------------------------


def catalogue_decisions(year: int, agency_id: int | None) -> IndicatorValue:
    facts = decision_facts(agency_id, year)
    return IndicatorValue(
        facts["decisions"],
        note=f"列入已公布的{year}年度目录的决策事项，其中已作出决策{facts['decisions_decided']}项",
        unit="项",
    )


def consultations_held(year: int, agency_id: int | None) -> IndicatorValue:
    facts = consultation_facts(agency_id, year)
    return IndicatorValue(
        facts["consultations"],
        note=f"本年公开征求意见，共收到意见{facts['comments_received']}条，采纳{facts['comments_adopted']}条、"
        f"部分采纳{facts['comments_partly_adopted']}条",
        unit="次",
    )


def feedback_published(year: int, agency_id: int | None) -> IndicatorValue:
    published, closed = feedback_share(agency_id, year)
    return IndicatorValue(published, closed, note="本年截止的征求意见中已公布意见采纳情况的")


def comments_adopted(year: int, agency_id: int | None) -> IndicatorValue:
    facts = consultation_facts(agency_id, year)
    adopted = facts["comments_adopted"] + facts["comments_partly_adopted"]
    return IndicatorValue(adopted, facts["comments_received"], note="本年收到的意见中采纳和部分采纳的")
