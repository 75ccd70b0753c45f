"""Work-plan indicator 标准目录事项覆盖率 (items 九 and 十五): of the 事项 units adopted into their 事项目录, the
share that has published content in its column today."""

from __future__ import annotations

from django.utils import timezone

from zwgk.catalogues.coverage import coverage
from zwgk.workplan.indicators import IndicatorValue, register_indicator


def covered_share(year: int, agency_id: int | None) -> IndicatorValue:
    rows = coverage(timezone.localdate(), agency_id=agency_id)
    adopted = sum(r.adopted for r in rows)
    covered = sum(r.with_content for r in rows)
    return IndicatorValue(covered, adopted, note="事项目录中已在栏目发布内容的标准目录事项（按当前情况计算）")


def register() -> None:
    register_indicator(
        15,
        "catalogues.covered_share",
        covered_share,
        label="标准目录事项覆盖率",
        hints=("标准目录", "事项目录", "基层政务公开"),
        target=1.0,
    )
