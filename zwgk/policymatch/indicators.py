"""Work-plan live indicators 政策找人 holds the facts for: item 二 (减税降费政策 pushed to the enterprises they
are for: 政策找人, 精准推送) and item 五 (就业 and 援企稳岗 policies reaching their groups, 明白纸; 申报 received)."""

from __future__ import annotations

from zwgk.policymatch.figures import year_applications, year_pushes
from zwgk.workplan.indicators import IndicatorValue, register_indicator


def pushes_delivered(year: int, agency_id: int | None) -> IndicatorValue:
    facts = year_pushes(year, agency_id)
    return IndicatorValue(
        facts["sent"],
        facts["total"],
        note=f"本年符合条件应推送的政策推送中已送达的（其中 {facts['opened']} 条被打开）",
    )


def applications_received(year: int, agency_id: int | None) -> IndicatorValue:
    received, policies = year_applications(year, agency_id)
    return IndicatorValue(
        received, note=f"本年登记的政策申报件数（{policies} 项政策，工作人员登记）", unit="件"
    )


def register() -> None:
    register_indicator(
        2,
        "policymatch.pushes_delivered",
        pushes_delivered,
        label="政策精准推送送达率",
        hints=("政策找人", "精准推送"),
    )
    register_indicator(
        5,
        "policymatch.applications_received",
        applications_received,
        label="推送政策收到申报件数",
        hints=("明白纸", "援企稳岗"),
    )
